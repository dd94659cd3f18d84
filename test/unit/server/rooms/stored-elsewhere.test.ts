import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Room } from '../../../../server/rooms/room';
import { writeUpdate } from '../../../../server/protocol/messages';
import { editUpdate, nextTurn, RecordingPeer, RoomHarness } from '../support/room-harness';

/** One writer's updates, each continuing the one before: Yjs cannot place one without those before it. */
function chainedUpdates(keys: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const key of keys) doc.getMap('items').set(key, true);
  return updates;
}

/** SPEC N7: what another node stored reaches this node's connections once, however it arrives. */
describe('updates another node stored', () => {
  let harness: RoomHarness;
  let room: Room;
  let reader: RecordingPeer;
  const keys = (peer: RecordingPeer) => peer.itemKeys();

  beforeEach(() => {
    harness = new RoomHarness();
    room = harness.load();
    reader = new RecordingPeer('viewer');
    room.connect(reader);
    reader.received.length = 0;
  });
  afterEach(() => harness.close());

  it('N7 rows a catch-up read already brought are not sent again when their message arrives late', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(editUpdate);
    // The catch-up read brought rows 1-3; then the message for rows 3-4 arrives.
    expect(room.applyStored([a!, b!, c!], 0, 3)).toBe(true);
    expect(room.applyStored([c!, d!], 2, 4)).toBe(true);
    // And one for rows 1-2, later still, changes nothing.
    expect(room.applyStored([a!, b!], 0, 2)).toBe(true);
    expect(keys(reader)).toEqual(['a', 'b', 'c', 'd']);
    expect(room.storedSeq).toBe(4);
    expect(reader.doc().getMap('items').toJSON()).toEqual({ a: true, b: true, c: true, d: true });
  });

  it('N7 rows past a gap that build only on what the room holds go out at once; the gap\'s rows follow, and all are then held', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(editUpdate);
    // Rows 3-4 and 5, by other people than rows 1-2, are heard first: sent at once (they are
    // stored), while the room still says it lacks rows 1-2.
    expect(room.applyStored([c!, d!], 2, 4)).toBe(false);
    expect(room.applyStored([e!], 4, 5)).toBe(false);
    expect(keys(reader)).toEqual(['c', 'd', 'e']);
    expect(room.storedSeq).toBe(0);
    expect(room.awaitsRows).toBe(true);

    expect(room.applyStored([a!, b!], 0, 2)).toBe(true);
    expect(keys(reader)).toEqual(['c', 'd', 'e', 'a', 'b']);
    expect(room.storedSeq).toBe(5);
    expect(room.awaitsRows).toBe(false);
    expect(room.doc.getMap('items').toJSON()).toEqual({ a: true, b: true, c: true, d: true, e: true });
  });

  it('N7 rows past a gap that build on rows not here yet are kept, unsent, until those come; then all go out in log order', () => {
    const [a, b, c] = chainedUpdates(['a', 'b', 'c']);
    // Rows 2 and 3 continue row 1's writer: Yjs could not place them without it.
    expect(room.applyStored([b!], 1, 2)).toBe(false);
    expect(room.applyStored([c!], 2, 3)).toBe(false);
    expect(reader.received).toEqual([]);
    expect(room.doc.getMap('items').toJSON()).toEqual({});
    expect(room.awaitsRows).toBe(true);

    expect(room.applyStored([a!], 0, 1)).toBe(true);
    expect(reader.updates()).toEqual([a, b, c]);
    expect(room.storedSeq).toBe(3);
    expect(room.doc.getMap('items').toJSON()).toEqual({ a: true, b: true, c: true });
  });

  it('N7 a row past a gap that deletes what is not here yet waits for it', () => {
    const writer = new Y.Doc();
    const items = writer.getMap('items');
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    items.set('a', true);
    // Another person, whose writes build on nothing of row 1's but delete its entry.
    const other = new Y.Doc();
    Y.applyUpdate(other, updates[0]!);
    other.getMap('items').set('b', true);
    const before = Y.encodeStateVector(other);
    other.getMap('items').delete('a');
    const deletion = Y.encodeStateAsUpdate(other, before);
    const [rowOne] = updates;
    const rowTwo = Y.mergeUpdates([Y.encodeStateAsUpdate(other, Y.encodeStateVectorFromUpdate(rowOne!)), deletion]);

    expect(room.applyStored([rowTwo], 1, 2)).toBe(false);
    expect(reader.received).toEqual([]);
    expect(room.applyStored([rowOne!], 0, 1)).toBe(true);
    expect(reader.doc().getMap('items').toJSON()).toEqual({ b: true });
    expect(room.doc.getMap('items').toJSON()).toEqual({ b: true });
  });

  it('N7 a row past a gap that types into text not here yet waits for it', () => {
    const first = new Y.Doc();
    first.getText('title').insert(0, 'Plan');
    const rowOne = Y.encodeStateAsUpdate(first);
    // Another person, placing their words after row 1's: Yjs needs row 1 to know where.
    const second = new Y.Doc();
    Y.applyUpdate(second, rowOne);
    second.getText('title').insert(4, ' B');
    const rowTwo = Y.encodeStateAsUpdate(second, Y.encodeStateVectorFromUpdate(rowOne));

    expect(room.applyStored([rowTwo], 1, 2)).toBe(false);
    expect(reader.received).toEqual([]);
    expect(room.applyStored([rowOne], 0, 1)).toBe(true);
    expect(reader.doc().getText('title').toString()).toBe('Plan B');
  });

  it('H4/N5 an edit held back for a row another node stored is stored and relayed once that row comes', async () => {
    const elsewhere = new Y.Doc();
    elsewhere.getText('title').insert(0, 'Plan');
    const row = Y.encodeStateAsUpdate(elsewhere);
    // An editor who had seen the row (through another node) types after it; this node lacks it.
    const editorDoc = new Y.Doc();
    Y.applyUpdate(editorDoc, row);
    const before = Y.encodeStateVector(editorDoc);
    editorDoc.getText('title').insert(4, ' B');
    const editor = new RecordingPeer('editor');
    room.connect(editor);
    room.receive(editor, writeUpdate(Y.encodeStateAsUpdate(editorDoc, before)));
    await nextTurn();
    expect(reader.doc().getText('title').toString()).toBe('');

    expect(room.applyStored([row], 0, 1)).toBe(true);
    await room.whenCommitted();
    expect(reader.doc().getText('title').toString()).toBe('Plan B');
    // Stored: a room loaded afresh from the log has the edit.
    const stored = harness.store.loadDocument('w1');
    const reloaded = new Y.Doc();
    for (const update of [...(stored.state ? [stored.state] : []), ...stored.updates]) Y.applyUpdate(reloaded, update);
    expect(reloaded.getText('title').toString()).toBe('Plan B');
  });

  it('N7 rows a catch-up read brings after some of them came early are applied and sent once', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(editUpdate);
    expect(room.applyStored([c!], 2, 3)).toBe(false);
    // The read brings rows 1-3; row 3 went out as it came, and must not go out twice.
    expect(room.applyStored([a!, b!, c!], 0, 3)).toBe(true);
    expect(keys(reader)).toEqual(['c', 'a', 'b']);
    expect(room.awaitsRows).toBe(false);
  });

  it('N7 kept rows a catch-up read also brings are applied and sent once, in log order', () => {
    const [a, b, c] = chainedUpdates(['a', 'b', 'c']);
    expect(room.applyStored([c!], 2, 3)).toBe(false);
    expect(room.applyStored([a!, b!, c!], 0, 3)).toBe(true);
    expect(reader.updates()).toEqual([a, b, c]);
    expect(reader.doc().getMap('items').toJSON()).toEqual({ a: true, b: true, c: true });
    expect(room.awaitsRows).toBe(false);
  });

  it('N7 when more batches come early than the room keeps, the catch-up read still brings the room every row, each sent once', () => {
    const rows = Array.from({ length: 300 }, (_, i) => editUpdate(`k${i + 1}`));
    // Rows 2-300, one message each, all before row 1.
    for (let seq = 2; seq <= 300; seq++) expect(room.applyStored([rows[seq - 1]!], seq - 1, seq)).toBe(false);
    expect(room.applyStored(rows, 0, 300)).toBe(true);
    expect(room.storedSeq).toBe(300);
    const sent = keys(reader);
    expect(sent).toHaveLength(300);
    expect(new Set(sent)).toEqual(new Set(rows.map((_, i) => `k${i + 1}`)));
    expect(room.awaitsRows).toBe(false);
  });

  it('N7 a batch heard of before this node\'s own commit that it follows goes out at once; the edit follows when its commit answers', async () => {
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    room.receive(writer, writeUpdate(editUpdate('b')));
    // Row 2, stored by another node, is heard while this node's edit is still being stored as row 1.
    expect(room.applyStored([editUpdate('c')], 1, 2)).toBe(false);
    expect(keys(reader)).toEqual(['c']);
    await nextTurn();
    expect(keys(reader)).toEqual(['c', 'b']);
    expect(room.storedSeq).toBe(2);
    expect(room.awaitsRows).toBe(false);
  });

  /**
   * Another node stores row 1 ('a') before this node's commit, so this node's edit ('b') becomes
   * row 2; answers row 1's update, whose message has not come yet.
   */
  const storeAfterAnotherNode = async (): Promise<Uint8Array> => {
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    const elsewhere = editUpdate('a');
    harness.store.commit([{ workspace: 'w1', updates: [elsewhere] }]);
    room.receive(writer, writeUpdate(editUpdate('b')));
    await nextTurn();
    return elsewhere;
  };

  it('N7 a batch this node stores after rows another node stored first waits for them, and is not sent again when a read brings it', async () => {
    await storeAfterAnotherNode();
    // Relayed here at once; the room knows of row 2 but lacks row 1, and says so.
    expect(keys(reader)).toEqual(['b']);
    expect(room.storedSeq).toBe(0);
    expect(room.awaitsRows).toBe(true);
    expect(harness.behindRooms).toEqual([room]);

    // A catch-up read brings rows 1 and 2: only row 1 is new here.
    const tail = harness.store.readLog('w1', 0) as { updates: Uint8Array[]; lastSeq: number };
    expect(tail.lastSeq).toBe(2);
    expect(room.applyStored(tail.updates, 0, tail.lastSeq)).toBe(true);
    expect(keys(reader)).toEqual(['b', 'a']);
    expect(room.storedSeq).toBe(2);
    expect(room.awaitsRows).toBe(false);
  });

  it('N7 a batch this node stored after a gap is counted held once the message for the gap arrives', async () => {
    const elsewhere = await storeAfterAnotherNode();
    expect(room.storedSeq).toBe(0);
    // Row 1's message comes through Redis: the room now holds rows 1 and 2.
    expect(room.applyStored([elsewhere], 0, 1)).toBe(true);
    expect(room.storedSeq).toBe(2);
    expect(keys(reader)).toEqual(['b', 'a']);
    // Row 3, stored next by another node, carries on from there.
    expect(room.applyStored([editUpdate('c')], 2, 3)).toBe(true);
    expect(room.storedSeq).toBe(3);
  });

  it('N3/N7 this node\'s own edit reaches its connections when a state another node compacted brought it before the commit answered', async () => {
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    const own = editUpdate('b');
    room.receive(writer, writeUpdate(own));
    // Another node stored row 2 and folded rows 1-2 (this node's edit first) into the state row.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, own);
    Y.applyUpdate(elsewhere, editUpdate('a'));
    room.reloadStored({ state: Y.encodeStateAsUpdate(elsewhere), stateIsWhole: true, stateSchema: null, updates: [], updateBytes: 0, lastSeq: 2 });
    expect(room.storedSeq).toBe(2);
    await nextTurn();
    // The reload sent only what was new to the room ('a'); the commit's answer sends the edit.
    expect(reader.doc().getMap('items').toJSON()).toEqual({ a: true, b: true });
    expect(room.storedSeq).toBe(2);
  });

  it('N3/N7 a state another node compacted sends the connections only what was new to the room, not the whole state', () => {
    const a = editUpdate('a');
    room.applyStored([a], 0, 1);
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, a);
    Y.applyUpdate(elsewhere, editUpdate('b'));
    for (let i = 0; i < 50; i++) elsewhere.getMap('bulk').set(`k${i}`, 'x'.repeat(100));
    const state = Y.encodeStateAsUpdate(elsewhere);
    reader.received.length = 0;
    // Held already: nothing to send.
    room.reloadStored({ state: Y.encodeStateAsUpdate(room.doc), stateIsWhole: true, stateSchema: null, updates: [], updateBytes: 0, lastSeq: 2 });
    expect(reader.received).toEqual([]);

    room.reloadStored({ state, stateIsWhole: false, stateSchema: null, updates: [editUpdate('c')], updateBytes: 0, lastSeq: 9 });
    expect(room.storedSeq).toBe(9);
    const sent = reader.updates();
    expect(sent).toHaveLength(1);
    // What the connection receives has 'b', 'c' and the bulk, not 'a' again, which the whole state would carry.
    const seen = reader.doc();
    expect(seen.getMap('items').toJSON()).toEqual({ b: true, c: true });
    expect(seen.getMap('bulk').size).toBe(50);
  });
});

