import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { defaults } from '../../../../server/config';
import { Refusals } from '../../../../server/observability/refusals';
import { writeUpdate } from '../../../../server/protocol/messages';
import { RoomRegistry } from '../../../../server/rooms/room-registry';
import { atOnce } from '../../../../server/storage/awaitable';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { WorkspaceService } from '../../../../server/workspaces/workspace-service';
import { Leases } from '../support/leases';
import { nextTurn, RecordingPeer } from '../support/room-harness';

const IDLE_MS = 30_000;

/** S6 with N8: a room that unloads folds its log on the node holding its lease, and only there. */
describe('compaction when a room unloads on one of several nodes', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    dir = mkdtempSync(join(tmpdir(), 'throughline-unload-'));
    store = SqliteStore.open(join(dir, 'test.db'));
  });
  afterEach(() => {
    vi.useRealTimers();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const logAfterUnload = async (takesLeases: boolean): Promise<number> => {
    const rooms = new RoomRegistry(store, {
      idleMs: IDLE_MS,
      compaction: defaults.compaction,
      rules: { debounceMs: 50, sweepMs: 60_000, clock: () => new Date() },
      limits: defaults.limits,
      refusals: new Refusals(),
      cluster: new Leases(takesLeases),
    });
    const { id } = await new WorkspaceService(store, rooms, () => new Date()).create('Review', 'blank');
    const room = atOnce(rooms.open(id));
    const editor = new RecordingPeer('editor');
    room.connect(editor);
    for (const key of ['a', 'b', 'c']) {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
      const before = Y.encodeStateVector(client);
      client.getMap('items').set(key, true);
      room.receive(editor, writeUpdate(Y.encodeStateAsUpdate(client, before)));
      await nextTurn();
    }
    room.disconnect(editor);
    vi.advanceTimersByTime(IDLE_MS + 1);
    expect(room.isClosed).toBe(true);
    return atOnce(store.loadDocument(id)).updates.length;
  };

  it('S6/N8 the lease holder folds the log as the room unloads; another node leaves it', async () => {
    expect(await logAfterUnload(true)).toBe(0);
    expect(await logAfterUnload(false)).toBe(3);
  });
});
