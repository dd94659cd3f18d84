import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeSyncStep1, writeUpdate } from '../../../../server/protocol/messages';
import type { Room } from '../../../../server/rooms/room';
import type { Store } from '../../../../server/storage/store';
import { editUpdate, nextTurn, RecordingPeer, RoomHarness } from '../support/room-harness';

describe('room ordering: commit before relay', () => {
  let harness: RoomHarness;
  let store: Store;
  let room: Room;
  let failedRooms: Room[];

  beforeEach(() => {
    harness = new RoomHarness();
    ({ store, failedRooms } = harness);
    room = harness.load();
  });
  afterEach(() => harness.close());

  it('relays an update only after the turn’s group commit has stored it', async () => {
    const writer = new RecordingPeer('editor');
    const reader = new RecordingPeer('viewer');
    room.connect(writer);
    room.connect(reader);
    // What they got on joining (L7) is not what this is about.
    writer.received.length = 0;
    reader.received.length = 0;

    room.receive(writer, writeUpdate(editUpdate('a')));
    room.receive(writer, writeUpdate(editUpdate('b')));
    expect(reader.received).toEqual([]);
    expect(store.lastSeq('w1')).toBe(0);

    await nextTurn();
    expect(store.lastSeq('w1')).toBe(2);
    expect(reader.updates()).toHaveLength(2);
    expect(writer.updates()).toHaveLength(0);
    expect(reader.doc().getMap('items').toJSON()).toEqual({ a: true, b: true });
  });

  it('in a busy room, relays a turn of several writers’ updates as one merged frame to everyone', async () => {
    const [alice, bob, carol] = [new RecordingPeer('editor'), new RecordingPeer('editor'), new RecordingPeer('viewer')];
    const audience = Array.from({ length: 6 }, () => new RecordingPeer('viewer'));
    for (const peer of [alice, bob, carol, ...audience]) room.connect(peer);
    for (const peer of [alice, bob, carol]) peer.received.length = 0;
    room.receive(alice, writeUpdate(editUpdate('from-alice')));
    room.receive(bob, writeUpdate(editUpdate('from-bob')));
    await nextTurn();
    expect(store.lastSeq('w1')).toBe(1);
    for (const peer of [alice, bob, carol]) {
      expect(peer.updates()).toHaveLength(1);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, peer.updates()[0]!);
      expect(Object.keys(doc.getMap('items').toJSON()).sort()).toEqual(['from-alice', 'from-bob']);
    }
  });

  it('answers a sync step 1 that arrives with uncommitted updates only after they are stored', async () => {
    const writer = new RecordingPeer('editor');
    const joiner = new RecordingPeer('viewer');
    room.connect(writer);
    room.receive(writer, writeUpdate(editUpdate('early')));
    room.connect(joiner);
    joiner.received.length = 0;
    room.receive(joiner, writeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    expect(joiner.received).toEqual([]);

    await nextTurn();
    expect(joiner.doc().getMap('items').get('early')).toBe(true);
  });

  it('stores and relays nothing a viewer sends', async () => {
    const viewer = new RecordingPeer('viewer');
    const other = new RecordingPeer('editor');
    room.connect(viewer);
    room.connect(other);
    other.received.length = 0;
    room.receive(viewer, writeUpdate(editUpdate('sneaky')));
    await nextTurn();
    expect(store.lastSeq('w1')).toBe(0);
    expect(other.received).toEqual([]);
    expect(room.doc.getMap('items').has('sneaky')).toBe(false);
  });

  it('on a failed commit relays nothing, rejects waiters, closes connections with 1011 and leaves the registry', async () => {
    const writer = new RecordingPeer('editor');
    const reader = new RecordingPeer('viewer');
    room.connect(writer);
    room.connect(reader);
    reader.received.length = 0;
    store.commit = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    room.receive(writer, writeUpdate(editUpdate('lost?')));
    const committed = expect(room.whenCommitted()).rejects.toThrow(/disk is full/);
    await nextTurn();
    await committed;
    expect(reader.received).toEqual([]);
    expect(writer.closed?.code).toBe(1011);
    expect(reader.closed?.code).toBe(1011);
    expect(failedRooms).toEqual([room]);
  });
});
