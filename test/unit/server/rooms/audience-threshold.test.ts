import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readMessage, writeUpdate } from '../../../../server/protocol/messages';
import { AUDIENCE_CONNECTIONS } from '../../../../server/rooms/merged-relay';
import type { Room } from '../../../../server/rooms/room';
import { editUpdate, nextTurn, RecordingPeer, RoomHarness } from '../support/room-harness';

/** The keys of `items` a connection holds, in the order its messages brought them. */
function keysInArrivalOrder(peer: RecordingPeer): string[] {
  const doc = new Y.Doc();
  const seen: string[] = [];
  for (const message of peer.received.map(readMessage)) {
    if (message.type !== 'sync-update' && message.type !== 'sync-step2') continue;
    Y.applyUpdate(doc, message.update);
    for (const key of doc.getMap('items').keys()) if (!seen.includes(key)) seen.push(key);
  }
  return seen;
}

/** [L3] A room relays through the audience window from its 250th connection on, and in order as it crosses back. */
describe('a room crossing the audience threshold', () => {
  let harness: RoomHarness;
  let room: Room;
  let writer: RecordingPeer;
  let follower: RecordingPeer;
  const others: RecordingPeer[] = [];

  beforeEach(() => {
    // Only the relay's window is faked; the group commit's setImmediate stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    harness = new RoomHarness();
    room = harness.load();
    writer = new RecordingPeer('editor');
    follower = new RecordingPeer('viewer');
    room.connect(writer);
    room.connect(follower);
    // Two short of an audience: the writer, the follower and these.
    for (let i = 0; i < AUDIENCE_CONNECTIONS - 3; i++) {
      const peer = new RecordingPeer('viewer');
      others.push(peer);
      room.connect(peer);
    }
    follower.received.length = 0;
  });
  afterEach(() => {
    others.length = 0;
    harness.close();
    vi.useRealTimers();
  });

  it('[L3] relays at the commit below 250 connections, and through the window from the 250th on', async () => {
    room.receive(writer, writeUpdate(editUpdate('small-room')));
    await nextTurn();
    expect(keysInArrivalOrder(follower)).toEqual(['small-room']);

    room.connect(new RecordingPeer('viewer'));
    room.receive(writer, writeUpdate(editUpdate('audience')));
    await nextTurn();
    expect(harness.store.lastSeq('w1')).toBe(2);
    expect(keysInArrivalOrder(follower)).toEqual(['small-room']);
    vi.advanceTimersByTime(1);
    expect(keysInArrivalOrder(follower)).toEqual(['small-room', 'audience']);
  });

  it('[L3] keeps commit order when the room drops below 250 while the window holds an update', async () => {
    const last = new RecordingPeer('viewer');
    room.connect(last);
    room.receive(writer, writeUpdate(editUpdate('held')));
    await nextTurn();
    expect(keysInArrivalOrder(follower)).toEqual([]);

    room.disconnect(last);
    room.receive(writer, writeUpdate(editUpdate('after')));
    await nextTurn();
    // Not relayed ahead of what the window still holds.
    expect(keysInArrivalOrder(follower)).toEqual([]);
    vi.advanceTimersByTime(8);
    // Both with the window's send (merged, so in no particular order within it).
    expect(keysInArrivalOrder(follower).sort()).toEqual(['after', 'held']);

    // The window emptied and the room is small again: relayed at the commit.
    vi.advanceTimersByTime(8);
    room.receive(writer, writeUpdate(editUpdate('small-again')));
    await nextTurn();
    expect(keysInArrivalOrder(follower).slice(2)).toEqual(['small-again']);
  });
});
