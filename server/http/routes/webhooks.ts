import { Hono } from 'hono';
import { z } from 'zod';
import type { Services } from '../app-env';
import { requireRole } from '../caller';
import { publicOrigin } from '../credentials';
import { documented } from '../openapi';
import { readJsonBody } from '../read-body';

const webhooksBody = z.object({
  urls: z.array(z.string().min(1).max(2000)).max(10, 'at most 10 URLs'),
  /** Left out, the secret stored before signs on (M29). */
  secret: z.string().min(16, 'a secret of at least 16 characters').max(200).optional(),
});

/** Outgoing webhooks and their delivery log (DESIGN §5, SPEC M9–M11); facilitators only. */
export function webhookRoutes(services: Services): Hono {
  const { webhooks } = services;
  return new Hono()
    .put('/api/workspaces/:id/webhooks', documented('Configure outgoing webhooks (facilitator)', {
        body: webhooksBody,
        tags: ['webhooks'],
        unavailable: 'without a secret, on a server that cannot open the stored one, Redis did not say whether a running server holds its key (key_holders_unknown, SPEC M29)',
      }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id, 'facilitator');
      const body = await readJsonBody(c, webhooksBody);
      const own = [publicOrigin(c, services.publicOrigin), ...services.ownOrigins()];
      return c.json(await webhooks.configure(id, body.urls, body.secret, own));
    })
    .get('/api/workspaces/:id/webhooks/deliveries', documented('The delivery log (facilitator)', {
        tags: ['webhooks'],
        description:
          'The webhook URLs, `secretSet` and the deliveries. `secretSet` is true when a stored secret signs deliveries, false when none does (none stored, or no running server can open it), and null when this server cannot tell now (it cannot open the secret and Redis did not answer, SPEC M29); the deliveries are listed either way.',
      }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id, 'facilitator');
      return c.json({ ...(await webhooks.settings(id)), deliveries: await webhooks.deliveries(id) });
    });
}
