import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../support/clients';
import { sendPresence } from '../support/raw-socket';
import { useWorkspace } from '../support/fixture';
import { openSilentClient } from '../support/silent-client';
import { writeAwarenessUpdate } from '../../../server/protocol/awareness-update';
import { writeAwareness } from '../../../server/protocol/messages';

describe('presence', () => {
  const room = useWorkspace();

  it('[R4] relays who is here, and a connection cannot clear or overwrite someone else’s presence', async () => {
    const alice = await room.connect('editor');
    const bob = await room.connect('viewer');
    alice.provider.awareness.setLocalState({ name: 'Alice', editing: 'node-1' });
    await waitFor('Bob to see Alice', () => bob.provider.awareness.getStates().get(alice.doc.clientID)?.name === 'Alice');

    const intruder = await room.socket();
    const aliceId = alice.doc.clientID;
    sendPresence(intruder, 424242, 1, { name: 'Intruder' });
    await waitFor('the intruder’s own presence', () => bob.provider.awareness.getStates().get(424242)?.name === 'Intruder');
    sendPresence(intruder, aliceId, 1000, null);
    sendPresence(intruder, aliceId, 1001, { name: 'Mallory' });
    // Its own next state comes after the attempts on the same socket, so once Bob has it the
    // server has dealt with them.
    sendPresence(intruder, 424242, 2, { name: 'Intruder', view: 'agenda' });
    await waitFor('the intruder’s next state', () => bob.provider.awareness.getStates().get(424242)?.view === 'agenda');
    expect(bob.provider.awareness.getStates().get(aliceId)?.name).toBe('Alice');

    // Were the removal not relayed at once, Bob would drop a presence only after y-protocols'
    // 30 s outdated timeout; 10 s still tells the two apart and leaves a loaded CI machine room.
    alice.destroy();
    await waitFor('Alice to leave at once', () => !bob.provider.awareness.getStates().has(aliceId), 10_000);
    intruder.close();
    await waitFor('the intruder to leave', () => !bob.provider.awareness.getStates().has(424242), 10_000);
  });

  it('hands an id over to a reconnecting client once its old, half-open connection fails a probe', async () => {
    const watcher = await room.connect('viewer');
    // The laptop's old connection: still open on the server, but nothing answers any more.
    const stale = await room.socket('editor', { autoPong: false });
    sendPresence(stale, 555, 3, { name: 'Ana', view: 'tree' });
    await waitFor('the old presence', () => watcher.provider.awareness.getStates().get(555)?.view === 'tree');

    const fresh = await room.socket();
    sendPresence(fresh, 555, 4, { name: 'Ana', view: 'agenda' });
    // The probe takes 2 s to give up on the old connection; the keep-alive (30 s by default) would
    // take far longer than this wait, so only the probe can hand the id over in time.
    await waitFor('the reconnected client to own its presence', () => watcher.provider.awareness.getStates().get(555)?.view === 'agenda', 10_000);
    expect(stale.readyState).not.toBe(WebSocket.OPEN);
  });

  it('[R4] clears within seconds the presence of a client that said goodbye as its network went', async () => {
    const watcher = await room.connect('viewer');
    const leaving = await openSilentClient(room.socketUrl('editor'));
    try {
      leaving.send(writeAwareness(writeAwarenessUpdate([{ clientId: 888, clock: 1, state: JSON.stringify({ name: 'Ana' }) }])));
      await waitFor('Ana to appear', () => watcher.provider.awareness.getStates().has(888));
      // Its close frame, and then nothing: not even the end of its TCP connection, which ws waits 30 s for by default.
      leaving.sayGoodbye();
      await waitFor('Ana to leave', () => !watcher.provider.awareness.getStates().has(888), 10_000);
    } finally {
      leaving.destroy();
    }
  });
});

describe('presence of a connection that goes silent', () => {
  // Server and clients share this process's event loop: with a very short interval, a stall of
  // a loaded CI machine between a ping and its pong would get the healthy watcher closed too.
  const room = useWorkspace({ keepAliveMs: 1000 });

  it('closes a connection that stops answering pings and clears its presence', async () => {
    const watcher = await room.connect('viewer');
    // Recorded as it happens: polling could miss a presence that is cleared soon after it appears.
    const appeared = new Set<number>();
    watcher.provider.awareness.on('change', ({ added }: { added: number[] }) => added.forEach((id) => appeared.add(id)));
    const silent = await room.socket('editor', { autoPong: false });
    // Listened for before anything is sent, so the close cannot come before the listener.
    const closed = new Promise<number>((resolve) => silent.once('close', (closeCode) => resolve(closeCode)));
    sendPresence(silent, 777, 1, { name: 'Sleepy' });
    await waitFor('the silent client to appear', () => appeared.has(777));

    expect([4000, 1006]).toContain(await closed);
    await waitFor('its presence to clear', () => !watcher.provider.awareness.getStates().has(777), 10_000);
    expect(watcher.provider.wsconnected).toBe(true);
  });
});
