import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Room } from '../../../../server/rooms/room';
import { seededRandom, testSeed } from '../../../support/random';
import { RecordingPeer, RoomHarness } from '../support/room-harness';

/**
 * SPEC N7 with the order a cluster really delivers in: three people on three nodes type into one
 * text and set keys of one map, each having seen some of the log, so their rows build on each
 * other's, and visitors add entries that build on nothing; the rows reach this room as published batches in a random order, some twice, with a
 * catch-up read now and then. Whatever the order, the room never holds anything back (S7), sends
 * each row once, some before the rows they follow, and ends with exactly the document the log
 * makes, as do its connections.
 */
describe('stored rows delivered in any order', () => {
  let harness: RoomHarness;
  let room: Room;
  let reader: RecordingPeer;

  beforeEach(() => {
    harness = new RoomHarness();
    room = harness.load();
    reader = new RecordingPeer('viewer');
    room.connect(reader);
    // What it was sent on joining (the blank state) is not what this test counts.
    reader.received.length = 0;
  });
  afterEach(() => harness.close());

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
