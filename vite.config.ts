import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// The client lives in client/ and builds into dist/, which the server serves. In `vite dev`,
// API and WebSocket calls go to a server started with `npm run dev` on the default port.
export default defineConfig({
  root: 'client',
  plugins: [solid()],
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/ws': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
});
