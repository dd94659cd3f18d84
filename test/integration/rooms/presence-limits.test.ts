import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readAwarenessUpdate, writeAwarenessUpdate } from '../../../server/protocol/awareness-update';
import { readMessage, writeAwareness } from '../../../server/protocol/messages';
import { waitFor } from '../support/clients';
import { refusalCount } from '../support/metrics';
import { sendPresence, watchClose } from '../support/raw-socket';
import { useWorkspace } from '../support/fixture';
import { shownStates } from '../support/shown-states';

describe('presence limits', () => {
  const room = useWorkspace();

  it('[H6] a presence state over the size limit closes its sender with 4004 and reaches nobody, newcomers included', async () => {
    const { server } = room;
    const watcher = await room.connect('viewer');
    const shownAsBig = shownStates(watcher, 31);
    const sender = await room.socket();
    const close = watchClose(sender);
    sendPresence(sender, 31, 1, { name: 'Big', blob: 'x'.repeat(1024 * 1024) });
    await waitFor('the sender to be closed', () => close.closed !== null);
    expect(close.closed).toEqual({ code: 4004, reason: expect.stringMatching(/presence state .* 16384 bytes/) });

    // Relayed in order after anything the big state would have caused.
    const marker = await room.socket();
    sendPresence(marker, 32, 1, { name: 'Marker' });
    await waitFor('the marker', () => watcher.provider.awareness.getStates().has(32));
    expect(shownAsBig).toEqual([]);
    const newcomer = await room.connect('viewer');
    await waitFor('the newcomer to see the marker', () => newcomer.provider.awareness.getStates().has(32));
    expect(newcomer.provider.awareness.getStates().has(31)).toBe(false);
    expect(await refusalCount(server.url, 'presence_too_large')).toBe(1);
  });

  it('[H6] a state is measured as relayed: one that Yjs would re-encode over the limit is refused too', async () => {
    const sender = await room.socket();
    const close = watchClose(sender);
    // 15 KB as sent; each 1e20 is relayed as twenty-one digits, some 70 KB in all.
    const sent = `{"numbers":[${Array(3000).fill('1e20').join(',')}]}`;
    expect(Buffer.byteLength(sent)).toBeLessThan(16 * 1024);
    sender.send(writeAwareness(writeAwarenessUpdate([{ clientId: 33, clock: 1, state: sent }])));
    await waitFor('the sender to be closed', () => close.closed !== null);
    expect(close.closed?.code).toBe(4004);
  });

  it('[H6] a state nested thousands of levels deep (10 KB, under the size limit) closes its sender with 1007 and reaches nobody', async () => {
    const watcher = await room.connect('viewer');
    const shownAsDeep = shownStates(watcher, 34);
    const sender = await room.socket();
    const close = watchClose(sender);
    const deep = `{"d":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    sender.send(writeAwareness(writeAwarenessUpdate([{ clientId: 34, clock: 1, state: deep }])));
    await waitFor('the sender to be closed', () => close.closed !== null);
    expect(close.closed).toEqual({ code: 1007, reason: expect.stringMatching(/nest at most 64 levels/) });
    const marker = await room.socket();
    sendPresence(marker, 35, 1, { name: 'Marker' });
    await waitFor('the marker', () => watcher.provider.awareness.getStates().has(35));
    expect(shownAsDeep).toEqual([]);
  });

  it('[H6] a flood of 2,000 presence messages reaches a watcher as far fewer, ending on the last state', async () => {
    const { server } = room;
    const watcher = await room.connect('viewer');
    let relayed = 0;
    watcher.provider.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if ([...added, ...updated].includes(41)) relayed++;
    });
    const flooder = await room.socket();
    for (let x = 1; x <= 2000; x++) sendPresence(flooder, 41, x, { name: 'Dragging', x });

    await waitFor('the last position', () => watcher.provider.awareness.getStates().get(41)?.x === 2000);
    // The burst of 60 goes at once, then the latest at the refill rate: about 61 in all.
    expect(relayed).toBeLessThan(200);
    expect(flooder.readyState).toBe(WebSocket.OPEN);
    expect(await refusalCount(server.url, 'presence_rate')).toBeGreaterThan(1000);
  });

  it('[H6] a connection that keeps sending far over the rate is closed with 4005 and its presence cleared', async () => {
    const { server } = room;
    const watcher = await room.connect('viewer');
    const flooder = await room.socket();
    const close = watchClose(flooder);
    let clock = 0;
    // Some 1,000 messages a second, fifty times the rate, for as long as the socket is open.
    const pump = setInterval(() => {
      for (let i = 0; i < 20 && flooder.readyState === WebSocket.OPEN; i++) sendPresence(flooder, 51, ++clock, { name: 'Flood', x: clock });
    }, 20);
    try {
      await waitFor('the flooder to show', () => watcher.provider.awareness.getStates().has(51));
      await waitFor('the flooder to be closed', () => close.closed !== null);
      expect(close.closed).toEqual({ code: 4005, reason: expect.stringMatching(/presence/) });
    } finally {
      clearInterval(pump);
    }
    await waitFor('its presence to clear', () => !watcher.provider.awareness.getStates().has(51));
    expect(await refusalCount(server.url, 'presence_rate')).toBeGreaterThan(0);
  });

  it('[H6] a viewer’s heartbeat right after a burst over the rate still comes back to it, which keeps it connected', async () => {
    const viewer = await room.connect('viewer');
    const { awareness } = viewer.provider;
    const ownId = viewer.doc.clientID;
    // The stock provider reconnects after 30 s without a message; alone in a room, the echo of
    // its own presence is all it receives.
    const echoedClocks: number[] = [];
    viewer.provider.ws!.addEventListener('message', (event) => {
      const message = readMessage(new Uint8Array(event.data as ArrayBuffer));
      if (message.type !== 'awareness') return;
      for (const entry of readAwarenessUpdate(message.update)) if (entry.clientId === ownId) echoedClocks.push(entry.clock);
    });
    for (let x = 1; x <= 100; x++) awareness.setLocalStateField('x', x);
    // What the provider's 15-second renewal sends: the same state at the next clock.
    awareness.setLocalState(awareness.getLocalState());
    const heartbeat = awareness.meta.get(ownId)!.clock;

    await waitFor('the heartbeat’s echo', () => echoedClocks.includes(heartbeat));
    expect(viewer.provider.wsconnected).toBe(true);
  });
});
