import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { ApiError } from '../errors';

/**
 * The built client (`vite build` into `dist/`): hashed assets served as files, its service worker, and the app's
 * routes (`/`, `/w/:id`, `/w/:id/present`) all answered with index.html for the client router.
 */
export function clientRoutes(clientDir: string): Hono {
  const indexFile = join(clientDir, 'index.html');
  const app = new Hono();
  // Built before start (`npm start` runs the build); a server started without it still answers the API.
  if (existsSync(clientDir)) app.use('/assets/*', serveStatic({ root: clientDir }));
  // The app shell's service worker (SPEC U20) lives at the root so that its scope covers every
  // route; the browser checks it for updates on each visit, so it is never cached by HTTP.
  app.get(
    '/sw.js',
    serveStatic({ path: join(clientDir, 'sw.js'), onFound: (_path, c) => c.header('Cache-Control', 'no-cache') }),
  );
  const index = () => {
    if (!existsSync(indexFile)) {
      throw new ApiError(503, 'client_not_built', 'The web client has not been built: run "npm run build".');
    }
    return readFileSync(indexFile, 'utf8');
  };
  app.get('/', (c) => c.html(index()));
  app.get('/w/:id', (c) => c.html(index()));
  app.get('/w/:id/present', (c) => c.html(index()));
  return app;
}
