import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { ApiError } from '../../errors';
import type { Services } from '../app-env';
import { requireRole } from '../caller';
import { assertSameOrigin, publicOrigin, sessionCookieName } from '../credentials';
import { readJsonBody } from '../read-body';

const SESSION_DAYS = 30;

const sessionBody = z.object({
  token: z.string().min(1, 'the token from the link is missing'),
  /** With the admin token: the workspace to open as its facilitator. */
  workspace: z.string().min(1).optional(),
});

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
      const body = await readJsonBody(c, sessionBody);
      const caller = access.identify(body.token);
      if (caller.kind === 'admin' && !body.workspace) {
        throw new ApiError(400, 'workspace_required', 'The admin token opens a workspace as its facilitator: say which one (workspace).');
      }
      const workspace = caller.kind === 'member' ? caller.workspace : body.workspace!;
      const role = access.roleIn(caller, body.workspace ?? workspace);
      setCookie(c, sessionCookieName(workspace), body.token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: origin.startsWith('https:'),
        path: '/',
        maxAge: SESSION_DAYS * 24 * 3600,
      });
      return c.json(describe(workspace, role));
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
