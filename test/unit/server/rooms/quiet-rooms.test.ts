import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { defaults } from '../../../../server/config';
import { Refusals } from '../../../../server/observability/refusals';
import { readMessage, writeQueryAwareness, writeSyncStep1, writeUpdate } from '../../../../server/protocol/messages';
import type { Room } from '../../../../server/rooms/room';
import { RoomRegistry } from '../../../../server/rooms/room-registry';
import { RULES_ORIGIN } from '../../../../server/rooms/rule-runner';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { WorkspaceService } from '../../../../server/workspaces/workspace-service';
import { createKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { appendReadings } from '../../../../shared/schema/readings';
import { readMode } from '../../../../shared/schema/workspace';
import { clientEdit, nextTurn, presenceMessage, RecordingPeer } from '../support/room-harness';
import { atOnce } from '../../../../server/storage/awaitable';

const HOUR_MS = 3_600_000;



/**
 * [Q1, Q2] Rooms a large server holds by the thousand are mostly quiet: nothing in them for the
 * rules, nobody's presence to expire. Such a room keeps no timer, so it costs nothing between
 * messages, and none of its edits runs the rules.
 */
describe('a quiet room', () => {
  let dir: string;
  let store: SqliteStore;
  let rooms: RoomRegistry;
  let room: Room;
  let ruleRuns: number;
  let editor: RecordingPeer;

  beforeEach(async () => {
    // Real setImmediate: the group commit runs on it, and each step below awaits it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    dir = mkdtempSync(join(tmpdir(), 'throughline-quiet-'));
    store = SqliteStore.open(join(dir, 'test.db'));
    rooms = new RoomRegistry(store, {
      idleMs: 30_000,
      compaction: defaults.compaction,
      rules: { debounceMs: 50, sweepMs: 60_000, clock: () => new Date() },
      limits: defaults.limits,
      refusals: new Refusals(),
      // As the server has one: the record watches every room too.
      record: { recordsFor: () => ({}), endRecorded: () => true },
    });
    const { id } = await new WorkspaceService(store, rooms, () => new Date()).create('Quiet review', 'blank');
    room = atOnce(rooms.open(id));
    editor = new RecordingPeer('editor');
    room.connect(editor);
    ruleRuns = 0;
    room.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === RULES_ORIGIN) ruleRuns++;
    });
  });
  afterEach(async () => {
    await rooms.closeAll();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    vi.useRealTimers();
  });

  it('[Q1] keeps no timer and runs no rules while it holds nothing they read, then starts both for its first entry', async () => {
    room.receive(editor, writeUpdate(clientEdit(room, (doc) => doc.getMap('notes').set('welcome', 'hello'))));
    room.receive(editor, writeUpdate(clientEdit(room, (doc) => doc.getMap('meta').set('title', 'Quiet review, renamed'))));
    await nextTurn();
    await room.whenCommitted();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(HOUR_MS);
    expect(ruleRuns).toBe(0);
    // Nothing was read into existence: the room holds only the roots its stored state and edits made.
    expect([...room.doc.share.keys()].sort()).toEqual(['meta', 'notes']);

    // A KPI far behind its target: now the rules have something to read, and the room pivots.
    const kpiEdit = clientEdit(room, (doc) => {
      const kpi = unwrap(createKpi(doc, { name: 'Net revenue retention', unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Dana' }));
      unwrap(appendReadings(doc, kpi, [{ at: new Date().toISOString().slice(0, 10), value: 88, source: 'warehouse' }], new Date()));
    });
    room.receive(editor, writeUpdate(kpiEdit));
    vi.advanceTimersByTime(defaults.rules.debounceMs);
    expect(readMode(room.doc)).toBe('triage');
    const afterChange = ruleRuns;
    expect(afterChange).toBeGreaterThan(0);
    // Rules that depend on the date are swept again while there is anything to sweep.
    vi.advanceTimersByTime(60_000);
    expect(ruleRuns).toBeGreaterThan(afterChange);
  });

  it('[Q2] checks for outdated presence only while someone has one, and still drops a state nobody renews', async () => {
    const watcher = new RecordingPeer('viewer');
    room.connect(watcher);
    expect(vi.getTimerCount()).toBe(0);

    room.receive(editor, presenceMessage({ user: { name: 'Ana' } }));
    expect(vi.getTimerCount()).toBe(1);
    const heard = () => watcher.received.map(readMessage).filter((m) => m.type === 'awareness').length;
    expect(heard()).toBe(1);

    // y-protocols drops a state not renewed for 30 s; the room tells everyone.
    vi.advanceTimersByTime(33_000);
    expect(heard()).toBe(2);
    expect(vi.getTimerCount()).toBe(0);

    // Someone new, then gone: the check stops with the last presence.
    const other = new RecordingPeer('editor');
    room.connect(other);
    room.receive(other, presenceMessage({ user: { name: 'Bo' } }));
    expect(vi.getTimerCount()).toBe(1);
    room.disconnect(other);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('[Q5] makes no presence while people join and edit without one, and shows the first that arrives, from here or another node', async () => {
    const { id } = await new WorkspaceService(store, rooms, () => new Date()).create('Another quiet review', 'blank');
    // y-protocols' Awareness starts its own check timer when made: counting timers made counts it.
    const timersMade = vi.spyOn(globalThis, 'setInterval');
    const quiet = atOnce(rooms.open(id));
    const [first, second] = [new RecordingPeer('editor'), new RecordingPeer('editor')];
    for (const peer of [first, second]) {
      quiet.connect(peer);
      quiet.receive(peer, writeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    }
    quiet.receive(first, writeUpdate(clientEdit(quiet, (doc) => doc.getMap('notes').set('welcome', 'hello'))));
    quiet.receive(second, writeQueryAwareness());
    await nextTurn();
    await quiet.whenCommitted();
    expect(timersMade).not.toHaveBeenCalled();
    expect(quiet.presenceUpdate()).toBeNull();
    const heard = (peer: RecordingPeer) => peer.received.map(readMessage).filter((m) => m.type === 'awareness');
    expect(heard(second)).toEqual([]);

    // Presence another node accepted reaches the people here, and a newcomer sees it at once.
    const ana = new Y.Doc();
    const remote = new Awareness(ana);
    remote.setLocalState({ user: { name: 'Ana' } });
    quiet.applyPresence(encodeAwarenessUpdate(remote, [ana.clientID]));
    remote.destroy();
    expect(heard(first)).toHaveLength(1);
    expect(heard(second)).toHaveLength(1);
    const newcomer = new RecordingPeer('viewer');
    quiet.connect(newcomer);
    expect(heard(newcomer)).toHaveLength(1);
    expect(quiet.presenceUpdate()).not.toBeNull();

    // And a connection's own presence reaches everyone as before.
    quiet.receive(first, presenceMessage({ user: { name: 'Bo' } }));
    expect(heard(second)).toHaveLength(2);
    timersMade.mockRestore();
  });
});
