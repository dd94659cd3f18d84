import { Hono } from 'hono';
import { z } from 'zod';
import { WORKSPACE_TITLE_MAX } from '../../../shared/schema/constants';
import { ROLES } from '../../storage/store';
import type { Services } from '../app-env';
import { requireAdmin, requireRole } from '../caller';
import { publicOrigin } from '../credentials';
import { oneLineText } from '../one-line-text';
import { documented } from '../openapi';
import { readJsonBody } from '../read-body';
import { roleLinks } from './people';

const createWorkspaceBody = z.object({
  title: oneLineText('a title', 'a workspace needs a title', WORKSPACE_TITLE_MAX),
  template: z.enum(['blank', 'demo']).default('blank'),
});

/** Links carry their token in the fragment, which browsers never send to a server (DESIGN §5). */
export function workspaceLink(origin: string, id: string, token: string): string {
  return `${origin}/w/${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`;
}

export function workspaceRoutes(services: Services): Hono {
  const { workspaces } = services;
  return new Hono()
    // The admin's list carries each workspace's shared role links again (SPEC A1).
    .get('/api/workspaces', documented('Workspaces (admin)', { tags: ['workspaces'] }), async (c) => {
      await requireAdmin(c, services);
      const origin = publicOrigin(c, services.publicOrigin);
      return c.json({
        workspaces: await Promise.all(
          (await workspaces.list()).map(async (workspace) => ({ ...workspace, links: roleLinks(origin, workspace.id, await services.people.roleTokens(workspace.id)) })),
        ),
      });
    })
    .post('/api/workspaces', documented('Create a workspace (admin)', { body: createWorkspaceBody, tags: ['workspaces'], success: 201 }), async (c) => {
      await requireAdmin(c, services);
      const body = await readJsonBody(c, createWorkspaceBody);
      const created = await workspaces.create(body.title, body.template);
      const origin = publicOrigin(c, services.publicOrigin);
      const links = Object.fromEntries(ROLES.map((role) => [role, workspaceLink(origin, created.id, created.tokens[role])]));
      return c.json({ id: created.id, title: created.title, tokens: created.tokens, links }, 201);
    })
    .get('/api/workspaces/:id', documented('The document as plain JSON (a dependency\'s dates as the board reads them: a declined proposal is none) with its findings and roll-ups', { tags: ['workspaces'] }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id);
      return c.json(await workspaces.read(id));
    });
}
