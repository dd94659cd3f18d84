import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMessage, writeQueryAwareness, writeSyncStep1, writeUpdate } from '../../../../server/protocol/messages';
import { RoomLoadError, type Room } from '../../../../server/rooms/room';
import { SCHEMA_VERSION } from '../../../../shared/schema/constants';
import { editUpdate, nextTurn, RecordingPeer, RoomHarness } from '../support/room-harness';
import { openDatabase } from '../../../integration/support/database';

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** A workspace stored as one compacted state row, at document schema `schema`, holding `items.stored`. */
async function storedWorkspace(harness: RoomHarness, schema = SCHEMA_VERSION): Promise<void> {
  const room = harness.load();
  room.connect(new RecordingPeer('viewer'));
  room.change((doc) => {
    doc.getMap('meta').set('schema', schema);
    doc.getMap('items').set('stored', 'yes');
  }, 'seed');
  await room.whenCommitted();
  room.compactLog();
  room.destroy();
}

/** [P3] A workspace stored as one intact state answers a newcomer before its document is built. */
describe('a room opened on its stored state', () => {
  let harness: RoomHarness;
  let room: Room;
  beforeEach(async () => {
    harness = new RoomHarness();
    await storedWorkspace(harness);
    room = harness.load({ serveBeforeBuild: true });
  });
  afterEach(() => harness.close());

  it('answers a newcomer asking for everything with the stored state, then builds the document', async () => {
    const newcomer = new RecordingPeer('editor');
    room.connect(newcomer);
    room.receive(newcomer, writeSyncStep1(EMPTY_STATE_VECTOR));
    expect(newcomer.doc().getMap('items').get('stored')).toBe('yes');
    expect(harness.builtRooms).not.toContain(room);

    await nextTurn();
    expect(harness.builtRooms.filter((built) => built === room)).toHaveLength(1);
    // [Q4] It said it has nothing, so once built the room does not ask it, as a built room would not (L1).
    expect(newcomer.received.map(readMessage).map((m) => m.type)).toEqual(['sync-step2']);
    expect(room.doc.getMap('items').get('stored')).toBe('yes');
  });

  it('[Q4] asks a connection whose first word was presence for what it has once the document is built', async () => {
    const present = new RecordingPeer('editor');
    const newcomer = new RecordingPeer('editor');
    room.connect(present);
    room.connect(newcomer);
    // [L7] Each gets the stored state as it joins.
    expect(present.received.map(readMessage).map((m) => m.type)).toEqual(['sync-step2']);
    present.received.length = 0;
    room.receive(present, writeQueryAwareness());
    room.receive(newcomer, writeSyncStep1(EMPTY_STATE_VECTOR));
    expect(present.received).toEqual([]);

    await nextTurn();
    expect(harness.builtRooms).toContain(room);
    const asked = present.received.map(readMessage);
    expect(asked.map((m) => m.type)).toEqual(['sync-step1']);
    expect(asked[0]).toMatchObject({ stateVector: Y.encodeStateVector(room.doc) });
    expect(newcomer.received.map(readMessage).map((m) => m.type)).toEqual(['sync-step2']);
  });

  it('builds the document first for a client that already holds part of it', () => {
    const returning = new RecordingPeer('editor');
    const own = new Y.Doc();
    own.getMap('items').set('offline', 1);
    room.connect(returning);
    room.receive(returning, writeSyncStep1(Y.encodeStateVector(own)));
    expect(harness.builtRooms).toContain(room);
    expect(returning.doc().getMap('items').get('stored')).toBe('yes');
  });

  it('applies an edit that arrives before the build to the built document, and stores it', async () => {
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    room.receive(writer, writeUpdate(editUpdate('early')));
    await nextTurn();
    expect(room.doc.getMap('items').toJSON()).toEqual({ stored: 'yes', early: true });
    expect(harness.store.lastSeq('w1')).toBe(2);
  });

  it('closes its connections when the document cannot be built after all, storing nothing', async () => {
    harness.onBuilt = () => {
      throw new Error('migration refused');
    };
    const newcomer = new RecordingPeer('editor');
    room.connect(newcomer);
    room.receive(newcomer, writeSyncStep1(EMPTY_STATE_VECTOR));
    await nextTurn();
    expect(newcomer.closed?.code).toBe(1011);
    expect(harness.failedRooms).toEqual([room]);
    expect(harness.store.lastSeq('w1')).toBe(1);
  });
});

describe('a stored state that is not known intact', () => {
  let harness: RoomHarness;
  beforeEach(async () => {
    harness = new RoomHarness();
    await storedWorkspace(harness);
  });
  afterEach(() => harness.close());

  /** Rewrites the state row behind the store's back, as a bad disk or a stray tool would. */
  function tamper(sql: string): void {
    harness.store.close();
    const db = openDatabase(harness.dir);
    db.prepare(sql).run();
    db.close();
    harness.reopenStore();
  }

  it('is built before anyone is answered when its checksum is missing (a database from an older release)', () => {
    tamper('UPDATE states SET checksum = NULL');
    const room = harness.load({ serveBeforeBuild: true });
    expect(harness.builtRooms).toContain(room);
    expect(room.doc.getMap('items').get('stored')).toBe('yes');
  });

  it('is built before anyone is answered when it was written at another document schema', async () => {
    const newer = new RoomHarness();
    try {
      await storedWorkspace(newer, SCHEMA_VERSION + 1);
      const room = newer.load({ serveBeforeBuild: true });
      expect(newer.builtRooms).toContain(room);
    } finally {
      newer.close();
    }
  });

  it('refuses to load when its bytes no longer match what was written, instead of serving them', () => {
    tamper("UPDATE states SET data = x'ffffff'");
    expect(() => harness.load({ serveBeforeBuild: true })).toThrow(RoomLoadError);
  });
});
