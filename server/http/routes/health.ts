import { Hono } from 'hono';
import type { Services } from '../app-env';

export function healthRoutes(services: Services): Hono {
  return new Hono().get('/api/health', (c) => c.json({ ok: true, version: services.version }));
}
