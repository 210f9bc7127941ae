// The screens as a person sees them, in Chromium against the runner. The page
// and its assets come from the real server (with its real CSP); where the
// identity API may not exist yet, its answers are stubbed at the network layer
// exactly as the contract describes them, so these tests pin the client's side
// of the contract. live.e2e.ts drives the real API.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Role, User } from '../src/api/types';
import { ru } from '../src/i18n/ru';
import {
  baseURL,
  browserPerFile,
  openPage,
  overflowsHorizontally,
  screenshot,
  seriousA11yViolations,
  signedOut,
  signIn,
  viewports,
  type ExpectedHTTPError,
  type ViewportName,
  type WatchedPage,
} from './support';

const browser = browserPerFile();

/** A page where the client may be told it is not signed in, plus any other answers the test stubs on purpose. */
function open(viewport: ViewportName = 'laptop', ...expected: ExpectedHTTPError[]): Promise<WatchedPage> {
  return openPage(browser(), viewport, [signedOut, ...expected]);
}

const refusedLogin = (status: number): ExpectedHTTPError => ({ status, path: '/api/auth/login' });

const json = (status: number, body: unknown) => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

async function stubSignedOut(page: Page) {
  await page.route('**/api/me', (route) => route.fulfill(json(401, { error: { code: 'unauthorized', message: 'Войдите' } })));
}

const users: Record<Role, User> = {
  service_center: { id: 'u-sc', login: 'sc1', name: 'Пётр Сервисов', role: 'service_center', tenant: 'sc-1', tenantName: 'СЦ «Ремонт-Профи», Владивосток' },
  manager: { id: 'u-m', login: 'manager', name: 'Мария Менеджерова', role: 'manager' },
  key_user: { id: 'u-k', login: 'ku', name: 'Константин Ключевой', role: 'key_user', tenant: 'd-1', tenantName: 'ООО «Дистрибуция Восток»' },
  admin: { id: 'u-a', login: 'admin', name: 'Анна Администраторова', role: 'admin' },
};

async function expectCleanPage(w: WatchedPage) {
  expect(w.cspViolations, 'Content-Security-Policy refusals').toEqual([]);
  expect(w.problems, 'errors in the page').toEqual([]);
  expect(await seriousA11yViolations(w.page), 'serious or critical axe-core findings').toEqual([]);
}

