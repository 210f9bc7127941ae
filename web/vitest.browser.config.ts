import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against a running
// runner (WEB_BASE_URL). One file at a time: they share one server and the
// lockout test changes an account's state.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/browser.json' },
  },
});
