import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built client is served under a strict Content-Security-Policy
// (script-src 'self'; style-src 'self'), so the output must hold no inline
// script or style: no module-preload polyfill (every browser we support has
// modulepreload) and CSS always in files.
export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    cssCodeSplit: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: one long-cached vendor chunk.
        advancedChunks: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }] },
      },
    },
  },
  server: {
    // `npm run dev` proxies the API to a runner started by `make run`. The API
    // takes cookie-signed changes only from the web client's origin, which
    // for that runner is http://localhost:3000, not this dev server's.
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', headers: { origin: 'http://localhost:3000' } },
      '/health': 'http://127.0.0.1:3000',
    },
  },
});
