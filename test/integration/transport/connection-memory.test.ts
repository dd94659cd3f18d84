import { HonoRequest } from 'hono/request';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { countLiveInstances } from '../support/live-objects';
import { createWorkspace, startTestServer, type TestServer } from '../support/test-server';

describe('an open connection', () => {
  let server: TestServer;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('keeps its socket, not the HTTP request it was upgraded from', async () => {
    server = await startTestServer();
    const workspace = await createWorkspace(server.url);
    for (let i = 0; i < 20; i++) clients.push(await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor));
    clients[0]!.doc.getMap('items').set('still', 'relayed');

    // Hono's adapter would keep each upgrade's context, Request and headers for the socket's life.
    expect(await countLiveInstances(HonoRequest.prototype)).toBe(0);
    expect(server.server.services.rooms.connectionCount).toBe(20);
    await waitFor('the edit on every client', () => clients.every((client) => client.doc.getMap('items').get('still') === 'relayed'));

    // The socket's own close still takes each client out of its room.
    for (const client of clients.splice(0)) client.destroy();
    await waitFor('every client to leave', () => server.server.services.rooms.connectionCount === 0);
  });
});
