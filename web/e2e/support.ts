// Shared set-up of the browser tests: Debian's Chromium driven by
// playwright-core (a test tool's own browser download fails on this machine),
// axe-core run inside the page, screenshots, and what the server behind
// WEB_BASE_URL can do.
//
// Nothing here lets a test pass without running: under infra/web.sh (strict
// mode) a real-API test whose preconditions are missing fails with the reason,
// and every page records HTTP errors, so a 5xx the browser saw fails the test.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { ru } from '../src/i18n/ru';

export const baseURL = (process.env.WEB_BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = join(web, 'test-results', 'screenshots');

export const viewports = {
  phone: { width: 390, height: 844 },
  laptop: { width: 1366, height: 768 },
} as const;
export type ViewportName = keyof typeof viewports;

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * Sets up a test file: one Chromium for the file (not launched when `needed`
 * is false, e.g. when the real API is missing and every test fails anyway),
 * and after each test its pages closed and checked (closePages).
 */
export function browserPerFile(needed = true): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (needed) browser = await launch();
  });
  afterEach(closePages);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('no browser: it was not launched for this file');
    return browser;
  };
}

/** An HTTP error a test expects, e.g. 401 on `/api/me` before signing in. */
export interface ExpectedHTTPError {
  status: number;
  path: string | RegExp;
}

/** Before signing in the client asks `/api/me` and is told 401: that is how it learns nobody is signed in. */
export const signedOut: ExpectedHTTPError = { status: 401, path: '/api/me' };

/**
 * A page that records everything that went wrong in it: uncaught errors,
 * console errors, CSP refusals, and HTTP answers of 400 and above. A 5xx is
 * always a problem; a 4xx is one unless the test expects it (`expect4xx`).
 */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
  cspViolations: string[];
  expect4xx(...errors: ExpectedHTTPError[]): void;
}

const opened: WatchedPage[] = [];

export async function openPage(browser: Browser, viewport: ViewportName = 'laptop', expected: ExpectedHTTPError[] = []): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: viewports[viewport], locale: 'ru-RU', timezoneId: 'Asia/Vladivostok' });
  const page = await context.newPage();
  const problems: string[] = [];
  const cspViolations: string[] = [];
  const allowed = [...expected];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy/i.test(text)) cspViolations.push(text);
    // The browser's own line for a failed response names no address; the response handler below does.
    else if (msg.type() === 'error' && !/Failed to load resource/.test(text)) problems.push(`console: ${text}`);
  });
  page.on('response', (res) => {
    const status = res.status();
    if (status < 400) return;
    const path = new URL(res.url()).pathname;
    const isExpected = status < 500 && allowed.some((e) => e.status === status && (typeof e.path === 'string' ? e.path === path : e.path.test(path)));
    if (!isExpected) problems.push(`HTTP ${status} ${res.request().method()} ${path}`);
  });
  const w: WatchedPage = { page, context, problems, cspViolations, expect4xx: (...errors) => void allowed.push(...errors) };
  opened.push(w);
  return w;
}

/**
 * Closes the pages opened since the last call and throws when any of them saw
 * a problem, so that, called from afterEach, the test that saw it fails.
 */
export async function closePages(): Promise<void> {
  const pages = opened.splice(0);
  const found = pages.flatMap((w) => [...w.problems, ...w.cspViolations.map((v) => `CSP: ${v}`)]);
  for (const w of pages) await w.context.close();
  if (found.length > 0) throw new Error(`the browser saw ${found.length} problem(s):\n${found.join('\n')}`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.1 A/AA and best practices) in the page; returns serious and critical findings. */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Whether the page is wider than the window (a phone would scroll sideways). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/**
 * Strict mode (infra/web.sh sets WEB_TEST_STRICT=1; CI sets CI=true): a
 * real-API test that cannot run is a failure, never a skip. Run by hand
 * without it, such tests are reported as skipped.
 */
export const strict = process.env.WEB_TEST_STRICT === '1' || process.env.CI === 'true';

/** A login and password to sign in with: a demo account's or one a test made. */
export interface Credentials {
  login: string;
  password: string;
}

export interface DemoLogin extends Credentials {
  role: string;
}

/** The roles the runner seeds a demo account for; every real-API test file needs one of each. */
export const demoRoles = ['admin', 'manager', 'service_center', 'key_user'] as const;
export type DemoRole = (typeof demoRoles)[number];

/**
 * The demo accounts the runner printed: infra/web.sh passes its log as
 * WEB_RUNNER_LOG. Lines under "demo logins" read `role login password`.
 */
export function demoLogins(file = process.env.WEB_RUNNER_LOG): DemoLogin[] {
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /demo logins/i.test(l));
  if (start < 0) return [];
  const out: DemoLogin[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s{3,}\S/.test(line)) break;
    const words = line.trim().split(/\s+/);
    if (words.length < 3) break;
    const password = words.pop() as string;
    const login = words.pop() as string;
    out.push({ role: words.join(' '), login, password });
  }
  return out;
}

/** The first demo account of a role; throws (failing the test) when the runner printed none. */
export function demoAccount(role: DemoRole, logins = demoLogins()): DemoLogin {
  const found = logins.find((d) => d.role === role);
  if (!found) throw new Error(`no demo login for ${role} in the runner log (WEB_RUNNER_LOG=${process.env.WEB_RUNNER_LOG ?? 'unset'})`);
  return found;
}

