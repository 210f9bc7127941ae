import { useNavigate, Link } from 'react-router';
import type { User } from '../api/types';
import { ru } from '../i18n/ru';
import { useLogout } from '../session';

/** Who is signed in, their organisation, and the way out. */
export function Header({ user }: { user: User }) {
  const logout = useLogout();
  const navigate = useNavigate();
  const organisation = user.tenantName?.trim() || ru.layout.headquarters;

  const onLogout = () =>
    logout.mutate(undefined, { onSuccess: () => navigate('/login', { replace: true }) });

  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link to="/" className="brand">
          {ru.app.name}
        </Link>
        <dl className="who">
          <div className="who__row">
            <dt className="visually-hidden">{ru.layout.signedInAs}</dt>
            <dd className="who__name" data-testid="user-name">
              {user.name}
              <span className="who__role"> · {ru.roles[user.role] ?? user.role}</span>
            </dd>
          </div>
          <div className="who__row">
            <dt className="visually-hidden">{ru.layout.organisation}</dt>
            <dd className="who__org" data-testid="user-organisation">
              {organisation}
            </dd>
          </div>
        </dl>
        <Link to="/me" className="button button--secondary">
          {ru.accountPage.link}
        </Link>
        <button type="button" className="button button--secondary" onClick={onLogout} disabled={logout.isPending}>
          {logout.isPending ? ru.layout.loggingOut : ru.layout.logout}
        </button>
      </div>
      {logout.isError && (
        <p className="alert alert--error app-header__alert" role="alert">
          {logout.error.status === 0 ? ru.errors.network : ru.layout.logoutFailed}
        </p>
      )}
    </header>
  );
}
