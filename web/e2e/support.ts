// Shared set-up of the browser tests: Debian's Chromium driven by
// playwright-core (a test tool's own browser download fails on this machine),
// axe-core run inside the page, screenshots, and what the server behind
// WEB_BASE_URL can do.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

/** A page that records everything that went wrong in it: uncaught errors, console errors, CSP refusals. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
  cspViolations: string[];
}

export async function openPage(browser: Browser, viewport: ViewportName = 'laptop'): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: viewports[viewport], locale: 'ru-RU', timezoneId: 'Asia/Vladivostok' });
  const page = await context.newPage();
  const problems: string[] = [];
  const cspViolations: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy/i.test(text)) cspViolations.push(text);
    else if (msg.type() === 'error' && !/Failed to load resource/.test(text)) problems.push(`console: ${text}`);
  });
  return { page, context, problems, cspViolations };
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
 * Whether the server has the login route yet: the gateway answers an unknown
 * route with 404 `{"message":"Not Found"}`; a real route answers anything else.
 */
export async function hasLoginAPI(): Promise<boolean> {
  try {
    const res = await fetch(`${baseURL}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: '', password: '' }),
    });
    return res.status !== 404 && res.status !== 405;
  } catch {
    return false;
  }
}

export interface DemoLogin {
  role: string;
  login: string;
  password: string;
}

/**
 * The demo accounts the runner printed: infra/web.sh passes its log as
 * WEB_RUNNER_LOG. Lines under "demo logins" read `role login password`.
 */
export function demoLogins(): DemoLogin[] {
  const file = process.env.WEB_RUNNER_LOG;
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

/** Types a login and password and submits the form. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel(ru.login.loginLabel).fill(login);
  await page.getByLabel(ru.login.passwordLabel, { exact: true }).fill(password);
  await page.getByRole('button', { name: ru.login.submit }).click();
}