/**
 * Why the real-API tests cannot run against `base`, or null when they can:
 * the login route must answer (anything but 404/405 and 5xx), and the runner
 * log must name a demo account for every role.
 */
export async function realAPIProblem(base = baseURL, logins = demoLogins()): Promise<string | null> {
  try {
    const res = await loginAnswer({ login: '', password: '' }, base);
    if (res.status === 404 || res.status === 405 || res.status >= 500) return `POST ${base}/api/auth/login answered ${res.status}`;
  } catch (err) {
    return `the login API at ${base} is unreachable (${(err as Error).message})`;
  }
  const missing = demoRoles.filter((r) => !logins.some((d) => d.role === r));
  if (missing.length > 0) return `the runner log (WEB_RUNNER_LOG=${process.env.WEB_RUNNER_LOG ?? 'unset'}) names no demo login for ${missing.join(', ')}`;
  return null;
}

/**
 * `describe` for tests that drive the real API. With `problem` null they
 * run. Otherwise, in strict mode each of them fails with the problem; run by
 * hand they are skipped.
 */
export function describeRealAPI(title: string, problem: string | null, body: () => void): void {
  if (problem === null) describe(title, body);
  else if (!strict) describe.skip(title, body);
  else
    describe(title, () => {
      beforeEach(() => {
        throw new Error(`this test needs the real API: ${problem}`);
      });
      body();
    });
}

/**
 * Sets up a test file that drives the real API: whether it can run (null, or
 * the problem to hand describeRealAPI) and its Chromium, launched only when
 * it can. Called at the top of the file, before its describeRealAPI.
 */
export async function realAPIFile(): Promise<{ apiProblem: string | null; browser: () => Browser }> {
  const apiProblem = await realAPIProblem();
  return { apiProblem, browser: browserPerFile(apiProblem === null) };
}

/**
 * The demo account with this login, for a test that needs a particular one
 * (the seeded centre sc-north, its technician tech-north); throws, failing
 * the test, when the runner printed none.
 */
export function demoLogin(login: string, logins = demoLogins()): DemoLogin {
  const found = logins.find((d) => d.login === login);
  if (!found) throw new Error(`no demo login ${login} in the runner log (WEB_RUNNER_LOG=${process.env.WEB_RUNNER_LOG ?? 'unset'})`);
  return found;
}

/** The login API's answer to these credentials. */
export function loginAnswer(account: Credentials, base = baseURL): Promise<Response> {
  return fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: account.login, password: account.password }),
  });
}

/** A bearer token for the account, for setting data up through the API; throws with the answer when the login is refused. */
export async function apiToken(account: Credentials, base = baseURL): Promise<string> {
  const res = await loginAnswer(account, base);
  if (!res.ok) throw new Error(`sign-in of ${account.login} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * A JSON call with a bearer token. Throws with the answer unless its status
 * is `status` (any 2xx when not given); returns the body, null when empty.
 */
export async function bearerCall<T>(token: string, method: string, path: string, body?: unknown, status?: number, base = baseURL): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (status === undefined ? !res.ok : res.status !== status) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * A new manager account made through the admin API (its login starts with
 * `tag`), for a test that changes an account's state — its password, its
 * lock, its mail choice — and so must not touch a demo account the other
 * tests sign in with. Throws with the answer when the API refuses: a test
 * must not quietly fall back to something else.
 */
export async function throwawayManager(tag: string, admin: Credentials = demoAccount('admin')): Promise<Credentials & { id: string }> {
  const token = await apiToken(admin);
  const account = { login: `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e4)}`, password: 'first-password-1' };
  const made = await bearerCall<{ user: { id: string } }>(token, 'POST', '/api/admin/users', { ...account, name: 'Ирина Проверкина', role: 'manager' }, 201);
  return { id: made.user.id, ...account };
}

/** Types a login and password and submits the form. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel(ru.login.loginLabel).fill(login);
  await page.getByLabel(ru.login.passwordLabel, { exact: true }).fill(password);
  await page.getByRole('button', { name: ru.login.submit }).click();
}

/** The selector of a role's home screen; `anyHome` matches every role's. */
export const homeOf = (role: DemoRole): string => `[data-testid="home-${role}"]`;
export const anyHome = '[data-testid^="home-"]';

export interface SignedInOptions {
  viewport?: ViewportName;
  /** The selector that shows once signed in: any home screen unless told. */
  landing?: string;
  /** The 4xx answers the test provokes, besides the signed-out `/api/me` every sign-in starts with. */
  expected?: ExpectedHTTPError[];
}

/**
 * A watched page (openPage) signed in through the login form with the
 * account, once `landing` shows. Its problems fail the test as any page's do.
 */
export async function signedInPage(browser: Browser, account: Credentials, { viewport = 'laptop', landing = anyHome, expected = [] }: SignedInOptions = {}): Promise<WatchedPage> {
  const w = await openPage(browser, viewport, [signedOut, ...expected]);
  await w.page.goto(`${baseURL}/login`);
  await signIn(w.page, account.login, account.password);
  await w.page.locator(landing).waitFor();
  return w;
}

/** The role's demo account signed in (signedInPage), on the role's home screen. */
export function signedInAs(browser: Browser, role: DemoRole, viewport: ViewportName = 'laptop'): Promise<WatchedPage> {
  return signedInPage(browser, demoAccount(role), { viewport, landing: homeOf(role) });
}
