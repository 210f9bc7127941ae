// Sign-in against the real API the runner serves. Skipped (and reported as
// skipped) while the server has no login route; infra/web.sh passes the demo
// accounts the runner printed in WEB_RUNNER_LOG.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ru } from '../src/i18n/ru';
import {
  baseURL,
  demoLogins,
  hasLoginAPI,
  launch,
  openPage,
  screenshot,
  seriousA11yViolations,
  signIn,
  type WatchedPage,
} from './support';

const loginAPI = await hasLoginAPI();
const demo = demoLogins();

let browser: Browser;
const opened: WatchedPage[] = [];
beforeAll(async () => {
  if (loginAPI) browser = await launch();
});
afterEach(async () => {
  for (const w of opened.splice(0)) await w.context.close();
});
afterAll(async () => {
  await browser?.close();
});

async function open(viewport: 'phone' | 'laptop' = 'phone') {
  const w = await openPage(browser, viewport);
  opened.push(w);
  return w;
}

/** `DD.MM.YYYY HH:mm` in Moscow for a moment, computed independently of the client's code. */
function moscow(d: Date): string {
  const m = new Date(d.getTime() + 3 * 3600_000); // Moscow is UTC+3 all year since 2014
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(m.getUTCDate())}.${p(m.getUTCMonth() + 1)}.${m.getUTCFullYear()} ${p(m.getUTCHours())}:${p(m.getUTCMinutes())}`;
}

/** A new manager account made through the admin API, or null without an admin. */
async function throwawayAccount(): Promise<{ login: string; password: string } | null> {
  const admin = demo.find((d) => d.role === 'admin');
  if (!admin) return null;
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: admin.login, password: admin.password }),
  });
  if (!login.ok) return null;
  const { token } = (await login.json()) as { token: string };
  const account = { login: `lock-${Date.now()}`, password: 'lock-test-password-1' };
  const made = await fetch(`${baseURL}/api/admin/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...account, name: 'Проверка блокировки', role: 'manager' }),
  });
  return made.ok ? account : null;
}

describe.skipIf(!loginAPI)('sign-in against the real API', () => {
  it('shows the error for a wrong password', async () => {
    const w = await open();
    await w.page.goto(`${baseURL}/login`);
    await signIn(w.page, demo[0]?.login ?? 'admin', 'definitely-not-the-password');
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(ru.login.wrongCredentials);
    expect(w.cspViolations).toEqual([]);
  });

  it.skipIf(demo.length === 0).each(demo.map((d) => [d.role, d] as const))(
    'signs %s in, shows who is signed in, and signs out',
    async (_role, account) => {
      const w = await open('laptop');
      await w.page.goto(`${baseURL}/login`);
      await signIn(w.page, account.login, account.password);
      await w.page.locator('[data-testid^="home-"]').waitFor();
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
    },
  );

  it('after three wrong passwords says until when to wait, even for the right password', async () => {
    // A throwaway account the admin creates, so every demo account stays
    // usable for the other browser tests (or an unknown login, which locks the same way).
    const account = (await throwawayAccount()) ?? { login: `web-test-${Date.now()}`, password: 'not-known-anyway' };
    const w = await open('phone');
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
    expect(statuses.at(-1), `answers: ${statuses.join(', ')}`).toBe(423);
    const text = (await alert.textContent()) ?? '';
    const shown = text.match(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/)?.[0];
    expect(shown, text).toBeDefined();
    // Fifteen minutes from the last failed attempt, give or take a minute of test time.
    const candidates = [14, 15, 16].map((m) => moscow(new Date(before.getTime() + m * 60_000)));
    expect(candidates).toContain(shown);
    expect(text).toBe(ru.login.locked(shown as string));
    await screenshot(w.page, 'live-login-locked-390');
  });
});
