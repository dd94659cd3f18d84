import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createWorkspace, startTestServer, type TestServer } from '../support/test-server';

describe('REST API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const post = (body: string, token = ADMIN_TOKEN) =>
    fetch(`${server.url}/api/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });

  it('answers health with the version and the server time browsers align shared timers with', async () => {
    const before = Date.now();
    const response = await fetch(`${server.url}/api/health`);
    const body = (await response.json()) as { now: number };
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), now: expect.any(Number) });
    expect(body.now).toBeGreaterThanOrEqual(before);
    expect(body.now).toBeLessThanOrEqual(Date.now());
  });

  it('creates a workspace with a token and a fragment link per role', async () => {
    const created = await createWorkspace(server.url, '  Q1 planning  ');
    expect(Object.keys(created.tokens).sort()).toEqual(['editor', 'facilitator', 'viewer']);
    expect(new Set(Object.values(created.tokens)).size).toBe(3);
    expect(created.links.viewer).toBe(`${server.url}/w/${created.id}#token=${created.tokens.viewer}`);

    const read = await fetch(`${server.url}/api/workspaces/${created.id}`, { headers: { authorization: `Bearer ${created.tokens.viewer}` } });
    const json = (await read.json()) as { meta: { title: string; mode: string; schema: number } };
    expect(json.meta).toMatchObject({ title: 'Q1 planning', mode: 'review', schema: 2 });
  });

  it('explains bad JSON and invalid bodies with a 400 and the error shape', async () => {
    const badJson = await post('{"title": ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ error: { code: 'bad_json', message: expect.any(String) } });

    const invalid = await post(JSON.stringify({ title: '', template: 'fancy' }));
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_body');
    expect(body.error.message).toMatch(/title/);
    expect(body.error.message).toMatch(/template/);
  });

  it('[U85] counts a title in the characters a person sees, as renaming it in the header does: 200 skin-toned hands are taken, 201 refused', async () => {
    const hands = (count: number) => '👍🏽'.repeat(count);
    const taken = await post(JSON.stringify({ title: hands(200) }));
    expect(taken.status).toBe(201);
    const { id } = (await taken.json()) as { id: string };
    const listing = await fetch(`${server.url}/api/workspaces`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const listed = ((await listing.json()) as { workspaces: { id: string; title: string }[] }).workspaces.find((workspace) => workspace.id === id);
    // Whole in the list too, not cut at 200 UTF-16 units (50 hands).
    expect(listed?.title).toBe(hands(200));
    const refused = await post(JSON.stringify({ title: hands(201) }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: 'invalid_body', message: 'title: the title may have at most 200 characters; this one has 201' } });
  });

  it('refuses oversized bodies with 413', async () => {
    const response = await post(JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });

  it('answers unknown routes and unknown workspaces with JSON 404s', async () => {
    const route = await fetch(`${server.url}/api/nothing-here`);
    expect(route.status).toBe(404);
    expect(((await route.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const workspace = await fetch(`${server.url}/api/workspaces/unknown-id`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(workspace.status).toBe(404);
  });

  it('[H15] answers a method an address does not take with 405 and the methods it does take in Allow', async () => {
    for (const [method, path, allow] of [
      ['PATCH', '/api/workspaces', 'GET, HEAD, POST'],
      ['DELETE', '/api/workspaces/any-id', 'GET, HEAD'],
      ['GET', '/api/workspaces/any-id/kpis/any-kpi/readings', 'POST'],
    ] as const) {
      const answer = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(((await answer.json()) as { error: { code: string; message: string } }).error).toEqual({ code: 'method_not_allowed', message: `${path} does not take ${method}; it takes ${allow}.` });
    }
    // An address with no operation at all stays a 404, whatever the method.
    expect((await fetch(`${server.url}/api/workspaces/any-id/nothing`, { method: 'POST' })).status).toBe(404);
  });
});
