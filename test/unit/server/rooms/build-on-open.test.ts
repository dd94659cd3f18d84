import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaults } from '../../../../server/config';
import { Refusals } from '../../../../server/observability/refusals';
import { RoomRegistry } from '../../../../server/rooms/room-registry';
import { atOnce } from '../../../../server/storage/awaitable';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { WorkspaceService } from '../../../../server/workspaces/workspace-service';

/** [S8] Which rooms a restarted server builds as they open, and which it answers from their bytes first. */
describe('building a room as it opens', () => {
  let dir: string;
  let store: SqliteStore;
  const registries: RoomRegistry[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-build-on-open-'));
    store = SqliteStore.open(join(dir, 'test.db'));
  });
  afterEach(async () => {
    for (const registry of registries.splice(0)) await registry.closeAll();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const registry = () => {
    const rooms = new RoomRegistry(store, {
      idleMs: 30_000,
      compaction: defaults.compaction,
      rules: { debounceMs: 50, sweepMs: 60_000, clock: () => new Date() },
      limits: defaults.limits,
      refusals: new Refusals(),
    });
    registries.push(rooms);
    return rooms;
  };

  /** A workspace stored as one compacted state row holding `bytes` characters of text. */
  async function storedWorkspace(bytes: number): Promise<string> {
    const rooms = registry();
    const { id } = await new WorkspaceService(store, rooms, () => new Date()).create('Review', 'blank');
    const room = atOnce(rooms.open(id));
    room.change((doc) => doc.getMap('items').set('text', 'x'.repeat(bytes)), 'seed');
    await room.whenCommitted();
    room.compactLog();
    await rooms.closeAll();
    return id;
  }

  it('[S8] builds a workspace stored in under 16 KiB as its room opens', async () => {
    const id = await storedWorkspace(1_000);
    const room = atOnce(registry().open(id));
    expect(room.isBuilt).toBe(true);
  });

  it('[S8] opens a workspace stored in 16 KiB or more on its bytes, and builds it when first needed', async () => {
    const id = await storedWorkspace(20_000);
    const room = atOnce(registry().open(id));
    expect(room.isBuilt).toBe(false);
    expect((room.doc.getMap('items').get('text') as string).length).toBe(20_000);
    expect(room.isBuilt).toBe(true);
  });
});
