import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { endMeeting, startMeeting } from '../../../../shared/schema/meeting';
import { defaults } from '../../../../server/config';
import { Refusals } from '../../../../server/observability/refusals';
import { writeUpdate } from '../../../../server/protocol/messages';
import type { RecordSink } from '../../../../server/rooms/record-watcher';
import { RoomRegistry } from '../../../../server/rooms/room-registry';
import { atOnce } from '../../../../server/storage/awaitable';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { WorkspaceService } from '../../../../server/workspaces/workspace-service';
import { NOW } from '../../support/workspace-fixtures';
import { Leases } from '../support/leases';
import { nextTurn, RecordingPeer } from '../support/room-harness';

/** M33 with N8: a meeting end whose record failed is looked for again only while this node leads. */
describe('the retry of a failed meeting-end record on one of several nodes', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    // Only the waits: the group commit runs on setImmediate.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    dir = mkdtempSync(join(tmpdir(), 'throughline-retry-'));
    store = SqliteStore.open(join(dir, 'test.db'));
  });
  afterEach(() => {
    vi.useRealTimers();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['leads still looks again', true, 1],
    ['has lost the lead meanwhile looks no more (the end is the new lead’s to record)', false, 0],
  ])('[M33][N8] 5 s after a failed meeting-end record, a node that %s', async (_, stillLeads, looks) => {
    const leases = new Leases(true);
    // The record fails (storage unreadable for a moment); the look after it answers "not recorded".
    const sink: RecordSink = {
      recordsFor: vi.fn(() => Promise.reject(new Error('connection terminated unexpectedly'))),
      endRecorded: vi.fn(() => false),
    };
    const rooms = new RoomRegistry(store, {
      idleMs: 60_000,
      compaction: defaults.compaction,
      rules: { debounceMs: 50, sweepMs: 60_000, clock: () => NOW },
      limits: defaults.limits,
      refusals: new Refusals(),
      cluster: leases,
      record: sink,
    });
    const { id } = await new WorkspaceService(store, rooms, () => NOW).create('Review', 'blank');
    const room = atOnce(rooms.open(id));
    const facilitator = new RecordingPeer('facilitator');
    room.connect(facilitator);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      for (const edit of [startMeeting, endMeeting]) {
        const client = new Y.Doc();
        Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
        const before = Y.encodeStateVector(client);
        edit(client, { by: 'Ana Diaz', now: NOW });
        room.receive(facilitator, writeUpdate(Y.encodeStateAsUpdate(client, before)));
        await nextTurn();
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(errors.mock.calls.map(([line]) => String(line))).toEqual([`[record] ${id}: connection terminated unexpectedly`]);
      if (!stillLeads) leases.leading.delete(id);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(sink.endRecorded).toHaveBeenCalledTimes(looks);
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
      room.disconnect(facilitator);
      await rooms.closeAll();
    }
  });
});