describe('login page', () => {
  it('is served with the strict Content-Security-Policy', async () => {
    const res = await fetch(`${baseURL}/login`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
  });

  it.each(Object.keys(viewports) as ViewportName[])('renders labelled fields with no accessibility or CSP problem (%s)', async (vp) => {
    const w = await open(vp);
    const res = await w.page.goto(`${baseURL}/login`);
    expect(res?.status()).toBe(200);
    await expect(w.page.getByRole('heading', { level: 1, name: ru.login.title }).isVisible()).resolves.toBe(true);
    await expect(w.page.getByLabel(ru.login.loginLabel).isVisible()).resolves.toBe(true);
    await expect(w.page.getByLabel(ru.login.passwordLabel, { exact: true }).getAttribute('type')).resolves.toBe('password');
    expect(await w.page.title()).toBe(ru.login.title + ru.app.titleSuffix);
    expect(await overflowsHorizontally(w.page)).toBe(false);
    await expectCleanPage(w);
    await screenshot(w.page, `login-${viewports[vp].width}`);
  });

  it('can be filled and submitted with the keyboard alone', async () => {
    const w = await open('phone', refusedLogin(401));
    let posted: unknown = null;
    await stubSignedOut(w.page);
    await w.page.route('**/api/auth/login', async (route) => {
      posted = route.request().postDataJSON();
      await route.fulfill(json(401, { error: { code: 'unauthorized', message: 'Неверный логин или пароль' } }));
    });
    await w.page.goto(`${baseURL}/login`);
    // Tabbing before the form is rendered would type into nothing.
    await w.page.getByLabel(ru.login.loginLabel).waitFor();
    await w.page.keyboard.press('Tab'); // skip link
    await w.page.keyboard.press('Tab'); // brand
    await w.page.keyboard.press('Tab');
    await w.page.keyboard.type('sc1');
    await w.page.keyboard.press('Tab');
    await w.page.keyboard.type('не-тот-пароль');
    await w.page.keyboard.press('Enter');
    await w.page.getByRole('alert').waitFor();
    expect(posted).toEqual({ login: 'sc1', password: 'не-тот-пароль' });
  });

  it('shows the error for a wrong password (API answer stubbed per contract)', async () => {
    const w = await open('phone', refusedLogin(401));
    await stubSignedOut(w.page);
    await w.page.route('**/api/auth/login', (route) =>
      route.fulfill(json(401, { error: { code: 'unauthorized', message: 'Неверный логин или пароль', messageEn: 'Wrong login or password' } })),
    );
    await w.page.goto(`${baseURL}/login`);
    await signIn(w.page, 'sc1', 'wrong-password-1');
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(ru.login.wrongCredentials);
    expect(await w.page.getByLabel(ru.login.passwordLabel, { exact: true }).inputValue()).toBe('');
    await expectCleanPage(w);
    await screenshot(w.page, 'login-wrong-password-390');
  });

  it('shows until when a locked account must wait, in Moscow time whatever the browser zone (stubbed)', async () => {
    const w = await open('phone', refusedLogin(423));
    await stubSignedOut(w.page);
    // 07:42 UTC is 10:42 in Moscow; the browser is set to Vladivostok (17:42).
    await w.page.route('**/api/auth/login', (route) =>
      route.fulfill(
        json(423, {
          error: { code: 'locked', message: 'Учётная запись заблокирована', details: { retryAt: '2026-11-20T07:42:00Z' } },
        }),
      ),
    );
    await w.page.goto(`${baseURL}/login`);
    await signIn(w.page, 'sc1', 'wrong-password-1');
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(ru.login.locked('20.11.2026 10:42 МСК'));
    await expectCleanPage(w);
    await screenshot(w.page, 'login-locked-390');
  });
});

describe('signed-in layout (session stubbed)', () => {
  for (const role of Object.keys(users) as Role[]) {
    it.each(Object.keys(viewports) as ViewportName[])(`shows who is signed in and the ${role} home (%s)`, async (vp) => {
      const user = users[role];
      const w = await open(vp);
      // Every list the home screens read is empty: the empty state must say what to do.
      await w.page.route('**/api/**', (route) => route.fulfill(json(200, { items: [] })));
      await w.page.route('**/api/me', (route) => route.fulfill(json(200, { user })));
      await w.page.goto(`${baseURL}/`);
      await w.page.getByTestId(`home-${role}`).waitFor();
      expect(await w.page.getByTestId('user-name').textContent()).toContain(user.name);
      expect(await w.page.getByTestId('user-name').textContent()).toContain(ru.roles[role]);
      expect(await w.page.getByTestId('user-organisation').textContent()).toBe(user.tenantName ?? ru.layout.headquarters);
      expect(await w.page.getByRole('heading', { level: 1 }).textContent()).toBe(ru.home.byRole[role].title);
      expect(await w.page.getByRole('button', { name: ru.layout.logout }).isVisible()).toBe(true);
      expect(await overflowsHorizontally(w.page)).toBe(false);
      await expectCleanPage(w);
      await screenshot(w.page, `home-${role}-${viewports[vp].width}`);
    });
  }

  it('logs out and returns to the login page', async () => {
    const w = await open('phone');
    let signedIn = true;
    let loggedOut = false;
    await w.page.route('**/api/**', (route) => route.fulfill(json(200, { items: [] })));
    await w.page.route('**/api/me', (route) =>
      route.fulfill(signedIn ? json(200, { user: users.manager }) : json(401, { error: { code: 'unauthorized', message: 'Войдите' } })),
    );
    await w.page.route('**/api/auth/logout', (route) => {
      loggedOut = true;
      signedIn = false;
      return route.fulfill({ status: 204 });
    });
    await w.page.goto(`${baseURL}/`);
    await w.page.getByRole('button', { name: ru.layout.logout }).click();
    await w.page.waitForURL(`${baseURL}/login`);
    expect(loggedOut).toBe(true);
    await w.page.getByRole('heading', { level: 1, name: ru.login.title }).waitFor();
    // Back to / is refused now: the client asks the server again and goes to login.
    await w.page.goto(`${baseURL}/`);
    await w.page.waitForURL(`${baseURL}/login`);
  });

  it('sends someone who is not signed in to the login page and back where they were going', async () => {
    const w = await open('laptop');
    let signedIn = false;
    await w.page.route('**/api/**', (route) => route.fulfill(json(200, { items: [] })));
    await w.page.route('**/api/me', (route) =>
      route.fulfill(signedIn ? json(200, { user: users.admin }) : json(401, { error: { code: 'unauthorized', message: 'Войдите' } })),
    );
    await w.page.route('**/api/auth/login', (route) => {
      signedIn = true;
      return route.fulfill(json(200, { user: users.admin, token: 't', expiresAt: '2030-01-01T00:00:00Z' }));
    });
    await w.page.goto(`${baseURL}/`);
    await w.page.waitForURL(`${baseURL}/login`);
    await signIn(w.page, 'admin', 'demo-password-1');
    await w.page.getByTestId('home-admin').waitFor();
    expect(new URL(w.page.url()).pathname).toBe('/');
    const stored = await w.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain('"t"');
  });
});

describe('unknown address', () => {
  it.each(Object.keys(viewports) as ViewportName[])('shows the 404 page with a way home (%s)', async (vp) => {
    const w = await open(vp);
    await stubSignedOut(w.page);
    await w.page.goto(`${baseURL}/no/such/page`);
    await w.page.getByRole('heading', { level: 1, name: ru.notFound.title }).waitFor();
    expect(await w.page.getByRole('link', { name: ru.notFound.home }).getAttribute('href')).toBe('/');
    expect(await overflowsHorizontally(w.page)).toBe(false);
    await expectCleanPage(w);
    await screenshot(w.page, `not-found-${viewports[vp].width}`);
  });
});
