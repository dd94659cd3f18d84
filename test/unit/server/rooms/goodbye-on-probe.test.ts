import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAwarenessUpdate, writeAwarenessUpdate } from '../../../../server/protocol/awareness-update';
import { readMessage, writeAwareness, writeUpdate } from '../../../../server/protocol/messages';
import type { Room } from '../../../../server/rooms/room';
import { RecordingPeer, RoomHarness, nextTurn } from '../support/room-harness';

/**
 * A connection whose client sent its close frame and vanished: probed, it leaves its room before
 * the probe returns, as `SocketPeer` does (H12). The room is in the middle of another
 * connection's message when that happens.
 */
class SaidGoodbye extends RecordingPeer {
  constructor(private readonly room: Room) {
    super('editor');
  }
  override probe(): void {
    this.room.disconnect(this);
  }
}

const ID = 4242;
const presence = (clock: number, state: object) => writeAwareness(writeAwarenessUpdate([{ clientId: ID, clock, state: JSON.stringify(state) }]));

/** The last presence state `peer` was sent for ID, as it would show it. */
function shownPresence(peer: RecordingPeer): unknown {
  let state: unknown;
  for (const message of peer.received) {
    const decoded = readMessage(message);
    if (decoded.type !== 'awareness') continue;
    for (const entry of readAwarenessUpdate(decoded.update)) if (entry.clientId === ID) state = JSON.parse(entry.state);
  }
  return state;
}

describe('a connection that said goodbye, probed while another connection speaks (H12, R4)', () => {
  let harness: RoomHarness;
  beforeEach(() => {
    harness = new RoomHarness();
  });
  afterEach(() => harness.close());

  /** The old connection, having edited and announced itself with ID, and a viewer watching. */
  async function saidGoodbye() {
    const room = harness.load();
    const old = new SaidGoodbye(room);
    const watcher = new RecordingPeer('viewer');
    room.connect(old);
    room.connect(watcher);
    const doc = new Y.Doc();
    doc.clientID = ID;
    const edit = (key: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getMap('items').set(key, true);
      return writeUpdate(Y.encodeStateAsUpdate(doc, before));
    };
    room.receive(old, edit('before'));
    room.receive(old, presence(1, { view: 'tree' }));
    await nextTurn();
    expect(watcher.doc().getMap('items').get('before')).toBe(true);
    expect(shownPresence(watcher)).toEqual({ view: 'tree' });
    // The same client on a new connection, while the room still lists the old one.
    const back = new RecordingPeer('editor');
    room.connect(back);
    return { room, watcher, back, edit };
  }

  /** What the watcher was sent for ID that shows the agenda: the reconnected client's presence. */
  const agendaStates = (watcher: RecordingPeer) =>
    watcher.received.filter((message) => {
      const decoded = readMessage(message);
      return decoded.type === 'awareness' && readAwarenessUpdate(decoded.update).some((entry) => entry.clientId === ID && entry.state.includes('agenda'));
    });

  it('[H12] lets the reconnected client write with its id at once when its edit comes first', async () => {
    const { room, watcher, back, edit } = await saidGoodbye();
    room.receive(back, edit('after'));
    room.receive(back, presence(2, { view: 'agenda' }));
    await nextTurn();
    expect(back.closed).toBeNull();
    expect(watcher.doc().getMap('items').get('after')).toBe(true);
    expect(shownPresence(watcher)).toEqual({ view: 'agenda' });
    expect(harness.refusals).toEqual([]);
  });

  it('[H12][R4] hands its presence to the reconnected client at once, exactly once, when its presence comes first', async () => {
    const { room, watcher, back, edit } = await saidGoodbye();
    room.receive(back, presence(2, { view: 'agenda' }));
    room.receive(back, edit('after'));
    await nextTurn();
    expect(back.closed).toBeNull();
    expect(watcher.doc().getMap('items').get('after')).toBe(true);
    expect(shownPresence(watcher)).toEqual({ view: 'agenda' });
    expect(agendaStates(watcher)).toHaveLength(1);
    expect(harness.refusals).toEqual([]);
  });
});
