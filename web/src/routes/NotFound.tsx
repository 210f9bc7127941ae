import { Link } from 'react-router';
import { AppShell } from '../components/AppShell';
import { usePageTitle } from '../components/usePageTitle';
import { ru } from '../i18n/ru';
import { useMe } from '../session';

/** Any address the client does not know; shows the header if someone is signed in. */
export function NotFound() {
  const me = useMe();
  usePageTitle(ru.notFound.title);
  return (
    <AppShell user={me.data ?? null}>
      <div className="page page--narrow">
        <h1>{ru.notFound.title}</h1>
        <p>{ru.notFound.text}</p>
        <p>
          <Link to="/" className="button">
            {ru.notFound.home}
          </Link>
        </p>
      </div>
    </AppShell>
  );
}
