import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAwarenessUpdate, writeAwarenessUpdate } from '../../../../server/protocol/awareness-update';
import { RoomAwareness } from '../../../../server/rooms/room-awareness';
import { nextTurn, RecordingPeer } from '../support/room-harness';

const limits = { maxStateBytes: 16 * 1024, perSecond: 20, burst: 60 };

describe('presence for the other nodes (SPEC N6)', () => {
  const made: RoomAwareness[] = [];
  afterEach(() => made.splice(0).forEach((presence) => presence.destroy()));
  const room = (published: (update: Uint8Array) => void) => {
    const presence = new RoomAwareness(new Y.Doc(), () => {}, { limits, refused: () => {}, isAudience: () => false, published, peopleChanged: () => {} });
    made.push(presence);
    return presence;
  };

  it('N6 what several connections say in one turn goes to the other nodes as one message holding each of them', async () => {
    const published: Uint8Array[] = [];
    const presence = room((update) => published.push(update));
    const peers = [1, 2, 3].map(() => new RecordingPeer('editor'));
    peers.forEach((peer, i) => presence.receive(peer, writeAwarenessUpdate([{ clientId: 100 + i, clock: 1, state: JSON.stringify({ cursor: i }) }])));
    expect(published).toHaveLength(0);
    await nextTurn();
    expect(published).toHaveLength(1);
    expect(readAwarenessUpdate(published[0]!).map((entry) => [entry.clientId, JSON.parse(entry.state!).cursor])).toEqual([
      [100, 0],
      [101, 1],
      [102, 2],
    ]);

    presence.receive(peers[0]!, writeAwarenessUpdate([{ clientId: 100, clock: 2, state: JSON.stringify({ cursor: 9 }) }]));
    await nextTurn();
    expect(published).toHaveLength(2);
    expect(readAwarenessUpdate(published[1]!).map((entry) => entry.clientId)).toEqual([100]);
  });

  it('N6 what another node sent is not sent back to the other nodes', async () => {
    const published: Uint8Array[] = [];
    const presence = room((update) => published.push(update));
    presence.applyRemote(writeAwarenessUpdate([{ clientId: 7, clock: 1, state: JSON.stringify({ cursor: 1 }) }]));
    await nextTurn();
    expect(published).toEqual([]);
  });
});
