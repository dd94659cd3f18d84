import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeUpdate } from '../../../../server/protocol/messages';
import type { Peer } from '../../../../server/rooms/peer';
import { seededRandom, testSeed } from '../../../support/random';
import { RoomHarness } from '../support/room-harness';

/**
 * [R2] Mutated updates: some decode yet throw halfway through applyUpdate, after Yjs has
 * integrated part of them. Whatever happens, nothing of a refused update may be stored or
 * reach another connection.
 */
describe('refused updates', () => {
  let harness: RoomHarness;
  beforeEach(() => {
    harness = new RoomHarness({ maxUpdates: 1e9, maxBytes: 1e12 });
  });
  afterEach(() => harness.close());

  it('are never stored or relayed, even when Yjs applied part of one before refusing it', async () => {
    const random = seededRandom(testSeed('refused updates'));
    const store = harness.store;
    const closes: string[] = [];
    const relayed: Uint8Array[] = [];
    const writer: Peer = { role: 'editor', send: () => {}, close: (_code, reason) => closes.push(reason), probe: (onAlive) => onAlive() };
    const watcher: Peer = { role: 'viewer', send: (m) => relayed.push(m), close: () => {}, probe: (onAlive) => onAlive() };
    let room = harness.load();
    const join = () => {
      room.connect(writer);
      room.connect(watcher);
    };
    join();
    const source = new Y.Doc();
    source.clientID = 1;
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      const before = Y.encodeStateVector(source);
      source.transact(() => {
        source.getMap('nodes').set(`k${i % 5}`, new Y.Map());
        source.getText('notes').insert(0, 'ab');
        if (source.getText('notes').length > 3) source.getText('notes').delete(1, 1);
      });
      const bad = Uint8Array.from(Y.encodeStateAsUpdate(source, before));
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) bad[Math.floor(random() * bad.length)] = Math.floor(random() * 256);

      closes.length = 0;
      const seq = store.lastSeq('w1');
      room.receive(writer, writeUpdate(bad));
      if (closes.length > 0) {
        refused++;
        relayed.length = 0;
        await new Promise((resolve) => setImmediate(resolve));
        expect(store.lastSeq('w1')).toBe(seq);
        expect(relayed).toEqual([]);
      }
      if (room.isClosed) {
        room = harness.load();
        join();
      }
      // The honest version of the same edit, so the next mutation starts from shared state.
      room.receive(writer, writeUpdate(Y.encodeStateAsUpdate(source, Y.encodeStateVector(room.doc))));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(refused).toBeGreaterThan(300);
  });
});
