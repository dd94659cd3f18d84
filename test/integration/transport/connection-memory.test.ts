import { HonoRequest } from 'hono/request';
import { describe, expect, it } from 'vitest';
import { waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { countLiveInstances } from '../support/live-objects';

describe('an open connection', () => {
  const fixture = useWorkspace();

  it('keeps its socket, not the HTTP request it was upgraded from', async () => {
    const clients: Client[] = [];
    for (let i = 0; i < 20; i++) clients.push(await fixture.connect('editor'));
    clients[0]!.doc.getMap('items').set('still', 'relayed');

    // Hono's adapter would keep each upgrade's context, Request and headers for the socket's life.
    expect(await countLiveInstances(HonoRequest.prototype)).toBe(0);
    const { rooms } = fixture.server.server.services;
    expect(rooms.connectionCount).toBe(20);
    await waitFor('the edit on every client', () => clients.every((client) => client.doc.getMap('items').get('still') === 'relayed'));

    // The socket's own close still takes each client out of its room.
    fixture.disconnectAll();
    await waitFor('every client to leave', () => rooms.connectionCount === 0);
  });
});
