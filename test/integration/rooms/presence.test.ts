import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeAwarenessUpdate } from '../../../server/protocol/awareness-update';
import { writeAwareness } from '../../../server/protocol/messages';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { createWorkspace, startTestServer, type TestServer } from '../support/test-server';

async function rawSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, options);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

describe('presence', () => {
  let server: TestServer;
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
    await server.close();
  });

  it('relays who is here, and a connection cannot clear or overwrite someone else’s presence', async () => {
    server = await startTestServer();
    const workspace = await createWorkspace(server.url);
    const alice = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    const bob = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(alice, bob);
    alice.provider.awareness.setLocalState({ name: 'Alice', editing: 'node-1' });
    await waitFor('Bob to see Alice', () => bob.provider.awareness.getStates().get(alice.doc.clientID)?.name === 'Alice');

    const intruder = await rawSocket(`${server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`);
    sockets.push(intruder);
    const aliceId = alice.doc.clientID;
    intruder.send(writeAwareness(writeAwarenessUpdate([{ clientId: aliceId, clock: 1000, state: 'null' }])));
    intruder.send(writeAwareness(writeAwarenessUpdate([{ clientId: aliceId, clock: 1001, state: '{"name":"Mallory"}' }])));
    intruder.send(writeAwareness(writeAwarenessUpdate([{ clientId: 424242, clock: 1, state: '{"name":"Intruder"}' }])));
    await waitFor('the intruder’s own presence', () => bob.provider.awareness.getStates().get(424242)?.name === 'Intruder');
    expect(bob.provider.awareness.getStates().get(aliceId)?.name).toBe('Alice');

    // Were the removal not relayed at once, Bob would drop a presence only after y-protocols'
    // 30 s outdated timeout; 10 s still tells the two apart and leaves a loaded CI machine room.
    alice.destroy();
    clients.splice(clients.indexOf(alice), 1);
    await waitFor('Alice to leave at once', () => !bob.provider.awareness.getStates().has(aliceId), 10_000);
    intruder.close();
    await waitFor('the intruder to leave', () => !bob.provider.awareness.getStates().has(424242), 10_000);
  });

  it('hands an id over to a reconnecting client once its old, half-open connection fails a probe', async () => {
    server = await startTestServer();
    const workspace = await createWorkspace(server.url);
    const watcher = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(watcher);
    const url = `${server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`;
    // The laptop's old connection: still open on the server, but nothing answers any more.
    const stale = await rawSocket(url, { autoPong: false });
    sockets.push(stale);
    stale.send(writeAwareness(writeAwarenessUpdate([{ clientId: 555, clock: 3, state: '{"name":"Ana","view":"tree"}' }])));
    await waitFor('the old presence', () => watcher.provider.awareness.getStates().get(555)?.view === 'tree');

    const fresh = await rawSocket(url);
    sockets.push(fresh);
    fresh.send(writeAwareness(writeAwarenessUpdate([{ clientId: 555, clock: 4, state: '{"name":"Ana","view":"agenda"}' }])));
    // The probe takes 2 s to give up on the old connection; the keep-alive (30 s by default) would
    // take far longer than this wait, so only the probe can hand the id over in time.
    await waitFor('the reconnected client to own its presence', () => watcher.provider.awareness.getStates().get(555)?.view === 'agenda', 10_000);
    expect(stale.readyState).not.toBe(WebSocket.OPEN);
  });

  it('closes a connection that stops answering pings and clears its presence', async () => {
    // Server and clients share this process's event loop: with a very short interval, a stall of
    // a loaded CI machine between a ping and its pong would get the healthy watcher closed too.
    server = await startTestServer({ keepAliveMs: 1000 });
    const workspace = await createWorkspace(server.url);
    const watcher = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(watcher);
    // Recorded as it happens: polling could miss a presence that is cleared soon after it appears.
    const appeared = new Set<number>();
    watcher.provider.awareness.on('change', ({ added }: { added: number[] }) => added.forEach((id) => appeared.add(id)));
    const silent = await rawSocket(`${server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`, { autoPong: false });
    sockets.push(silent);
    // Listened for before anything is sent, so the close cannot come before the listener.
    const closed = new Promise<number>((resolve) => silent.once('close', (closeCode) => resolve(closeCode)));
    silent.send(writeAwareness(writeAwarenessUpdate([{ clientId: 777, clock: 1, state: '{"name":"Sleepy"}' }])));
    await waitFor('the silent client to appear', () => appeared.has(777));

    expect([4000, 1006]).toContain(await closed);
    await waitFor('its presence to clear', () => !watcher.provider.awareness.getStates().has(777), 10_000);
    expect(watcher.provider.wsconnected).toBe(true);
  });
});
