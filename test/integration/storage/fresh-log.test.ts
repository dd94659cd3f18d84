import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../../server/storage/sqlite-store';
import type { NewWorkspace } from '../../../server/storage/store';
import { seededRandom, testSeed } from '../../support/random';

const storeModule = fileURLToPath(new URL('../../../server/storage/sqlite-store.ts', import.meta.url));

const workspace = (id: string): NewWorkspace => ({
  id,
  title: `Review ${id}`,
  mode: 'review',
  initialState: Y.encodeStateAsUpdate(new Y.Doc()),
  initialSchema: 2,
  tokenHashes: { facilitator: `${id}-f`, editor: `${id}-e`, viewer: `${id}-v` },
});

/** One client's edits to a room's text, each encoded as the update it sent. */
class Writer {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];
  constructor() {
    this.doc.on('update', (update: Uint8Array) => this.updates.push(update));
  }
  edit(text: string): Uint8Array {
    this.doc.getText('t').insert(this.doc.getText('t').length, text);
    return this.updates.at(-1)!;
  }
}

const textOf = (stored: { state: Uint8Array | null; updates: Uint8Array[] }): string => {
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
};

const base64 = (updates: readonly Uint8Array[]) => updates.map((update) => Buffer.from(update).toString('base64'));
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Counts the rows of each table of the log, on a closed store's file. */
function tables(file: string): { fresh: number; settled: number } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      fresh: db.prepare('SELECT count(*) FROM fresh_updates').pluck().get() as number,
      settled: db.prepare('SELECT count(*) FROM updates').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

/**
 * SPEC S2: a group commit appends to the fresh table, whose rows are moved into the log indexed by
 * workspace a few thousand at a time. Whichever table a row is in, every read finds it, in order.
 */
describe('the fresh rows of the update log', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-fresh-log-'));
    file = join(dir, 'throughline.db');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('S2 reads back every room of a burst across 300 rooms in order, before, while and after its rows are moved', async () => {
    const seed = testSeed('fresh log burst');
    const random = seededRandom(seed);
    const store = SqliteStore.open(file);
    const rooms = Array.from({ length: 300 }, (_, i) => `room-${i}`);
    const writers = new Map(rooms.map((room) => [room, new Writer()]));
    for (const room of rooms) store.createWorkspace(workspace(room));

    for (let round = 0; round < 10; round++) {
      // One round is what 300 writers send at once: a few group commits of rooms in arrival order.
      const arrival = [...rooms].sort(() => random() - 0.5);
      for (let i = 0; i < arrival.length; i += 50) {
        store.commit(arrival.slice(i, i + 50).map((room) => ({ workspace: room, updates: [writers.get(room)!.edit(`${round},`)] })));
      }
      for (const room of [arrival[0]!, arrival.at(-1)!]) {
        const stored = store.loadDocument(room);
        expect([stored.lastSeq, textOf(stored)], `seed ${seed}, round ${round}, ${room}`).toEqual([round + 1, writers.get(room)!.doc.getText('t').toString()]);
      }
      // The move runs on the turn after the commit that crossed its threshold.
      await nextTurn();
    }

    for (const room of rooms) {
      const log = store.readLog(room, 0);
      expect([log.lastSeq, base64(log.updates)], `seed ${seed}, ${room}`).toEqual([10, base64(writers.get(room)!.updates)]);
      expect(store.lastSeq(room)).toBe(10);
    }
    store.close();
    expect(tables(file)).toEqual({ fresh: 0, settled: 3000 });
  });

  it('S2 reads the rows a killed server left fresh at the next start, and moves them', () => {
    const writer = new Writer();
    const updates = ['a', 'b', 'c', 'd', 'e'].map((text) => writer.edit(text));
    // A process that commits and is killed before anything moves its rows.
    const script = `
      import * as Y from 'yjs';
      import { SqliteStore } from ${JSON.stringify(storeModule)};
      const store = SqliteStore.open(${JSON.stringify(file)});
      store.createWorkspace({ id: 'w', title: 'Killed', mode: 'review', initialState: Y.encodeStateAsUpdate(new Y.Doc()), initialSchema: 2, tokenHashes: { facilitator: 'f', editor: 'e', viewer: 'v' } });
      const updates = ${JSON.stringify(base64(updates))}.map((text) => Buffer.from(text, 'base64'));
      store.commit([{ workspace: 'w', updates: updates.slice(0, 2) }]);
      store.commit([{ workspace: 'w', updates: updates.slice(2) }]);
      process.kill(process.pid, 'SIGKILL');
    `;
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' })).toThrow();
    expect(tables(file)).toEqual({ fresh: 5, settled: 0 });

    const store = SqliteStore.open(file);
    const stored = store.loadDocument('w');
    expect([stored.lastSeq, base64(stored.updates)]).toEqual([5, base64(updates)]);
    expect(store.commit([{ workspace: 'w', updates: [writer.edit('f')] }])).toEqual([6]);
    store.close();
    expect(tables(file)).toEqual({ fresh: 0, settled: 6 });
  });

  it('S2 compaction folds away the fresh rows it covers and keeps the rest', () => {
    const store = SqliteStore.open(file);
    store.createWorkspace(workspace('w'));
    const writer = new Writer();
    store.commit([{ workspace: 'w', updates: [writer.edit('a'), writer.edit('b'), writer.edit('c')] }]);
    const folded = Y.encodeStateAsUpdate(writer.doc);
    store.commit([{ workspace: 'w', updates: [writer.edit('d')] }]);
    store.compact('w', folded, 3, 2);

    const stored = store.loadDocument('w');
    expect([stored.lastSeq, stored.updates.length, textOf(stored)]).toEqual([4, 1, 'abcd']);
    store.close();
    expect(tables(file)).toEqual({ fresh: 0, settled: 1 });
  });

  it('S4 a move that finds the disk full loses nothing: the rows stay fresh, every read finds them, commits go on', async () => {
    const failures = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Room for the fresh rows, not for a second copy of them in the indexed log.
    const store = SqliteStore.open(file, { maxBytes: 4_500_000 });
    store.createWorkspace(workspace('w'));
    const writer = new Writer();
    const big = 'x'.repeat(1000);
    for (let i = 0; i < 21; i++) {
      store.commit([{ workspace: 'w', updates: Array.from({ length: 100 }, () => writer.edit(big)) }]);
    }
    await nextTurn();
    expect(failures.mock.calls.map(([message]) => String(message))).toEqual([expect.stringContaining('stay where they are')]);

    expect(store.commit([{ workspace: 'w', updates: [writer.edit('!')] }])).toEqual([2101]);
    const stored = store.loadDocument('w');
    expect([stored.lastSeq, base64(stored.updates)]).toEqual([2101, base64(writer.updates)]);
    store.close();
    expect(tables(file)).toEqual({ fresh: 2101, settled: 0 });
  });
});
