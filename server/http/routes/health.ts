import { Hono } from 'hono';
import type { Services } from '../app-env';

/** `now` (epoch ms) lets browsers keep shared timers in the server's time (client/sync/server-clock). */
export function healthRoutes(services: Services): Hono {
  return new Hono().get('/api/health', (c) => c.json({ ok: true, version: services.version, now: services.clock().getTime() }));
}
