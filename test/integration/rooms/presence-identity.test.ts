import { describe, expect, it } from 'vitest';
import { writeAwarenessUpdate } from '../../../server/protocol/awareness-update';
import { writeAwareness } from '../../../server/protocol/messages';
import { waitFor } from '../support/clients';
import { refusalCount } from '../support/metrics';
import { sendPresence } from '../support/raw-socket';
import { useWorkspace } from '../support/fixture';
import { shownStates } from '../support/shown-states';

describe('presence identity', () => {
  const room = useWorkspace();

  it('[H5] a connection with an id of its own cannot show as someone who is here, whatever clock it sends', async () => {
    const { server } = room;
    const alice = await room.connect('editor');
    const watcher = await room.connect('viewer');
    const aliceId = alice.doc.clientID;
    const shownAsAlice = shownStates(watcher, aliceId);
    alice.provider.awareness.setLocalState({ name: 'Alice' });
    await waitFor('the watcher to see Alice', () => watcher.provider.awareness.getStates().get(aliceId)?.name === 'Alice');

    const mallory = await room.socket();
    sendPresence(mallory, 424242, 1, { name: 'Mallory' });
    await waitFor('Mallory as herself', () => watcher.provider.awareness.getStates().get(424242)?.name === 'Mallory');
    sendPresence(mallory, aliceId, 1_000_000, { name: 'Alice', note: 'sent by Mallory' });
    sendPresence(mallory, aliceId, 1_000_001, null);
    // After the attempts on the same socket: once the watcher has this, the server has dealt with them.
    sendPresence(mallory, 424242, 2, { name: 'Mallory', view: 'agenda' });
    await waitFor('Mallory’s next state', () => watcher.provider.awareness.getStates().get(424242)?.view === 'agenda');

    expect(watcher.provider.awareness.getStates().get(aliceId)).toEqual({ name: 'Alice' });
    expect(shownAsAlice).toEqual([{ name: 'Alice' }]);
    // Both stock providers echoed every state back meanwhile; only Mallory's two attempts count.
    expect(await refusalCount(server.url, 'presence_foreign_id')).toBe(2);
  });

  it('[H5] a connection with an id of its own cannot take the id of someone who is reconnecting', async () => {
    const { server } = room;
    const watcher = await room.connect('viewer');
    const shownAs555 = shownStates(watcher, 555);
    const laptop = await room.socket();
    sendPresence(laptop, 555, 3, { name: 'Ana' });
    const mallory = await room.socket();
    sendPresence(mallory, 424242, 1, { name: 'Mallory' });
    await waitFor('Ana and Mallory', () => watcher.provider.awareness.getStates().get(424242)?.name === 'Mallory' && watcher.provider.awareness.getStates().has(555));

    // Ana's network drops; until her provider reconnects, nobody holds her id.
    laptop.close();
    await waitFor('Ana to leave', () => !watcher.provider.awareness.getStates().has(555));
    sendPresence(mallory, 555, 4, { name: 'Ana', note: 'sent by Mallory' });
    sendPresence(mallory, 424242, 2, { name: 'Mallory', view: 'agenda' });
    await waitFor('Mallory’s next state', () => watcher.provider.awareness.getStates().get(424242)?.view === 'agenda');

    const reconnected = await room.socket();
    sendPresence(reconnected, 555, 5, { name: 'Ana', view: 'agenda' });
    await waitFor('Ana back', () => watcher.provider.awareness.getStates().get(555)?.view === 'agenda');
    expect(shownAs555).toEqual([{ name: 'Ana' }, { name: 'Ana', view: 'agenda' }]);
    expect(await refusalCount(server.url, 'presence_foreign_id')).toBe(1);
  });

  it('[H5] a connection that announces two ids shows only the first', async () => {
    const watcher = await room.connect('viewer');
    const shownAsSecond = shownStates(watcher, 2002);
    const twoFaced = await room.socket();
    // One frame with both, and then the second again on its own.
    const both = writeAwarenessUpdate([
      { clientId: 1001, clock: 1, state: '{"name":"First"}' },
      { clientId: 2002, clock: 1, state: '{"name":"Second"}' },
    ]);
    twoFaced.send(writeAwareness(both));
    sendPresence(twoFaced, 2002, 2, { name: 'Second' });
    sendPresence(twoFaced, 1001, 2, { name: 'First', view: 'agenda' });
    await waitFor('the first id’s next state', () => watcher.provider.awareness.getStates().get(1001)?.view === 'agenda');

    expect(shownAsSecond).toEqual([]);
    const newcomer = await room.connect('viewer');
    await waitFor('the newcomer to see the first id', () => newcomer.provider.awareness.getStates().has(1001));
    expect(newcomer.provider.awareness.getStates().has(2002)).toBe(false);
  });
});