describe('a busy room relaying what other nodes stored (N5)', () => {
  let harness: RoomHarness;
  let room: Room;
  let peers: RecordingPeer[];
  const items = (peer: RecordingPeer) => peer.itemsPerUpdate();

  beforeEach(async () => {
    harness = new RoomHarness();
    room = harness.load();
    // Eight connections make a busy room (the commit queue's merge threshold).
    peers = Array.from({ length: 8 }, () => new RecordingPeer('editor'));
    for (const peer of peers) room.connect(peer);
    await nextTurn();
    for (const peer of peers) peer.received.length = 0;
  });
  afterEach(() => harness.close());

  it('N5 batches from other nodes that arrive in one turn reach each connection as one frame at the end of it; one arriving alone goes at the end of its own', async () => {
    expect(room.applyStored([editUpdate('a')], 0, 1)).toBe(true);
    expect(room.applyStored([editUpdate('b'), editUpdate('c')], 1, 3)).toBe(true);
    // The room holds the rows at once; its connections get them when the turn ends.
    expect(room.storedSeq).toBe(3);
    expect(room.doc.getMap('items').toJSON()).toEqual({ a: true, b: true, c: true });
    expect(peers[1]!.received).toEqual([]);
    await nextTurn();
    for (const peer of peers) expect(items(peer)).toEqual([{ a: true, b: true, c: true }]);

    room.applyStored([editUpdate('d')], 3, 4);
    await nextTurn();
    for (const peer of peers) expect(items(peer)).toEqual([{ a: true, b: true, c: true }, { d: true }]);
    expect(peers[1]!.doc().getMap('items').toJSON()).toEqual({ a: true, b: true, c: true, d: true });
  });

  /** Another node stores rows `afterSeq + 1`… (one per key) in the shared log; this node hears of them. */
  const storedElsewhere = (keys: string[], afterSeq: number): boolean => {
    const updates = keys.map(editUpdate);
    harness.store.commit([{ workspace: 'w1', updates }]);
    return room.applyStored(updates, afterSeq, afterSeq + updates.length);
  };

  it('N5 an edit from this node in the same turn is relayed after them, in commit order', async () => {
    const [writer, reader] = [peers[0]!, peers[1]!];
    storedElsewhere(['a', 'b'], 0);
    room.receive(writer, writeUpdate(editUpdate('c')));
    await nextTurn();
    await nextTurn();
    expect(items(reader)).toEqual([{ a: true, b: true }, { c: true }]);
    // The writer is not sent its own edit back.
    expect(items(writer)).toEqual([{ a: true, b: true }]);
    // The other node's two rows, and this node's edit after them, stored once.
    expect(harness.store.loadDocument('w1').updates).toHaveLength(3);
    expect(room.storedSeq).toBe(3);
  });

  it('N5 an edit this node stores while other nodes\' batches wait goes in the same frame', async () => {
    const [writer, reader] = [peers[0]!, peers[1]!];
    // The edit's group commit is due before the batches' send: it joins them.
    room.receive(writer, writeUpdate(editUpdate('c')));
    storedElsewhere(['a', 'b'], 0);
    expect(reader.received).toEqual([]);
    await nextTurn();
    expect(items(reader)).toEqual([{ a: true, b: true, c: true }]);
    expect(items(writer)).toEqual([{ a: true, b: true, c: true }]);
  });

  it('N5 a room that fails while batches wait closes every connection with 1011 and sends them nothing, at the turn\'s end either', async () => {
    room.applyStored([editUpdate('a')], 0, 1);
    room.fail(new Error('disk full'), 'storage unavailable');
    await nextTurn();
    expect(room.isClosed).toBe(true);
    for (const peer of peers) {
      expect(peer.updates()).toEqual([]);
      expect(peer.closed).toEqual({ code: 1011, reason: 'storage unavailable' });
    }
  });

  it('N5 a small room relays another node\'s batch at once, as it arrives', () => {
    const other = new RoomHarness();
    try {
      const small = other.load();
      const reader = new RecordingPeer('viewer');
      small.connect(reader);
      reader.received.length = 0;
      small.applyStored([editUpdate('a')], 0, 1);
      small.applyStored([editUpdate('b')], 1, 2);
      expect(items(reader)).toEqual([{ a: true }, { b: true }]);
    } finally {
      other.close();
    }
  });
});

describe('compaction with several nodes holding a room', () => {
  it('S6/N8 a node that does not hold the lease never folds the log, though it passes its bound; the holder does', async () => {
    const harness = new RoomHarness({ maxUpdates: 3, maxBytes: 1 << 30 });
    try {
      harness.mayCompact = false;
      const room = harness.load();
      const writer = new RecordingPeer('editor');
      room.connect(writer);
      for (const key of ['a', 'b', 'c', 'd']) {
        room.receive(writer, writeUpdate(editUpdate(key)));
        await nextTurn();
      }
      room.compactLog();
      expect(harness.store.loadDocument('w1').updates).toHaveLength(4);

      harness.mayCompact = true;
      room.receive(writer, writeUpdate(editUpdate('e')));
      await nextTurn();
      expect(harness.store.loadDocument('w1').updates).toHaveLength(0);
      expect(harness.load().doc.getMap('items').toJSON()).toEqual({ a: true, b: true, c: true, d: true, e: true });
    } finally {
      harness.close();
    }
  });
});
