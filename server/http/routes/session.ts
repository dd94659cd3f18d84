import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { ApiError } from '../../errors';
import type { Services } from '../app-env';
import { requireRole } from '../caller';
import { assertSameOrigin, publicOrigin, sessionCookieName } from '../credentials';
import { readJsonBody } from '../read-body';

const SESSION_DAYS = 30;

const sessionBody = z.object({ token: z.string().min(1, 'the token from the link is missing') });

/**
 * A link's token (from its URL fragment) is exchanged once for an HttpOnly, SameSite=Strict
 * cookie scoped to that workspace, so page scripts never hold it after the first load
 * (DESIGN §5).
 */
export function sessionRoutes(services: Services): Hono {
  const { access, workspaces } = services;
  const describe = (workspace: string, role: string) => ({ workspace, role, title: workspaces.describe(workspace)?.title ?? '' });
  return new Hono()
    .post('/api/session', async (c) => {
      const origin = publicOrigin(c, services.publicOrigin);
      assertSameOrigin(c, origin);
      const { token } = await readJsonBody(c, sessionBody);
      const caller = access.identify(token);
      if (caller.kind !== 'member') {
        throw new ApiError(400, 'not_a_workspace_link', 'The admin token opens the admin page, not a workspace.');
      }
      setCookie(c, sessionCookieName(caller.workspace), token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: origin.startsWith('https:'),
        path: '/',
        maxAge: SESSION_DAYS * 24 * 3600,
      });
      return c.json(describe(caller.workspace, caller.role));
    })
    .get('/api/session/:workspace', (c) => {
      const workspace = c.req.param('workspace');
      return c.json(describe(workspace, requireRole(c, services, workspace)));
    })
    .delete('/api/session/:workspace', (c) => {
      assertSameOrigin(c, publicOrigin(c, services.publicOrigin));
      deleteCookie(c, sessionCookieName(c.req.param('workspace')), { path: '/' });
      return c.body(null, 204);
    });
}
