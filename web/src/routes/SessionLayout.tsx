import { Navigate, Outlet, useLocation, useOutletContext } from 'react-router';
import { ApiProblem } from '../api/problem';
import type { User } from '../api/types';
import { AppShell } from '../components/AppShell';
import { Loading } from '../components/Status';
import { ru } from '../i18n/ru';
import { useMe } from '../session';

/** The own-password screen, the only one open while a change is due. */
export const passwordPath = '/me/password';

/** Screens behind sign-in: nobody signed in goes to /login and comes back after. */
export function SessionLayout() {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <AppShell user={null}>
        <div className="page">
          <p className="alert alert--error" role="alert">
            {me.error instanceof ApiProblem && me.error.status === 0 ? ru.errors.network : ru.session.checkFailed}
          </p>
          <button type="button" className="button" onClick={() => void me.refetch()}>
            {ru.session.retry}
          </button>
        </div>
      </AppShell>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    const to = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  // After an admin's reset nothing but the change screen opens until the user sets their own password.
  if (me.data.passwordChangeRequired && location.pathname !== passwordPath) return <Navigate to={passwordPath} replace />;
  return (
    <AppShell user={me.data}>
      <Outlet context={me.data} />
    </AppShell>
  );
}

/** The signed-in user, for screens rendered inside SessionLayout. */
export function useUser(): User {
  return useOutletContext<User>();
}
