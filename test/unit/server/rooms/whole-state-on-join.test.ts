import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMessage, writeSyncStep1, writeUpdate } from '../../../../server/protocol/messages';
import type { Room } from '../../../../server/rooms/room';
import { editUpdate, nextTurn, RecordingPeer, RoomHarness } from '../support/room-harness';

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

const types = (peer: RecordingPeer) => peer.received.map(readMessage).map((m) => m.type);

/** An update from a fresh client that sets `items[key]` to `bytes` characters of text. */
function bigUpdate(key: string, bytes: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('items').set(key, 'x'.repeat(bytes));
  return Y.encodeStateAsUpdate(doc);
}

/** [L7] A small document goes to a newcomer as it joins, before it asks. */
describe('the whole state sent on joining', () => {
  let harness: RoomHarness;
  let room: Room;
  beforeEach(async () => {
    harness = new RoomHarness();
    room = harness.load();
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    room.receive(writer, writeUpdate(editUpdate('before')));
    await room.whenCommitted();
  });
  afterEach(() => harness.close());

  it('[L7] reaches a newcomer that has not said anything, and its empty sync step 1 is not answered with a second copy', async () => {
    const newcomer = new RecordingPeer('viewer');
    room.connect(newcomer);
    expect(types(newcomer)).toEqual(['sync-step2']);
    expect(newcomer.doc().getMap('items').get('before')).toBe(true);

    room.receive(newcomer, writeSyncStep1(EMPTY_STATE_VECTOR));
    await nextTurn();
    expect(types(newcomer)).toEqual(['sync-step2']);
  });

  it('[L7] asks a returning client for what it has, without sending the state again', async () => {
    const returning = new RecordingPeer('editor');
    const own = new Y.Doc();
    own.getMap('items').set('offline', 1);
    room.connect(returning);
    room.receive(returning, writeSyncStep1(Y.encodeStateVector(own)));
    await nextTurn();
    expect(types(returning)).toEqual(['sync-step2', 'sync-step1']);
  });

  it('[L7][S2] waits for the updates the room holds to be stored, and includes them', async () => {
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    room.receive(writer, writeUpdate(editUpdate('pending')));
    const newcomer = new RecordingPeer('viewer');
    room.connect(newcomer);
    expect(newcomer.received).toEqual([]);

    await room.whenCommitted();
    expect(harness.store.lastSeq('w1')).toBe(2);
    expect(newcomer.doc().getMap('items').toJSON()).toEqual({ before: true, pending: true });
  });

  it('[L7] is not sent for a document over 128 KiB: the newcomer’s step 1 is answered, with what it lacks', async () => {
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    room.receive(writer, writeUpdate(bigUpdate('big', 200_000)));
    await room.whenCommitted();
    // Encoded once (for the first newcomer), after which the room knows the state is large.
    room.connect(new RecordingPeer('viewer'));

    const newcomer = new RecordingPeer('viewer');
    room.connect(newcomer);
    expect(newcomer.received).toEqual([]);
    room.receive(newcomer, writeSyncStep1(EMPTY_STATE_VECTOR));
    await nextTurn();
    expect(types(newcomer)).toEqual(['sync-step2']);
    expect((newcomer.doc().getMap('items').get('big') as string).length).toBe(200_000);
  });

  it('[L7] still reaches a newcomer whose step 1 it left unanswered when the state grew past 128 KiB before it was stored', async () => {
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    room.receive(writer, writeUpdate(bigUpdate('big', 200_000)));
    const newcomer = new RecordingPeer('viewer');
    room.connect(newcomer);
    room.receive(newcomer, writeSyncStep1(EMPTY_STATE_VECTOR));
    const quiet = new RecordingPeer('viewer');
    room.connect(quiet);
    expect(newcomer.received).toEqual([]);

    await room.whenCommitted();
    // The relayed update, then the whole state, which it needs for what came before.
    expect(types(newcomer)).toEqual(['sync-update', 'sync-step2']);
    expect(newcomer.doc().getMap('items').get('before')).toBe(true);
    // One that has not asked yet is answered when it does, as any newcomer to a large document.
    expect(types(quiet)).toEqual(['sync-update']);
    room.receive(quiet, writeSyncStep1(EMPTY_STATE_VECTOR));
    await nextTurn();
    expect(types(quiet)).toEqual(['sync-update', 'sync-step2']);
    expect(quiet.doc().getMap('items').get('before')).toBe(true);
  });
});
