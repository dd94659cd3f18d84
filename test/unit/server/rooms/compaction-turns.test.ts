import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { defaults } from '../../../../server/config';
import { Refusals } from '../../../../server/observability/refusals';
import { writeUpdate } from '../../../../server/protocol/messages';
import { RoomRegistry } from '../../../../server/rooms/room-registry';
import { atOnce } from '../../../../server/storage/awaitable';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { WorkspaceService } from '../../../../server/workspaces/workspace-service';
import { nextTurn, RecordingPeer } from '../support/room-harness';

/**
 * S6: rooms whose logs pass the bound in the same turn (rooms that started together, at one pace)
 * are folded a few per turn, not all at once; each is folded, in the order they came.
 */
describe('compactions due in the same turn', () => {
  let dir: string;
  let store: SqliteStore;
  let rooms: RoomRegistry;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-compaction-turns-'));
    store = SqliteStore.open(join(dir, 'test.db'));
    rooms = new RoomRegistry(store, {
      idleMs: 60_000,
      compaction: { maxUpdates: 3, maxBytes: defaults.compaction.maxBytes },
      rules: { ...defaults.rules, clock: () => new Date() },
      limits: defaults.limits,
      refusals: new Refusals(),
    });
  });
  afterEach(async () => {
    await rooms.closeAll();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Ten rooms, each given its third row in the same group commit (the bound is three rows here);
   * answers their ids and which of them are folded: their three rows stored and folded away.
   */
  async function tenRoomsAtTheBound(): Promise<{ ids: string[]; folded: () => string[] }> {
    const workspaces = new WorkspaceService(store, rooms, () => new Date());
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await workspaces.create(`Review ${i}`, 'blank')).id);
    for (const id of ids) {
      const room = atOnce(rooms.open(id));
      const editor = new RecordingPeer('editor');
      room.connect(editor);
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
      for (const key of ['a', 'b', 'c']) {
        const before = Y.encodeStateVector(client);
        client.getMap('items').set(key, true);
        room.receive(editor, writeUpdate(Y.encodeStateAsUpdate(client, before)));
      }
    }
    const folded = () =>
      ids.filter((id) => {
        const stored = atOnce(store.loadDocument(id));
        return stored.lastSeq === 3 && stored.updates.length === 0;
      });
    expect(folded()).toEqual([]);
    return { ids, folded };
  }

  it('S6 folds ten rooms that pass the bound in one turn four a turn, every one of them', async () => {
    const { ids, folded } = await tenRoomsAtTheBound();

    const perTurn: string[][] = [];
    for (let turn = 0; turn < 4; turn++) {
      await nextTurn();
      perTurn.push(folded());
    }
    expect(perTurn.map((list) => list.length)).toEqual([4, 8, 10, 10]);
    // In the order they came: the rooms committed first are folded first.
    expect(perTurn[0]).toEqual(ids.slice(0, 4));
    expect(perTurn[1]).toEqual(ids.slice(0, 8));
    for (const id of ids) expect(Object.keys(atOnce(rooms.open(id)).doc.getMap('items').toJSON()).sort()).toEqual(['a', 'b', 'c']);
  });

  it('S6 S4 a waiting room that fails before its turn is not folded: its stored rows stay as they are', async () => {
    const { ids, folded } = await tenRoomsAtTheBound();
    await nextTurn();
    expect(folded()).toEqual(ids.slice(0, 4));
    // The sixth waits for a later turn; its storage fails meanwhile, and its document is released.
    const failing = atOnce(rooms.open(ids[5]!));
    failing.fail(new Error('the disk is full'), 'storage failed');
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(folded()).toEqual(ids.filter((id) => id !== ids[5]));
    const left = atOnce(store.loadDocument(ids[5]!));
    expect([left.lastSeq, left.updates.length]).toEqual([3, 3]);
  });
});
