import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, DomainError, FAILURE_STATUS, LimitRefusal } from '../errors';
import { RoomLoadError } from '../rooms/room';
import { StorageError } from '../storage/store';
import type { Services } from './app-env';
import { clientRoutes } from './client-routes';
import { openApiHandler } from './openapi';
import { securityHeaders } from './security-headers';
import { readUnreadBody } from './unread-body';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { peopleRoutes } from './routes/people';
import { readingRoutes } from './routes/readings';
import { recordRoutes } from './routes/record';
import { webhookRoutes } from './routes/webhooks';
import { sessionRoutes } from './routes/session';
import { workspaceRoutes } from './routes/workspaces';
import { clip } from '../../shared/text/quoted';
import { allowedMethods } from './allowed-methods';

const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The longest message or detail an error carries: whatever echoes a caller's input stays bounded. */
const MAX_MESSAGE = 1000;

const errorBody = (code: string, message: string, details?: string[]) => ({
  error: details ? { code, message: clip(message, MAX_MESSAGE), details: details.map((detail) => clip(detail, MAX_MESSAGE)) } : { code, message: clip(message, MAX_MESSAGE) },
});

/** The HTTP API of DESIGN §5 plus the built client; WebSocket routes are mounted by the caller. */
export function createApp(services: Services, clientDir: string): Hono {
  const app = new Hono();
  app.use(securityHeaders(services.publicOrigin));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_JSON_BODY_BYTES,
      // The unread body is dropped with the connection; saying so keeps clients from reusing it.
      onError: (c) =>
        c.json(errorBody('body_too_large', `Request bodies are limited to ${MAX_JSON_BODY_BYTES} bytes.`), 413, { connection: 'close' }),
    }),
    readUnreadBody,
  );
  app.route('/', healthRoutes(services));
  app.route('/', workspaceRoutes(services));
  app.route('/', metricsRoutes(services));
  app.route('/', readingRoutes(services));
  app.route('/', sessionRoutes(services));
  app.route('/', peopleRoutes(services));
  app.route('/', recordRoutes(services));
  app.route('/', webhookRoutes(services));
  app.get('/api/openapi.json', openApiHandler(app, services.version));
  app.route('/', clientRoutes(clientDir));
  const allowedAt = allowedMethods(app);
  app.notFound((c) => {
    const path = clip(c.req.path, 80);
    const allowed = allowedAt(c.req.path);
    if (allowed.length === 0) return c.json(errorBody('not_found', `There is no ${c.req.method} ${path}.`), 404);
    return c.json(errorBody('method_not_allowed', `${path} does not take ${c.req.method}; it takes ${allowed.join(', ')}.`), 405, { allow: allowed.join(', ') });
  });
  app.onError((error, c) => {
    if (error instanceof DomainError || error instanceof ApiError) {
      const status = error instanceof DomainError ? FAILURE_STATUS[error.failure] : error.status;
      if (error instanceof LimitRefusal) services.refusals.count(error.reason);
      else if (status < 500) services.refusals.count(`http_${error.code}`);
      return c.json(errorBody(error.code, error.message, error.details), status);
    }
    if (error instanceof StorageError) {
      console.error(`[storage] ${c.req.method} ${c.req.path}: ${error.message}`);
      return c.json(errorBody('storage_unavailable', `${error.message}; nothing was changed.`), 503);
    }
    if (error instanceof RoomLoadError) {
      console.error(`[rooms] ${error.message}`);
      return c.json(errorBody('workspace_unavailable', 'This workspace cannot be loaded right now; nothing was changed.'), 503);
    }
    // The client hung up while its body was still arriving (the body limit reads a chunked one
    // whole): nobody is left to answer, and nothing went wrong on this side.
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return c.body(null, 400);
    console.error(`[http] ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json(errorBody('internal', 'Something went wrong on the server; the error was logged.'), 500);
  });
  return app;
}
