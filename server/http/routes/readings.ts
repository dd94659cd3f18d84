import { Hono } from 'hono';
import { z } from 'zod';
import type { Services } from '../app-env';
import { requireRole } from '../caller';
import { documented } from '../openapi';
import { readJsonBody } from '../read-body';

const MAX_READINGS_PER_REQUEST = 10_000;

/** One reading or an array of them; each is checked by shared/'s validateReading. */
const readingsBody = z.union(
  [z.record(z.string(), z.unknown()), z.array(z.unknown()).min(1, 'send at least one reading').max(MAX_READINGS_PER_REQUEST)],
  // Zod's own word for a value neither branch takes is "Invalid input".
  { error: `send one reading object or an array of 1 to ${MAX_READINGS_PER_REQUEST.toLocaleString('en')} readings` },
);

/** KPI readings fed by people and integrations (DESIGN §5); editors and facilitators only. */
export function readingRoutes(services: Services): Hono {
  const { workspaces } = services;
  return new Hono().post('/api/workspaces/:id/kpis/:kpiId/readings', documented('Append KPI readings (editor)', { body: readingsBody, tags: ['kpis'], success: 201 }), async (c) => {
    const id = c.req.param('id');
    await requireRole(c, services, id, 'editor');
    const body = await readJsonBody(c, readingsBody);
    const result = await workspaces.addReadings(id, c.req.param('kpiId'), Array.isArray(body) ? body : [body]);
    return c.json(result, 201);
  });
}
