import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeStatus } from '../support/clients';
import { ADMIN_TOKEN, createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from '../support/test-server';

describe('link sessions', () => {
  let server: TestServer;
  let mine: CreatedWorkspace;
  let theirs: CreatedWorkspace;

  beforeAll(async () => {
    server = await startTestServer();
    mine = await createWorkspace(server.url, 'Mine');
    theirs = await createWorkspace(server.url, 'Theirs');
  });
  afterAll(() => server.close());

  const exchange = (token: string, origin = server.url) =>
    fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });

  async function sessionCookie(token: string): Promise<string> {
    const response = await exchange(token);
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  }

  it('exchanges a link token for an HttpOnly, SameSite cookie that names the role', async () => {
    const response = await exchange(mine.tokens.editor);
    expect(await response.json()).toEqual({ workspace: mine.id, role: 'editor', title: 'Mine', member: null });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^tl_session_${mine.id}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('accepts the cookie only from the server’s own origin', async () => {
    const cookie = await sessionCookie(mine.tokens.viewer);
    const read = (headers: Record<string, string>) => fetch(`${server.url}/api/workspaces/${mine.id}`, { headers: { cookie, ...headers } });
    expect((await read({ origin: server.url })).status).toBe(200);
    expect((await read({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await read({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await read({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await read({})).status).toBe(403);

    const me = await fetch(`${server.url}/api/session/${mine.id}`, { headers: { cookie, origin: server.url } });
    expect(await me.json()).toEqual({ workspace: mine.id, role: 'viewer', title: 'Mine', member: null });
  });

  it('[A5] keeps the cookie in force behind a password proxy that adds Authorization: Basic, and a Bearer header still decides', async () => {
    const cookie = await sessionCookie(mine.tokens.viewer);
    const read = (authorization: string) => fetch(`${server.url}/api/workspaces/${mine.id}`, { headers: { cookie, origin: server.url, authorization } });
    expect((await read('Basic eDp5')).status).toBe(200);
    expect((await read('Bearer forged')).status).toBe(401);
    expect((await read('Bearer a b')).status).toBe(401);
    expect((await read(`Bearer ${mine.tokens.editor}`)).status).toBe(200);
  });

  it('opens WebSockets with the cookie from our origin only, and only for its workspace', async () => {
    const cookie = await sessionCookie(mine.tokens.editor);
    expect(await upgradeStatus(`${server.wsUrl}/${mine.id}`, { cookie, origin: server.url })).toBe(101);
    expect(await upgradeStatus(`${server.wsUrl}/${mine.id}`, { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${server.wsUrl}/${theirs.id}`, { cookie, origin: server.url })).toBe(401);
  });

  it('lets the admin open any workspace as its facilitator, and no member token another workspace', async () => {
    const open = (token: string, workspace: string) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ token, workspace }),
      });
    const admin = await open(ADMIN_TOKEN, theirs.id);
    expect(await admin.json()).toEqual({ workspace: theirs.id, role: 'facilitator', title: 'Theirs', member: null });
    const cookie = admin.headers.get('set-cookie')!.split(';')[0]!;
    const read = await fetch(`${server.url}/api/workspaces/${theirs.id}`, { headers: { cookie, origin: server.url } });
    expect(read.status).toBe(200);
    expect((await open(ADMIN_TOKEN, 'no-such-workspace')).status).toBe(404);
    expect((await open(mine.tokens.facilitator, theirs.id)).status).toBe(403);
  });

  it('refuses forged, admin and cross-site exchanges', async () => {
    expect((await exchange('forged')).status).toBe(401);
    const admin = await exchange(ADMIN_TOKEN);
    expect(admin.status).toBe(400);
    expect(((await admin.json()) as { error: { code: string } }).error.code).toBe('workspace_required');
    expect((await exchange(mine.tokens.editor, 'https://evil.example')).status).toBe(403);
  });
});

describe('link sessions behind a TLS-terminating proxy', () => {
  let server: TestServer;
  const publicUrl = 'https://review.example.com';
  beforeAll(async () => {
    server = await startTestServer({ publicUrl });
  });
  afterAll(() => server.close());

  it('checks the Origin against the public URL, marks the cookie Secure and links to the public address', async () => {
    const workspace = await createWorkspace(server.url, 'Behind a proxy');
    expect(workspace.links.editor).toBe(`${publicUrl}/w/${workspace.id}#token=${workspace.tokens.editor}`);
    const exchange = (origin: string) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ token: workspace.tokens.editor }),
      });
    expect((await exchange(server.url)).status).toBe(403);
    const response = await exchange(publicUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/Secure/);
  });
});
