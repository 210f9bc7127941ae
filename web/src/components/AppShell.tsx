import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { SignedIn } from '../session';
import { ru } from '../i18n/ru';
import { Header } from './Header';
import { RoleNav } from './ui';

/**
 * The frame of every screen: a skip link, the header (with who is signed in,
 * when someone is) and the main region. Focus moves to the main region after
 * a client-side navigation, so a screen reader starts on the new screen.
 */
export function AppShell({ user, children }: { user: SignedIn | null; children: ReactNode }) {
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {ru.app.skipToContent}
      </a>
      {user ? (
        <>
          <Header user={user} />
          {/* While a forced password change is due no section opens, so none is offered. */}
          {!user.passwordChangeRequired && <RoleNav role={user.role} centreRole={user.centreRole} />}
        </>
      ) : (
        <header className="app-header">
          <div className="app-header__inner">
            <Link to="/" className="brand">
              {ru.app.name}
            </Link>
          </div>
        </header>
      )}
      <main id="main" ref={main} tabIndex={-1} className="app-main">
        {children}
      </main>
    </>
  );
}
