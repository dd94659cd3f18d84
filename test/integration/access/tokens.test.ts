import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeStatus } from '../support/clients';
import { ADMIN_TOKEN, createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from '../support/test-server';

describe('tokens on REST and WebSocket routes', () => {
  let server: TestServer;
  let mine: CreatedWorkspace;
  let theirs: CreatedWorkspace;

  beforeAll(async () => {
    server = await startTestServer();
    mine = await createWorkspace(server.url, 'Mine');
    theirs = await createWorkspace(server.url, 'Theirs');
  });
  afterAll(() => server.close());

  const get = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  it('refuses REST calls with no token, a forged token or another workspace’s token', async () => {
    const missing = await get(`/api/workspaces/${mine.id}`);
    expect(missing.status).toBe(401);
    expect(await errorCode(missing)).toBe('unauthenticated');

    const forged = await get(`/api/workspaces/${mine.id}`, 'forged-token-that-was-never-issued');
    expect(forged.status).toBe(401);
    expect(await errorCode(forged)).toBe('invalid_token');

    const other = await get(`/api/workspaces/${mine.id}`, theirs.tokens.facilitator);
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('forbidden');

    expect((await get(`/api/workspaces/${mine.id}`, mine.tokens.viewer)).status).toBe(200);
  });

  it('keeps workspace listing and creation to the admin', async () => {
    expect((await get('/api/workspaces')).status).toBe(401);
    expect((await get('/api/workspaces', mine.tokens.facilitator)).status).toBe(403);
    const listed = await get('/api/workspaces', ADMIN_TOKEN);
    expect(listed.status).toBe(200);
    const titles = ((await listed.json()) as { workspaces: { title: string }[] }).workspaces.map((w) => w.title);
    expect(titles).toEqual(expect.arrayContaining(['Mine', 'Theirs']));

    const create = await fetch(`${server.url}/api/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mine.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Sneaky' }),
    });
    expect(create.status).toBe(403);
  });

  it('refuses WebSocket upgrades before they happen, and loads no room for them', async () => {
    const url = (token?: string, id = mine.id) => `${server.wsUrl}/${id}${token ? `?token=${token}` : ''}`;
    const loadedBefore = server.server.services.rooms.loadedCount;
    expect(await upgradeStatus(url())).toBe(401);
    expect(await upgradeStatus(url('forged'))).toBe(401);
    expect(await upgradeStatus(url(theirs.tokens.editor))).toBe(403);
    expect(await upgradeStatus(url(ADMIN_TOKEN, 'no-such-workspace'))).toBe(404);
    expect(server.server.services.rooms.loadedCount).toBe(loadedBefore);

    expect(await upgradeStatus(url(mine.tokens.viewer))).toBe(101);
    expect(await upgradeStatus(url(), { authorization: `Bearer ${mine.tokens.editor}` })).toBe(101);
  });

  it('reads the query token as URLSearchParams would: among other parameters, first of two, percent-encoded', async () => {
    const at = (query: string) => `${server.wsUrl}/${mine.id}?${query}`;
    const encoded = [...mine.tokens.editor].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    expect(await upgradeStatus(at(`room=x&token=${mine.tokens.editor}&v=2`))).toBe(101);
    expect(await upgradeStatus(at(`token=${mine.tokens.editor}&token=forged`))).toBe(101);
    expect(await upgradeStatus(at(`token=forged&token=${mine.tokens.editor}`))).toBe(401);
    expect(await upgradeStatus(at(`token=${encoded}`))).toBe(101);
    expect(await upgradeStatus(at(`token=${mine.tokens.editor}%2B`))).toBe(401);
    expect(await upgradeStatus(at(`tokens=${mine.tokens.editor}`))).toBe(401);
    expect(await upgradeStatus(at(`tok%65n=forged&token=${mine.tokens.editor}`))).toBe(401);
    expect(await upgradeStatus(at(`token&token=${mine.tokens.editor}`))).toBe(401);
  });
});
