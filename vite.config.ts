import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

// The client lives in client/ and builds into dist/, which the server serves. In `vite dev`,
// API and WebSocket calls go to a server started with `npm run dev` on the default port.
export default defineConfig({
  root: 'client',
  plugins: [
    solid(),
    // The app shell's service worker (DESIGN §7, SPEC U20): Workbox precaches index.html and the
    // hashed assets, and answers the app's own routes with the cached shell, so a reload without a
    // network opens the workspace from IndexedDB. Nothing else goes through a cache: the API and
    // the WebSocket always reach the network (or fail, which the client reads as offline).
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html}'],
        // The server answers the shell at `/` and the app routes, not at /index.html.
        manifestTransforms: [
          async (entries) => ({ manifest: entries.map((entry) => (entry.url === 'index.html' ? { ...entry, url: '/' } : entry)), warnings: [] }),
        ],
        navigateFallback: '/',
        navigateFallbackAllowlist: [/^\/$/, /^\/w\/[^/]+(\/present)?$/],
        navigateFallbackDenylist: [/^\/api\//, /^\/ws\//, /^\/metrics/],
        inlineWorkboxRuntime: true,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/ws': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
});
