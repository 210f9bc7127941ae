// Sign-in against the real API the runner serves; infra/web.sh passes the
// demo accounts the runner printed in WEB_RUNNER_LOG. Without that API or
// those accounts the tests fail under infra/web.sh and are skipped by hand.
import { expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import {
  baseURL,
  demoAccount,
  demoLogins,
  demoRoles,
  describeRealAPI,
  openPage,
  realAPIFile,
  screenshot,
  seriousA11yViolations,
  signedInPage,
  signedOut,
  signIn,
  throwawayManager,
  type ExpectedHTTPError,
} from './support';

const { apiProblem, browser } = await realAPIFile();

const wrongPassword: ExpectedHTTPError = { status: 401, path: '/api/auth/login' };

/** `DD.MM.YYYY HH:mm МСК` in Moscow for a moment, computed independently of the client's code. */
function moscow(d: Date): string {
  const m = new Date(d.getTime() + 3 * 3600_000); // Moscow is UTC+3 all year since 2014
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(m.getUTCDate())}.${p(m.getUTCMonth() + 1)}.${m.getUTCFullYear()} ${p(m.getUTCHours())}:${p(m.getUTCMinutes())} МСК`;
}

describeRealAPI('sign-in against the real API', apiProblem, () => {
  it('shows the error for a wrong password', async () => {
    const w = await openPage(browser(), 'phone', [signedOut, wrongPassword]);
    await w.page.goto(`${baseURL}/login`);
    await signIn(w.page, demoAccount('admin').login, 'definitely-not-the-password');
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(ru.login.wrongCredentials);
    expect(w.cspViolations).toEqual([]);
  });

  // One test per role, whatever the log says: a role without a demo account fails here instead of vanishing.
  it.each(demoRoles)('signs every %s demo account in, shows who is signed in, and signs out', async (role) => {
    const accounts = demoLogins().filter((d) => d.role === role);
    expect(accounts.length, `demo accounts for ${role} in the runner log`).toBeGreaterThan(0);
    for (const account of accounts) {
      // After logout the client asks /api/me once more and is told 401.
      const w = await signedInPage(browser(), account);
      const name = (await w.page.getByTestId('user-name').textContent()) ?? '';
      expect(name.trim().length).toBeGreaterThan(0);
      expect((await w.page.getByTestId('user-organisation').textContent())?.trim().length).toBeGreaterThan(0);
      const cookies = await w.context.cookies();
      const session = cookies.find((c) => c.name === 'session');
      expect(session?.httpOnly, 'the session cookie is HttpOnly').toBe(true);
      const stored = await w.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
      expect(stored).not.toContain(session?.value ?? '\u0000');
      expect(w.cspViolations).toEqual([]);
      expect(await seriousA11yViolations(w.page)).toEqual([]);
      await screenshot(w.page, `live-home-${account.login}-1366`);

      await w.page.getByRole('button', { name: ru.layout.logout }).click();
      await w.page.waitForURL(`${baseURL}/login`);
      const me = await w.page.evaluate(async () => (await fetch('/api/me')).status);
      expect([401, 403]).toContain(me);
    }
  });

  it('after three wrong passwords says until when to wait, even for the right password', async () => {
    // A throwaway account the admin creates, so every demo account stays
    // usable for the other browser tests; if it cannot be made, the test fails.
    const account = await throwawayManager('lock');
    const w = await openPage(browser(), 'phone', [signedOut, wrongPassword, { status: 423, path: '/api/auth/login' }]);
    await w.page.goto(`${baseURL}/login`);
    const alert = w.page.getByRole('alert');
    const attempt = async (password: string) => {
      const [res] = await Promise.all([
        w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login'),
        signIn(w.page, account.login, password),
      ]);
      await w.page.getByRole('button', { name: ru.login.submit }).waitFor();
      return res.status();
    };
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++) statuses.push(await attempt(`wrong-password-${i}`));
    const before = new Date();
    statuses.push(await attempt(account.password));
    // The third wrong password locks the account and already says so; the right one is refused too.
    expect(statuses).toEqual([401, 401, 423, 423]);
    const text = (await alert.textContent()) ?? '';
    const shown = text.match(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} МСК/)?.[0];
    expect(shown, text).toBeDefined();
    // Fifteen minutes from the last failed attempt, give or take a minute of test time.
    const candidates = [14, 15, 16].map((m) => moscow(new Date(before.getTime() + m * 60_000)));
    expect(candidates).toContain(shown);
    expect(text).toBe(ru.login.locked(shown as string));
    await screenshot(w.page, 'live-login-locked-390');
  });
});
