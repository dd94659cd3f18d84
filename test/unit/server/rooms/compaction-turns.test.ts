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

  it('S6 folds ten rooms that pass the bound in one turn four a turn, every one of them', async () => {
    const workspaces = new WorkspaceService(store, rooms, () => new Date());
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await workspaces.create(`Review ${i}`, 'blank')).id);
    /** Rooms whose three rows are stored and folded into the state row. */
    const folded = () =>
      ids.filter((id) => {
        const stored = atOnce(store.loadDocument(id));
        return stored.lastSeq === 3 && stored.updates.length === 0;
      });

    // Each room gets its third row in the same group commit.
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
    expect(folded()).toEqual([]);

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
});
