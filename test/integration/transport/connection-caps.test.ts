import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaults } from '../../../server/config';
import { upgradeResponse, upgradeStatus, waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { ADMIN_TOKEN, createWorkspace } from '../support/test-server';

/** A raw socket that holds its connection open once upgraded: 101, or the status it was refused with. */
function openSocket(url: string, opened: WebSocket[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      opened.push(socket);
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', reject);
  });
}

/** An upgrade request that passes every check of ours but that `ws` refuses to complete (a malformed key). */
function unfinishedUpgrade(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const upgrade = request(url.replace(/^ws/, 'http'), {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'not a key' },
    });
    upgrade.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    upgrade.on('error', reject);
    upgrade.end();
  });
}

async function refusalCounts(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  return Object.fromEntries([...text.matchAll(/^throughline_refusals_total\{reason="([^"]+)"\} (\d+)$/gm)].map(([, reason, count]) => [reason!, Number(count)]));
}

describe('connections per remote address', () => {
  const env = useWorkspace({ limits: { ...defaults.limits, connectionsPerAddress: 3 } });
  const sockets: WebSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  const url = (workspace = env.workspace) => `${env.server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`;

  it('[H7] refuses the connection past the cap with 429 and a JSON reason, while the open ones keep relaying edits', async () => {
    const writer = await env.connect('editor');
    const reader = await env.connect('viewer');
    const third = await env.connect('editor');

    const refused = await upgradeResponse(url());
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'connections_per_address',
        message: expect.stringMatching(/already has 3 connections open.*raise THROUGHLINE_MAX_CONNECTIONS_PER_ADDRESS/),
      },
    });
    // The cap is the address's, across workspaces.
    expect(await upgradeStatus(url(await createWorkspace(env.server.url, 'Another review')))).toBe(429);

    writer.doc.getMap('items').set('after', 'the refusals');
    await waitFor('the edit to reach both others', () =>
      [reader, third].every((client) => client.doc.getMap('items').get('after') === 'the refusals'),
    );
  });

  it('[H7] gives a slot back when its connection closes', async () => {
    const leaving = await env.connect('editor');
    await env.connect('editor');
    await env.connect('viewer');
    expect(await upgradeStatus(url())).toBe(429);

    leaving.destroy();
    await waitFor('a connection to be accepted again', async () => (await openSocket(url(), sockets)) === 101);
    expect(await upgradeStatus(url())).toBe(429);
  });

  it('[H7] counts upgrades in flight: a burst of simultaneous handshakes gets exactly the cap', async () => {
    const statuses = await Promise.all(Array.from({ length: 8 }, () => openSocket(url(), sockets)));
    expect(statuses.filter((status) => status === 101)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('[H7] gives the slot back when an upgrade never completes', async () => {
    for (let i = 0; i < 4; i++) expect(await unfinishedUpgrade(url())).toBe(400);
    const client = await env.connect('editor');
    expect(client.provider.wsconnected).toBe(true);
  });
});

describe('connections per workspace', () => {
  const env = useWorkspace({ limits: { ...defaults.limits, connectionsPerWorkspace: 2, connectionsPerAddress: 3 } });

  it('[H7] refuses the connection past the cap with 503 and a JSON reason, while another workspace still accepts', async () => {
    await env.connect('editor');
    await env.connect('viewer');
    const url = (workspace = env.workspace) => `${env.server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`;

    const refused = await upgradeResponse(url());
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'connections_per_workspace',
        message: expect.stringMatching(/already has 2 connections open.*raise THROUGHLINE_MAX_CONNECTIONS_PER_WORKSPACE/),
      },
    });
    const other = await createWorkspace(env.server.url, 'Another review');
    expect(await upgradeStatus(url(other))).toBe(101);
  });

  it('[H7] counts each refusal in /metrics by its reason', async () => {
    await env.connect('editor');
    await env.connect('viewer');
    const other = await createWorkspace(env.server.url, 'Another review');
    const sockets: WebSocket[] = [];
    try {
      expect(await openSocket(`${env.server.wsUrl}/${env.workspace.id}?token=${env.workspace.tokens.editor}`, sockets)).toBe(503);
      expect(await openSocket(`${env.server.wsUrl}/${other.id}?token=${other.tokens.editor}`, sockets)).toBe(101);
      expect(await openSocket(`${env.server.wsUrl}/${other.id}?token=${other.tokens.editor}`, sockets)).toBe(429);
    } finally {
      for (const socket of sockets) socket.terminate();
    }
    const counts = await refusalCounts(env.server.url);
    expect(counts).toMatchObject({ connections_per_workspace: 1, connections_per_address: 1 });
    // Each counted once, under its own reason, not again as an HTTP error.
    expect(Object.keys(counts).filter((reason) => reason.startsWith('http_'))).toEqual([]);
  });
});
