// The browser tests' own guards, tested: a broken precondition or a server
// error must turn a real-API test red, never skip it or let it pass. The
// real-API files are run again here in a child vitest, against a dead port or
// a proxy to the runner that breaks one route, and their reports are read.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { baseURL, browserPerFile, closePages, openPage, signedOut } from './support';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'web-guards-'));

const browser = browserPerFile();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Report {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
}

let runs = 0;
/** Runs `file` (optionally only tests matching `only`) in a child vitest with `env`, and returns its JSON report. */
async function childRun(file: string, env: Record<string, string | undefined>, only?: string): Promise<Report> {
  const out = join(scratch, `report-${++runs}.json`);
  const args = ['vitest', 'run', '--config', 'vitest.browser.config.ts', file, '--reporter=json', `--outputFile.json=${out}`];
  if (only) args.push('-t', only);
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  await new Promise<void>((done, fail) => {
    const child = spawn('npx', args, { cwd: web, env: childEnv as NodeJS.ProcessEnv, stdio: 'ignore' });
    child.on('error', fail);
    // A failing child exits 1; the report says what happened.
    child.on('exit', () => done());
  });
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

const results = (r: Report) => r.testResults.flatMap((f) => f.assertionResults);

/** A free port nobody listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}

/** A proxy to the runner that answers 500 to the requests `broken` picks; closed after the test. */
async function proxyBreaking(broken: (req: IncomingMessage) => boolean): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(baseURL);
  const server = createServer((req, res) => {
    if (broken(req)) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal', message: 'Внутренняя ошибка сервера' } }));
      return;
    }
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

describe('a watched page', () => {
  it('records a 5xx as a problem and fails the test that saw it', async () => {
    const w = await openPage(browser(), 'phone', [signedOut, { status: 500, path: '/api/me' }]);
    await w.page.route('**/api/me', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{}' }));
    await Promise.all([w.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me'), w.page.goto(`${baseURL}/login`)]);
    // Listed as expected, yet a 5xx still counts: no test may expect a server error.
    expect(w.problems).toContain('HTTP 500 GET /api/me');
    await expect(closePages()).rejects.toThrow(/HTTP 500 GET \/api\/me/);
  });

  it('lets through only the 4xx the test expects', async () => {
    const w = await openPage(browser(), 'phone', [signedOut]);
    await w.page.route('**/api/acts/none', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{}' }));
    await w.page.goto(`${baseURL}/login`);
    await w.page.getByRole('heading', { level: 1, name: ru.login.title }).waitFor();
    const get = () => w.page.evaluate(async () => (await fetch('/api/acts/none')).status);
    expect(await get()).toBe(404);
    expect(w.problems).toEqual(['HTTP 404 GET /api/acts/none']);
    w.expect4xx({ status: 404, path: /^\/api\/acts\// });
    expect(await get()).toBe(404);
    expect(w.problems, 'the expected 404 is not recorded again').toEqual(['HTTP 404 GET /api/acts/none']);
    await expect(closePages()).rejects.toThrow(/HTTP 404 GET \/api\/acts\/none/);
  });
});

describe('the real-API tests under infra/web.sh (strict)', () => {
  it('fail, none skipped, when the login API is unreachable; run by hand they are skipped', async () => {
    const dead = `http://127.0.0.1:${await deadPort()}`;
    const strictRun = await childRun('e2e/live.e2e.ts', { WEB_BASE_URL: dead, WEB_TEST_STRICT: '1', CI: undefined });
    expect(strictRun.numTotalTests).toBeGreaterThanOrEqual(6);
    expect(strictRun.numFailedTests).toBe(strictRun.numTotalTests);
    expect(strictRun.numPendingTests).toBe(0);
    for (const t of results(strictRun)) expect(t.failureMessages.join('\n'), t.title).toMatch(/login API at .* is unreachable/);

    const byHand = await childRun('e2e/live.e2e.ts', { WEB_BASE_URL: dead, WEB_TEST_STRICT: undefined, CI: undefined });
    expect(byHand.numPendingTests).toBe(strictRun.numTotalTests);
    expect(byHand.numFailedTests).toBe(0);
  }, 120_000);

  it('fail per role, not vanish, when the runner log names no demo accounts', async () => {
    const run = await childRun('e2e/live.e2e.ts', { WEB_RUNNER_LOG: join(scratch, 'no-such.log'), WEB_TEST_STRICT: '1' }, 'signs every');
    const perRole = results(run).filter((t) => t.title.startsWith('signs every'));
    expect(perRole.map((t) => t.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(perRole[0]?.failureMessages.join('\n')).toMatch(/names no demo login for admin, manager, service_center, key_user/);
  }, 120_000);

  it('fail the lockout test when creating its throwaway account answers 500', async () => {
    const proxy = await proxyBreaking((req) => req.method === 'POST' && req.url === '/api/admin/users');
    try {
      const run = await childRun('e2e/live.e2e.ts', { WEB_BASE_URL: proxy.url, WEB_TEST_STRICT: '1' }, 'three wrong passwords');
      const lockout = results(run).find((t) => t.title.includes('three wrong passwords'));
      expect(lockout?.status).toBe('failed');
      expect(lockout?.failureMessages.join('\n')).toMatch(/POST \/api\/admin\/users answered 500/);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('fail a screen test when one API call the page makes answers 500', async () => {
    const proxy = await proxyBreaking((req) => req.method === 'GET' && (req.url ?? '').startsWith('/api/outlets?'));
    try {
      const run = await childRun('e2e/acts.e2e.ts', { WEB_BASE_URL: proxy.url, WEB_TEST_STRICT: '1' }, 'key_user: .* \\(phone\\)');
      const screen = results(run).filter((t) => t.status !== 'skipped');
      expect(screen.map((t) => t.status)).toEqual(['failed']);
      expect(screen[0]?.failureMessages.join('\n')).toMatch(/HTTP 500 GET \/api\/outlets/);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
