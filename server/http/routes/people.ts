import { Hono } from 'hono';
import { z } from 'zod';
import { MEMBER_NAME_MAX } from '../../../shared/schema/constants';
import { ApiError } from '../../errors';
import type { RoleToken } from '../../people/people-service';
import { ROLES, type Role } from '../../storage/store';
import type { Services } from '../app-env';
import { requireGrant } from '../caller';
import { publicOrigin } from '../credentials';
import { oneLineText } from '../one-line-text';
import { documented } from '../openapi';
import { readJsonBody } from '../read-body';
import { workspaceLink } from './workspaces';

const role = z.enum(ROLES as [Role, ...Role[]]);

const inviteBody = z.object({
  name: oneLineText('a name', 'a member needs a name', MEMBER_NAME_MAX),
  // Optional: absent, null and "" (an empty form field) all mean none.
  email: z
    .string()
    .trim()
    .max(254)
    .refine((email) => email === '' || z.email().safeParse(email).success, 'not an email address')
    .nullish()
    .transform((email) => email || null),
  role,
});

const roleBody = z.object({ role });

/** A role link as the API shows it: null when it was stored before links were sealed, until it is rotated. */
export function roleLinks(origin: string, workspace: string, tokens: RoleToken[]) {
  return tokens.map(({ role, token, createdAt }) => ({ role, link: token ? workspaceLink(origin, workspace, token) : null, createdAt }));
}

/**
 * People of a workspace (DESIGN §5, SPEC A2, A4), all for its facilitators (the admin too):
 *
 * - `GET /api/workspaces/:id/members` → `{members: [{id, name, email, role, invitedAt, joinedAt,
 *   lastSeenAt, online}]}`: current members; `joinedAt` is the first use of their link.
 * - `POST /api/workspaces/:id/invites {name, email?, role}` → 201 `{member, token, link}`: the
 *   personal link `/w/:id#token=…`, shown this once (409 `member_exists` for an email already in, or a name
 *   already in when neither the invitation nor that member has an email, A2).
 * - `DELETE /api/workspaces/:id/members/:memberId` → `{member, closedConnections}`: revocation;
 *   their links answer 401 `access_removed` and their WebSockets close with 4401 at once.
 * - `PATCH /api/workspaces/:id/members/:memberId {role}` → `{member, closedConnections}`: another
 *   role (A17); their open WebSockets close with 4303 and come back in it (409
 *   `cannot_change_own_role` for the caller's own).
 * - `POST /api/workspaces/:id/members/:memberId/link` → `{member, token, link, closedConnections}`:
 *   a new personal link for a member who lost theirs; the old one answers 401 `link_replaced`.
 * - `GET /api/workspaces/:id/links` → `{links: [{role, link, createdAt}]}`: the shared role links
 *   again (`link` null for one stored before this release: rotate it to get one to copy).
 * - `POST /api/workspaces/:id/links/:role/rotate` → `{role, token, link, closedConnections}`: a new
 *   shared link; the old one and every session opened with it answer 401 `link_replaced`, its
 *   WebSockets close with 4401. A caller rotating the link they came in with keeps their session.
 */
export function peopleRoutes(services: Services): Hono {
  const { people } = services;
  const origin = (c: Parameters<typeof publicOrigin>[0]) => publicOrigin(c, services.publicOrigin);
  return new Hono()
    .get('/api/workspaces/:id/members', documented('Current members (facilitator)', { tags: ['people'] }), async (c) => {
      const id = c.req.param('id');
      await requireGrant(c, services, id, 'facilitator');
      return c.json({ members: await people.list(id) });
    })
    .post('/api/workspaces/:id/invites', documented('Invite a member; their personal link is shown once (facilitator)', {
        body: inviteBody,
        tags: ['people'],
        success: 201,
        conflict: 'The email, or the name with nothing to tell two people apart, is already a member of this review (member_exists)',
      }), async (c) => {
      const id = c.req.param('id');
      const actor = await requireGrant(c, services, id, 'facilitator');
      const body = await readJsonBody(c, inviteBody);
      const { member, token } = await people.invite(id, body, actor);
      return c.json({ member, token, link: workspaceLink(origin(c), id, token) }, 201);
    })
    .delete('/api/workspaces/:id/members/:memberId', documented('Revoke a member: their links and sockets close at once (facilitator)', {
        tags: ['people'],
        conflict: 'The facilitator asked to remove themself (cannot_remove_self)',
      }), async (c) => {
      const id = c.req.param('id');
      const actor = await requireGrant(c, services, id, 'facilitator');
      return c.json(await people.revoke(id, c.req.param('memberId'), actor));
    })
    .patch('/api/workspaces/:id/members/:memberId', documented('Give a member another role: their open screens come back in it (facilitator)', {
        body: roleBody,
        tags: ['people'],
        conflict: 'The facilitator asked to change their own role (cannot_change_own_role)',
      }), async (c) => {
      const id = c.req.param('id');
      const actor = await requireGrant(c, services, id, 'facilitator');
      const { role } = await readJsonBody(c, roleBody);
      return c.json(await people.changeRole(id, c.req.param('memberId'), role, actor));
    })
    .post('/api/workspaces/:id/members/:memberId/link', documented('A new personal link for a member; the old one stops working (facilitator)', { tags: ['people'] }), async (c) => {
      const id = c.req.param('id');
      const actor = await requireGrant(c, services, id, 'facilitator');
      const reissued = await people.reissue(id, c.req.param('memberId'), actor);
      return c.json({ ...reissued, link: workspaceLink(origin(c), id, reissued.token) });
    })
    .get('/api/workspaces/:id/links', documented('The shared role links (facilitator)', { tags: ['people'] }), async (c) => {
      const id = c.req.param('id');
      await requireGrant(c, services, id, 'facilitator');
      return c.json({ links: roleLinks(origin(c), id, await people.roleTokens(id)) });
    })
    .post('/api/workspaces/:id/links/:role/rotate', documented('Replace a shared role link; sessions opened with the old one end (facilitator)', { tags: ['people'] }), async (c) => {
      const id = c.req.param('id');
      const actor = await requireGrant(c, services, id, 'facilitator');
      const parsed = role.safeParse(c.req.param('role'));
      if (!parsed.success) throw new ApiError(400, 'invalid_role', `A link's role is one of ${ROLES.join(', ')}.`);
      const rotated = await people.rotate(id, parsed.data, actor);
      return c.json({ ...rotated, link: workspaceLink(origin(c), id, rotated.token) });
    });
}
