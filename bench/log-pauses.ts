import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { SqliteStore } from '../server/storage/sqlite-store';
import { storedWorkspace } from '../test/support/stored-workspace';
import { nextTurn } from '../test/support/wait-for';

/**
 * How long the update log holds up the event loop on a long-running server of many busy rooms
 * (SPEC S2, S3): ROOMS workspaces each store one small update per turn, as the group commit of a
 * turn in which every room got an edit, until each room's log holds ROWS_PER_ROOM rows (compaction
 * folds a log at 1,000, so a busy server's rooms hold about 500 on average). Each turn's commit is
 * timed, and each of the two turns after it, where the store's work after a commit runs (a move
 * of the fresh rows, a checkpoint): every relay of the turn waits for the commit, and every message
 * of a later turn for the pause of that turn.
 * Prints, per fifth of the run, the median and longest pause (a commit, or a turn of the store's
 * work after it) and the store's time per turn; then what folding each room's log away costs (S6).
 * Not a test: run it with
 *   node --import tsx bench/log-pauses.ts
 */
const ROOMS = Number(process.env.ROOMS ?? 500);
const ROWS_PER_ROOM = Number(process.env.ROWS_PER_ROOM ?? 500);

const dir = mkdtempSync(join(tmpdir(), 'throughline-bench-log-'));
const file = join(dir, 'throughline.db');
try {
  const created = SqliteStore.open(file);
  const rooms = Array.from({ length: ROOMS }, (_, i) => `bench-room-${i}`);
  for (const id of rooms) created.createWorkspace(storedWorkspace(id));
  created.close();

  const store = SqliteStore.open(file);
  // A map entry set by one client: about the size of a typical small edit.
  const writer = new Y.Doc();
  const updates: Uint8Array[] = [];
  writer.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 16; i++) writer.getMap('bench').set('k', i);

  // Per turn: the longest of the three pauses (the commit, the turn after it, the one after that),
  // and their sum.
  const longest: number[] = [];
  const spent: number[] = [];
  for (let turn = 0; turn < ROWS_PER_ROOM; turn++) {
    const update = updates[turn % updates.length]!;
    const pauses: number[] = [];
    let started = performance.now();
    store.commit(rooms.map((workspace) => ({ workspace, updates: [update] })));
    // The move runs on the turn after the commit that crossed its threshold, a checkpoint after it.
    for (let hop = 0; hop < 3; hop++) {
      pauses.push(performance.now() - started);
      if (hop === 2) break;
      started = performance.now();
      await nextTurn();
    }
    longest.push(Math.max(...pauses));
    spent.push(pauses.reduce((sum, ms) => sum + ms, 0));
  }
  // Then every room's log folded into its state row (S6), one after another: what each fold costs
  // (the server spreads them four a turn, rooms/compaction-turns.ts).
  const state = Y.encodeStateAsUpdate(writer);
  const compactions: number[] = [];
  for (const workspace of rooms) {
    const started = performance.now();
    store.compact(workspace, state, ROWS_PER_ROOM, 2);
    compactions.push(performance.now() - started);
  }
  store.close();

  const fifth = Math.ceil(longest.length / 5);
  console.log(`${ROOMS} rooms, one row each per turn, up to ${ROWS_PER_ROOM} rows a room (${(ROOMS * ROWS_PER_ROOM).toLocaleString('en')} rows)`);
  console.log(`${'rows a room'.padEnd(14)}${'median pause'.padStart(14)}${'longest pause'.padStart(15)}${'storage per turn'.padStart(18)}`);
  for (let from = 0; from < longest.length; from += fifth) {
    const part = longest.slice(from, from + fifth).sort((a, b) => a - b);
    const mean = spent.slice(from, from + fifth).reduce((sum, ms) => sum + ms, 0) / part.length;
    const ms = (value: number, width: number) => `${value.toFixed(2)} ms`.padStart(width);
    console.log(`${`${from + 1}–${from + part.length}`.padEnd(14)}${ms(part[part.length >> 1]!, 14)}${ms(part.at(-1)!, 15)}${ms(mean, 18)}`);
  }
  const sorted = [...compactions].sort((a, b) => a - b);
  const all = compactions.reduce((sum, ms) => sum + ms, 0);
  console.log(`compacting a room's ${ROWS_PER_ROOM} rows: median ${sorted[sorted.length >> 1]!.toFixed(2)} ms, longest ${sorted.at(-1)!.toFixed(1)} ms; all ${ROOMS} rooms ${all.toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
