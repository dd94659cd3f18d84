import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaults } from '../../../../server/config';
import { Refusals } from '../../../../server/observability/refusals';
import { RoomRegistry } from '../../../../server/rooms/room-registry';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { WorkspaceService } from '../../../../server/workspaces/workspace-service';

/** [S1] A REST answer never carries what is not yet stored. */
describe('REST reads and storage', () => {
  let dir: string;
  let store: SqliteStore;
  let rooms: RoomRegistry;
  let workspaces: WorkspaceService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-read-'));
    // A quota makes SQLite fail a large write with SQLITE_FULL, exactly as a full disk does.
    store = SqliteStore.open(join(dir, 'test.db'), { maxBytes: 128 * 1024 });
    rooms = new RoomRegistry(store, { idleMs: 1000, compaction: defaults.compaction, rules: { ...defaults.rules, clock: () => new Date() }, limits: defaults.limits, refusals: new Refusals() });
    workspaces = new WorkspaceService(store, rooms, () => new Date());
  });
  afterEach(async () => {
    await rooms.closeAll();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a pending edit’s commit before answering, and refuses as storage unavailable (503 over HTTP) when it fails', async () => {
    const { id } = await workspaces.create('Stored title', 'blank');
    const room = await rooms.open(id);
    room.doc.getMap('meta').set('title', 'Edited title');
    expect((await workspaces.read(id)).meta?.title).toBe('Edited title');

    (await rooms.open(id)).doc.getMap('meta').set('title', 'x'.repeat(512 * 1024));
    await expect(workspaces.read(id)).rejects.toMatchObject({ failure: 'unavailable', code: 'storage_unavailable' });
  });
});
