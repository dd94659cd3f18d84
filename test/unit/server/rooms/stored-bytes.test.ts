import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeSyncStep2, writeUpdate } from '../../../../server/protocol/messages';
import { editUpdate, nextTurn, RecordingPeer, RoomHarness } from '../support/room-harness';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two consecutive edits of one client, the second depending on the first. */
function dependentEdits(): { first: Uint8Array; second: Uint8Array } {
  const doc = new Y.Doc();
  const text = doc.getText('notes');
  text.insert(0, 'Churn ');
  const first = Y.encodeStateAsUpdate(doc);
  const before = Y.encodeStateVector(doc);
  text.insert(6, 'is up');
  return { first, second: Y.encodeStateAsUpdate(doc, before) };
}

describe('what a room stores and relays', () => {
  let harness: RoomHarness;
  beforeEach(() => {
    harness = new RoomHarness({ maxUpdates: 3, maxBytes: 1 << 30 });
  });
  afterEach(() => harness.close());

  /** A freshly loaded room with an editor writing and a viewer watching. */
  function writerAndReader() {
    const room = harness.load();
    const [writer, reader] = [new RecordingPeer('editor'), new RecordingPeer('viewer')];
    room.connect(writer);
    room.connect(reader);
    return { room, writer, reader };
  }

  it('stores and relays an update that brings nothing new only once', async () => {
    const { room, writer, reader } = writerAndReader();
    reader.received.length = 0;
    const update = editUpdate('once');
    room.receive(writer, writeUpdate(update));
    room.receive(writer, writeSyncStep2(update));
    await nextTurn();
    room.receive(writer, writeUpdate(update));
    await nextTurn();
    expect(harness.store.lastSeq('w1')).toBe(1);
    expect(reader.updates()).toHaveLength(1);
  });

  it('stores and relays the bytes a client sent, not Yjs’s re-encoding of what they changed', async () => {
    const author = new Y.Doc();
    author.getMap('items').set('a', 1);
    const first = Y.encodeStateAsUpdate(author);
    author.getMap('items').set('b', 2);
    // Its whole state again: 'a' is already in the room, so what this changes (only 'b') encodes shorter.
    const whole = Y.encodeStateAsUpdate(author);
    const { room, writer, reader } = writerAndReader();
    room.receive(writer, writeUpdate(first));
    await nextTurn();
    reader.received.length = 0;
    const frame = writeUpdate(whole);
    room.receive(writer, frame);
    await nextTurn();
    expect(harness.store.loadDocument('w1').updates.map((row) => Buffer.from(row))).toEqual([Buffer.from(first), Buffer.from(whole)]);
    expect(reader.received).toEqual([frame]);
  });

  it('stores edits held back for their predecessor once it arrives, and they survive a restart', async () => {
    const { first, second } = dependentEdits();
    const writer = new RecordingPeer('editor');
    const before = harness.load();
    before.connect(writer);
    before.receive(writer, writeUpdate(second));
    await nextTurn();
    expect(harness.store.lastSeq('w1')).toBe(0);
    before.receive(writer, writeUpdate(first));
    await nextTurn();
    before.destroy();
    expect(harness.load().doc.getText('notes').toString()).toBe('Churn is up');
  });

  it('stores and relays every edit of one arriving out of order (e2, e3, then e1)', async () => {
    const author = new Y.Doc();
    const text = author.getText('notes');
    const edits: Uint8Array[] = [];
    for (const letter of ['A', 'B', 'C']) {
      const before = Y.encodeStateVector(author);
      text.insert(text.length, letter);
      edits.push(Y.encodeStateAsUpdate(author, before));
    }
    const { room, writer, reader } = writerAndReader();
    room.receive(writer, writeUpdate(edits[1]!));
    room.receive(writer, writeUpdate(edits[2]!));
    await nextTurn();
    room.receive(writer, writeUpdate(edits[0]!));
    await nextTurn();
    expect(reader.doc().getText('notes').toString()).toBe('ABC');
    room.destroy();
    expect(harness.load().doc.getText('notes').toString()).toBe('ABC');
  });

  it('never stores held-back bytes: one that cannot be integrated when its predecessor arrives leaves storage clean', async () => {
    // Decodes, and waits for client 7's first edit; integrating it then throws.
    const poisoned = Buffer.from('01030706280007000178017d01c40702073b025a5a270105376f6465040162010107010101', 'hex');
    const author = new Y.Doc();
    author.clientID = 7;
    author.getMap('nodes').set('a', new Y.Map());
    author.getText('notes').insert(0, 'hello');
    const genuine = Y.encodeStateAsUpdate(author);

    const room = harness.load();
    const attacker = new RecordingPeer('editor');
    room.connect(attacker);
    room.receive(attacker, writeUpdate(poisoned));
    await nextTurn();
    expect(harness.store.lastSeq('w1')).toBe(0);
    room.destroy();

    // After a restart the genuine edit is stored like any other.
    const after = harness.load();
    const honest = new RecordingPeer('editor');
    after.connect(honest);
    after.receive(honest, writeUpdate(genuine));
    await nextTurn();
    expect(honest.closed).toBeNull();
    expect(harness.load().doc.getText('notes').toString()).toBe('hello');
  });

  it('relays an edit held back for its predecessor, and the reader completes it when that arrives', async () => {
    const { first, second } = dependentEdits();
    const { room, writer, reader } = writerAndReader();
    room.receive(writer, writeUpdate(second));
    await nextTurn();
    room.receive(writer, writeUpdate(first));
    await nextTurn();
    expect(reader.doc().getText('notes').toString()).toBe('Churn is up');
  });

  it('stores and relays the server’s own changes', async () => {
    const room = harness.load();
    const reader = new RecordingPeer('viewer');
    room.connect(reader);
    room.change((doc) => doc.getMap('items').set('from-server', 1), 'test');
    await room.whenCommitted();
    expect(harness.store.lastSeq('w1')).toBe(1);
    expect(reader.doc().getMap('items').get('from-server')).toBe(1);
    room.destroy();
    expect(harness.load().doc.getMap('items').get('from-server')).toBe(1);
  });

  it('lists a workspace as updated when its last change was committed, before and after compaction', async () => {
    const room = harness.load();
    const writer = new RecordingPeer('editor');
    room.connect(writer);
    const created = harness.store.getWorkspace('w1')!;
    expect(created.updatedAt).toBe(created.createdAt);
    const changedAt: string[] = [];
    for (const key of ['a', 'b', 'c']) {
      await pause(5);
      room.receive(writer, writeUpdate(editUpdate(key)));
      await nextTurn();
      changedAt.push(harness.store.getWorkspace('w1')!.updatedAt);
    }
    expect(changedAt[0]! > created.createdAt).toBe(true);
    expect(changedAt[1]! > changedAt[0]!).toBe(true);
    // The third update reached the compaction bound and folded the log into the state row.
    expect(harness.store.loadDocument('w1').updates).toHaveLength(0);
    expect(changedAt[2]! > changedAt[1]!).toBe(true);
    expect(harness.store.listWorkspaces()[0]!.updatedAt).toBe(changedAt[2]);
  });
});
