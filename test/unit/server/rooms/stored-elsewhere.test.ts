import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Room } from '../../../../server/rooms/room';
import { writeUpdate } from '../../../../server/protocol/messages';
import { seededRandom, testSeed } from '../../../support/random';
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

  it('N7 a kept row goes out as soon as a row applied early brings what it builds on, before the gap closes', () => {
    // Rows 2 and 3 are one writer's, row 3 continuing row 2; row 1 is someone else's.
    const [a, b] = chainedUpdates(['a', 'b']);
    const g = editUpdate('g');
    expect(room.applyStored([b!], 2, 3)).toBe(false);
    expect(reader.received).toEqual([]);
    expect(room.applyStored([a!], 1, 2)).toBe(false);
    expect(reader.updates()).toEqual([a, b]);
    expect(room.doc.getMap('items').toJSON()).toEqual({ a: true, b: true });
    expect(room.storedSeq).toBe(0);

    expect(room.applyStored([g], 0, 1)).toBe(true);
    expect(reader.updates()).toEqual([a, b, g]);
    expect(room.storedSeq).toBe(3);
    expect(room.awaitsRows).toBe(false);
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

  /**
   * SPEC N7 with the order a cluster really delivers in: three people on three nodes type into one
   * text and set keys of one map, each having seen some of the log, so their rows build on each
   * other's, and visitors add entries that build on nothing; the rows reach this room as
   * published batches in a random order, some twice, with a catch-up read now and then. Whatever the order, the room never holds anything back (S7), sends
   * each row once, some before the rows they follow, and ends with exactly the document the log
   * makes, as do its connections.
   */
  it('N7 S7 rows that build on each other, heard in a random order, converge with nothing held back', () => {
    const random = seededRandom(testSeed('stored out of order'));
    const pick = (n: number) => Math.floor(random() * n);
    const log: Uint8Array[] = [];
    // Three writers, each with a replica that has seen the log up to `seen`.
    const writers = [0, 1, 2].map(() => ({ doc: new Y.Doc(), seen: 0 }));
    for (let step = 0; step < 120; step++) {
      if (random() < 0.4) {
        // Someone who opened the review a moment ago and adds an entry of their own: a row that
        // builds on nothing, which the room can take whenever it comes.
        const visitor = new Y.Doc();
        for (const update of log.slice(0, pick(log.length + 1))) Y.applyUpdate(visitor, update);
        const before = Y.encodeStateVector(visitor);
        visitor.getMap('items').set(`visitor${step}`, true);
        log.push(Y.encodeStateAsUpdate(visitor, before));
        continue;
      }
      const writer = writers[pick(3)]!;
      const catchUpTo = writer.seen + pick(log.length - writer.seen + 1);
      for (; writer.seen < catchUpTo; writer.seen++) Y.applyUpdate(writer.doc, log[writer.seen]!);
      const before = Y.encodeStateVector(writer.doc);
      const text = writer.doc.getText('title');
      const roll = random();
      if (roll < 0.5 || text.length === 0) text.insert(pick(text.length + 1), String.fromCharCode(97 + pick(26)));
      else if (roll < 0.7) text.delete(pick(text.length), 1);
      else writer.doc.getMap('items').set(`k${pick(8)}`, step);
      log.push(Y.encodeStateAsUpdate(writer.doc, before));
      // A writer's own row is in its replica already.
      if (writer.seen === log.length - 1) writer.seen++;
    }
    // The last row, by a visitor, builds on nothing and is heard first: at least one row goes out early.
    const lastVisitor = new Y.Doc();
    lastVisitor.getMap('items').set('last', true);
    log.push(Y.encodeStateAsUpdate(lastVisitor));
    // The log as published: batches of one to three rows, heard in a random order, some twice.
    const batches: { afterSeq: number; lastSeq: number }[] = [];
    for (let afterSeq = 0; afterSeq < log.length - 1; ) {
      const lastSeq = Math.min(log.length - 1, afterSeq + 1 + pick(3));
      batches.push({ afterSeq, lastSeq });
      afterSeq = lastSeq;
    }
    let wentOutEarly = 0;
    const heard = [{ afterSeq: log.length - 1, lastSeq: log.length }, ...[...batches, ...batches.filter(() => random() < 0.2)].sort(() => random() - 0.5)];
    for (const { afterSeq, lastSeq } of heard) {
      if (random() < 0.05 && room.storedSeq < log.length) {
        // A catch-up read, of what the log held when it was made: a few rows after what the room holds.
        const upTo = Math.min(log.length, room.storedSeq + 1 + pick(8));
        room.applyStored(log.slice(room.storedSeq, upTo), room.storedSeq, upTo);
      }
      const ahead = afterSeq > room.storedSeq;
      const sent = reader.updates().length;
      room.applyStored(log.slice(afterSeq, lastSeq), afterSeq, lastSeq);
      if (ahead && reader.updates().length > sent) wentOutEarly++;
      expect(room.doc.store.pendingStructs).toBeNull();
      expect(room.doc.store.pendingDs).toBeNull();
    }

    const truth = new Y.Doc();
    for (const update of log) Y.applyUpdate(truth, update);
    // Some rows went out before the gap before them closed; each row went out once.
    expect(wentOutEarly).toBeGreaterThan(0);
    expect(reader.updates()).toHaveLength(log.length);
    expect(room.storedSeq).toBe(log.length);
    expect(room.awaitsRows).toBe(false);
    for (const doc of [room.doc, reader.doc()]) {
      expect(doc.getText('title').toString()).toBe(truth.getText('title').toString());
      expect(doc.getMap('items').toJSON()).toEqual(truth.getMap('items').toJSON());
    }
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

  /** How many rows the log holds past the state row. */
  const logRows = (harness: RoomHarness) => harness.store.loadDocument('w1').updates.length;

  it('N3/S6 rows another node stored, applied past a gap, still count toward the compaction after one that folded the log up to the gap', () => {
    const harness = new RoomHarness({ maxUpdates: 3, maxBytes: 1 << 30 });
    try {
      const room = harness.load();
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(editUpdate);
      for (const rows of [[a!], [b!], [c!, d!]]) harness.store.commit([{ workspace: 'w1', updates: rows }]);
      // Rows 3-4 are heard first and applied at once; row 1 closes part of the gap; row 2 the rest.
      expect(room.applyStored([c!, d!], 2, 4)).toBe(false);
      expect(room.applyStored([a!], 0, 1)).toBe(false);
      expect(room.applyStored([b!], 1, 2)).toBe(true);
      // The log is due at three rows: rows 2-4 past a fold up to row 1 are folded as the third
      // comes, each counted once (counted twice, the fold would come early and leave row 4).
      expect(logRows(harness)).toBe(0);
      expect(harness.load().doc.getMap('items').toJSON()).toEqual({ a: true, b: true, c: true, d: true });
    } finally {
      harness.close();
    }
  });

  it('N3/S6 rows applied past a gap count once: the log is folded neither before it is due nor after', () => {
    const harness = new RoomHarness({ maxUpdates: 4, maxBytes: 1 << 30 });
    try {
      const room = harness.load();
      const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(editUpdate);
      for (const rows of [[a!], [b!], [c!, d!, e!]]) harness.store.commit([{ workspace: 'w1', updates: rows }]);
      // Rows 3-5 are heard first and applied at once; row 1 comes: four rows applied, but row 2 is
      // missing, and only row 1 is a row the room holds the log up to.
      expect(room.applyStored([c!, d!, e!], 2, 5)).toBe(false);
      expect(room.applyStored([a!], 0, 1)).toBe(false);
      expect(logRows(harness)).toBe(5);
      // Row 2 closes the gap: five rows held, the log is due and folded.
      expect(room.applyStored([b!], 1, 2)).toBe(true);
      expect(logRows(harness)).toBe(0);
    } finally {
      harness.close();
    }
  });

  it('N3/S6 this node\'s own rows stored past a gap still count toward the compaction after one that folded the log up to the gap', async () => {
    const harness = new RoomHarness({ maxUpdates: 3, maxBytes: 1 << 30 });
    try {
      const room = harness.load();
      const writer = new RecordingPeer('editor');
      room.connect(writer);
      const [a, b, c, e] = ['a', 'b', 'c', 'e'].map(editUpdate);
      harness.store.commit([{ workspace: 'w1', updates: [a!, b!] }]);
      expect(room.applyStored([a!, b!], 0, 2)).toBe(true);
      // Another node stores row 3 before this node's edit, which becomes row 4.
      harness.store.commit([{ workspace: 'w1', updates: [c!] }]);
      room.receive(writer, writeUpdate(editUpdate('d')));
      await nextTurn();
      expect(room.storedSeq).toBe(2);
      expect(room.applyStored([c!], 2, 3)).toBe(true);
      harness.store.commit([{ workspace: 'w1', updates: [e!] }]);
      expect(room.applyStored([e!], 4, 5)).toBe(true);
      // The log is due at three rows: rows 1-4 were folded as row 3 closed the gap, and row 5
      // alone is left, counted once (counted twice, it would have been folded too).
      expect(logRows(harness)).toBe(1);
      expect(harness.load().doc.getMap('items').toJSON()).toEqual({ a: true, b: true, c: true, d: true, e: true });
    } finally {
      harness.close();
    }
  });
});
