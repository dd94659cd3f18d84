import { createHook } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { defaults } from '../server/config';
import { Refusals } from '../server/observability/refusals';
import { writeSyncStep1, writeUpdate } from '../server/protocol/messages';
import type { Peer } from '../server/rooms/peer';
import type { Room } from '../server/rooms/room';
import { RoomRegistry } from '../server/rooms/room-registry';
import { SqliteStore } from '../server/storage/sqlite-store';
import { atOnce } from '../server/storage/awaitable';
import { WorkspaceService } from '../server/workspaces/workspace-service';
import { nextTurn } from '../test/support/wait-for';

/**
 * What a quiet room costs the server by itself, without sockets (issue 14, "many small rooms"):
 * ROOMS blank workspaces, each with two connections that ask for everything, then one small edit
 * per room per turn for EDITS turns (the shape of `--rooms 500 --clients 2 --writers 1`). Prints
 * the heap each loaded room keeps, the timers it holds, and CPU per load and per edit (apply,
 * group commit, relay). Not a test: run it with
 *   node --expose-gc --import tsx bench/quiet-rooms.ts
 */
const ROOMS = Number(process.env.ROOMS ?? 500);
const EDITS = Number(process.env.EDITS ?? 40);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc, so the heap per room is measured after a full collection.');

/** A connection that only counts what it is sent. */
class CountingPeer implements Peer {
  readonly role = 'editor' as const;
  sent = 0;
  send(): void {
    this.sent++;
  }
  close(): void {}
  probe(onAlive: () => void): void {
    onAlive();
  }
}

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return user + system;
};
/** Timers alive now, unref'd ones included (which `process.getActiveResourcesInfo` leaves out). */
const liveTimers = new Set<number>();
createHook({
  init: (id, type) => type === 'Timeout' && liveTimers.add(id),
  destroy: (id) => liveTimers.delete(id),
}).enable();
const timers = () => liveTimers.size;

const dir = mkdtempSync(join(tmpdir(), 'throughline-quiet-bench-'));
const store = SqliteStore.open(join(dir, 'throughline.db'));
const rooms = new RoomRegistry(store, {
  idleMs: defaults.roomIdleMs,
  compaction: defaults.compaction,
  rules: { ...defaults.rules, clock: () => new Date() },
  limits: defaults.limits,
  refusals: new Refusals(),
  record: { recordsFor: () => ({}), endRecorded: () => true },
});
const workspaces = new WorkspaceService(store, rooms, () => new Date());
const ids = await Promise.all(Array.from({ length: ROOMS }, async (_, i) => (await workspaces.create(`Quiet review ${i}`, 'blank')).id));
await nextTurn();

const askForEverything = writeSyncStep1(Y.encodeStateVector(new Y.Doc()));
gc();
const heapBefore = process.memoryUsage().heapUsed;
const timersBefore = timers();
const loadStarted = process.cpuUsage();
const open: Array<{ room: Room; writer: CountingPeer }> = [];
for (const id of ids) {
  const room = atOnce(rooms.open(id));
  const writer = new CountingPeer();
  const reader = new CountingPeer();
  for (const peer of [writer, reader]) {
    room.connect(peer);
    room.receive(peer, askForEverything);
  }
  open.push({ room, writer });
}
await nextTurn();
const loadMicros = cpuMicros(loadStarted);

// The clients' edits are made before the clock starts: only the server's side is timed.
const edits = open.map(() => {
  const doc = new Y.Doc();
  return Array.from({ length: EDITS }, (_, seq) => {
    let update: Uint8Array | null = null;
    doc.once('update', (u: Uint8Array) => (update = u));
    doc.getMap('bench').set(`w${doc.clientID}`, seq);
    return writeUpdate(update!);
  });
});
const editStarted = process.cpuUsage();
for (let seq = 0; seq < EDITS; seq++) {
  open.forEach(({ room, writer }, i) => room.receive(writer, edits[i]![seq]!));
  await nextTurn();
}
const editMicros = cpuMicros(editStarted);
const quietTimers = timers() - timersBefore;
gc();
const heapAfter = process.memoryUsage().heapUsed;

console.log(
  JSON.stringify({
    rooms: ROOMS,
    editsPerRoom: EDITS,
    heapKBPerRoom: +((heapAfter - heapBefore) / ROOMS / 1024).toFixed(1),
    timersPerRoom: +(quietTimers / ROOMS).toFixed(2),
    loadMicrosPerRoom: Math.round(loadMicros / ROOMS),
    editMicros: +(editMicros / (ROOMS * EDITS)).toFixed(1),
  }),
);
await rooms.closeAll();
store.close();
rmSync(dir, { recursive: true, force: true });
