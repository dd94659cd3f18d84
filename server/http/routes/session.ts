import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Grant } from '../../auth/grant';
import { ApiError } from '../../errors';
import type { Services } from '../app-env';
import { callerAccess } from '../caller';
import { assertSameOrigin, canHoldSessionCookie, publicOrigin, SESSION_COOKIE_PREFIX, sessionCookieName } from '../credentials';
import { documented } from '../openapi';
import { readJsonBody } from '../read-body';

/**
 * How long the browser keeps the cookie. The server ends the session well before when it goes
 * unused (THROUGHLINE_SESSION_IDLE_MINUTES) or on logout; this only bounds a session in daily use.
 */
const COOKIE_DAYS = 30;

const sessionBody = z.object({
  token: z.string().min(1, 'the token from the link is missing'),
  /** With the admin token: the workspace to open as its facilitator. */
  workspace: z.string().min(1).optional(),
});

/**
 * `POST /api/session {token, workspace?}`: a link's token (from its URL fragment) is exchanged
 * for a server-side session (SPEC A5), whose random id only the HttpOnly, SameSite=Strict cookie
 * `tl_session_<workspace>` holds; page scripts never hold a credential after the first load.
 * Answers the session's description (below).
 *
 * `GET /api/session/:workspace`: the cookie's session, re-checked: `{workspace, role, title,
 * member: {id, name} | null}` (`member` is null for a guest on a shared role link, or the admin);
 * 401 with a code saying why when it has none (`session_unknown`, `session_expired`,
 * `access_removed`, `link_replaced`, `invalid_token`, `unauthenticated`).
 *
 * `DELETE /api/session/:workspace` (logout): ends that session on the server, closes its open
 * WebSockets (4401) and clears the cookie; `DELETE /api/session` does so for every workspace
 * session the browser sent. Both answer 204, signed in or not.
 */
export function sessionRoutes(services: Services): Hono {
  const { access, workspaces } = services;
  const describe = async (grant: Grant) => ({
    workspace: grant.workspace,
    role: grant.role,
    title: (await workspaces.describe(grant.workspace))?.title ?? '',
    member: grant.member,
  });
  const setSessionCookie = async (c: Context, grant: Grant, origin: string) => {
    setCookie(c, sessionCookieName(grant.workspace), await access.openSession(grant), {
      httpOnly: true,
      sameSite: 'Strict',
      secure: origin.startsWith('https:'),
      path: '/',
      maxAge: COOKIE_DAYS * 24 * 3600,
    });
  };
  const logout = async (c: Context, workspace: string) => {
    if (!canHoldSessionCookie(workspace)) return;
    const cookie = getCookie(c, sessionCookieName(workspace));
    if (cookie) await access.endSession(cookie, workspace);
    deleteCookie(c, sessionCookieName(workspace), { path: '/' });
  };
  return new Hono()
    .post('/api/session', documented('Exchange a link token for a session cookie', { body: sessionBody, tags: ['session'] }), async (c) => {
      const origin = publicOrigin(c, services.publicOrigin);
      assertSameOrigin(c, origin);
      const body = await readJsonBody(c, sessionBody);
      const caller = await access.identify(body.token);
      if (caller.kind === 'admin' && !body.workspace) {
        throw new ApiError(400, 'workspace_required', 'The admin token opens a workspace as its facilitator: say which one (workspace).');
      }
      const workspace = caller.kind === 'link' ? caller.workspace : body.workspace!;
      const grant = await access.grantIn(caller, body.workspace ?? workspace);
      await setSessionCookie(c, grant, origin);
      return c.json(await describe(grant));
    })
    .get('/api/session/:workspace', documented('The session cookie\'s role and workspace, re-checked', { tags: ['session'] }), async (c) => {
      const workspace = c.req.param('workspace');
      const caller = await callerAccess(c, services, workspace);
      const grant = await access.grantIn(caller, workspace);
      // A cookie of the previous release held the link token itself: it becomes a session now (A6).
      if (caller.kind === 'link' && caller.legacyCookie) await setSessionCookie(c, grant, publicOrigin(c, services.publicOrigin));
      return c.json(await describe(grant));
    })
    .delete('/api/session/:workspace', documented('Sign out of one workspace', { tags: ['session'], success: 204 }), async (c) => {
      assertSameOrigin(c, publicOrigin(c, services.publicOrigin));
      await logout(c, c.req.param('workspace'));
      return c.body(null, 204);
    })
    .delete('/api/session', documented('Sign out of every workspace', { tags: ['session'], success: 204 }), async (c) => {
      assertSameOrigin(c, publicOrigin(c, services.publicOrigin));
      for (const name of Object.keys(getCookie(c))) {
        if (name.startsWith(SESSION_COOKIE_PREFIX)) await logout(c, name.slice(SESSION_COOKIE_PREFIX.length));
      }
      return c.body(null, 204);
    });
}
