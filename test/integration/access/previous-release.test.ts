import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_VERSION } from '../../../server/storage/schema';
import { connectSynced, waitFor } from '../support/clients';
import { openDatabase } from '../support/database';
import { call, invite, sessionCookie, type ErrorJson } from '../support/people';
import { startTestServer, tempDataDir, type TestServer } from '../support/test-server';

interface Fixture {
  adminToken: string;
  workspace: { id: string; title: string; tokens: { facilitator: string; editor: string; viewer: string } };
  seededDemo: { id: string; tokens: { facilitator: string } };
}

const fixtureDir = fileURLToPath(new URL('../../fixtures/schema1/', import.meta.url));
const fixture = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as Fixture;
const { id, tokens } = fixture.workspace;

/**
 * SPEC A6 on the database the previous release stored (test/fixtures/schema1/README.md): its
 * links were stored as hashes only, before members, sealed links and sessions existed.
 */
describe('a database from the previous release', () => {
  const dataDir = tempDataDir();
  let server: TestServer;

  beforeAll(async () => {
    copyFileSync(join(fixtureDir, 'throughline.db'), join(dataDir, 'throughline.db'));
    server = await startTestServer({ dataDir, adminToken: fixture.adminToken });
  });
  afterAll(() => server.close());

  it('[A6] opens, and its role links keep working on REST, sessions and WebSockets', async () => {
    const { url, wsUrl } = server;
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      expect((await call(url, 'GET', `/api/workspaces/${id}`, { token: tokens[role] })).status).toBe(200);
      const cookie = await sessionCookie(url, tokens[role]);
      expect((await call(url, 'GET', `/api/session/${id}`, { cookie })).json).toEqual({ workspace: id, role, title: fixture.workspace.title, member: null });
    }
    expect((await call(url, 'GET', `/api/workspaces/${id}/members`, { token: tokens.facilitator })).json).toEqual({ members: [] });
    expect((await call(url, 'GET', `/api/workspaces/${id}/members`, { token: tokens.editor })).status).toBe(403);
    expect((await call(url, 'GET', `/api/workspaces/${fixture.seededDemo.id}`, { token: fixture.seededDemo.tokens.facilitator })).status).toBe(200);

    const editor = await connectSynced(wsUrl, id, tokens.editor);
    editor.doc.getMap('scratch').set('after-upgrade', true);
    const viewer = await connectSynced(wsUrl, id, tokens.viewer);
    try {
      await waitFor('the viewer to have the editor’s edit', () => viewer.doc.getMap('scratch').get('after-upgrade') === true);
    } finally {
      editor.destroy();
      viewer.destroy();
    }
  });

  it('[A6] honours a session cookie of the previous release (the link token itself) and turns it into a server session', async () => {
    const { url } = server;
    const legacy = `tl_session_${id}=${tokens.editor}`;
    expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie: legacy })).status).toBe(200);
    const me = await call(url, 'GET', `/api/session/${id}`, { cookie: legacy });
    expect(me.json).toMatchObject({ role: 'editor' });
    const cookie = me.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(new RegExp(`^tl_session_${id}=`));
    expect(cookie).not.toBe(legacy);
    expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie })).status).toBe(200);
  });

  it('[A6] cannot show the old links again (only their hashes were kept) until they are rotated; members can be invited', async () => {
    const { url } = server;
    const facilitator = { token: tokens.facilitator };
    const links = await call<{ links: { role: string; link: string | null }[] }>(url, 'GET', `/api/workspaces/${id}/links`, facilitator);
    expect(links.json.links.map(({ role, link }) => [role, link])).toEqual([
      ['facilitator', null],
      ['editor', null],
      ['viewer', null],
    ]);
    const rotated = await call<{ token: string; link: string }>(url, 'POST', `/api/workspaces/${id}/links/viewer/rotate`, facilitator);
    expect(rotated.status).toBe(200);
    const after = await call<{ links: { role: string; link: string | null }[] }>(url, 'GET', `/api/workspaces/${id}/links`, facilitator);
    expect(after.json.links.find((link) => link.role === 'viewer')!.link).toBe(rotated.json.link);
    const old = await call<ErrorJson>(url, 'GET', `/api/workspaces/${id}`, { token: tokens.viewer });
    expect(old.json.error.code).toBe('link_replaced');

    const ana = await invite(url, id, facilitator, { name: 'Ana Diaz', role: 'editor' });
    expect((await call(url, 'GET', `/api/session/${id}`, { cookie: await sessionCookie(url, ana.token) })).json).toMatchObject({
      role: 'editor',
      member: { id: ana.member.id, name: 'Ana Diaz' },
    });
  });

  it('[A6] is at the new storage version after a restart, with the new tables', async () => {
    await server.stop();
    const db = openDatabase(dataDir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(STORAGE_VERSION);
      expect(STORAGE_VERSION).toBe(10);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['members', 'sessions', 'tokens', 'snapshots', 'webhooks', 'outbox', 'updates', 'fresh_updates', 'signed_out_sessions']));
    } finally {
      db.close();
    }
    await server.restart();
    expect((await call(server.url, 'GET', `/api/workspaces/${id}`, { token: tokens.editor })).status).toBe(200);
  });
});
