import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../../server/storage/sqlite-store';
import { seededRandom, testSeed } from '../../support/random';
import { storedWorkspace } from '../../support/stored-workspace';
import { nextTurn } from '../../support/wait-for';

const storeModule = fileURLToPath(new URL('../../../server/storage/sqlite-store.ts', import.meta.url));

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
 * Runs `body` (module code with `store` open on `file`, `workspace(id)`, `edit(doc, text)` and
 * `turn()`) in a process of its own that is then killed, as a server can be at any moment.
 * Answers the signal that ended it.
 */
function killedAfterIn(file: string, body: string): string | null {
  const script = `
    import * as Y from 'yjs';
    import { SqliteStore } from ${JSON.stringify(storeModule)};
    const store = SqliteStore.open(${JSON.stringify(file)});
    const doc = new Y.Doc();
    const workspace = (id) => ({ id, title: id, mode: 'review', initialState: Y.encodeStateAsUpdate(new Y.Doc()), initialSchema: 2, tokenHashes: { facilitator: id + '-f', editor: id + '-e', viewer: id + '-v' } });
    const edit = (doc, text) => {
      const before = Y.encodeStateVector(doc);
      doc.getText('t').insert(doc.getText('t').length, text);
      return Y.encodeStateAsUpdate(doc, before);
    };
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    ${body}
    process.kill(process.pid, 'SIGKILL');
  `;
  try {
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return (error as { signal: string | null }).signal;
  }
}

/**
 * SPEC S2: a group commit appends to the fresh table, whose rows are moved into the log indexed by
 * workspace a few thousand at a time. Whichever table a row is in, every read finds it, in order.
 */
describe('the fresh rows of the update log', () => {
  let dir: string;
  let file: string;
  const killedAfter = (body: string) => killedAfterIn(file, body);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-fresh-log-'));
    file = join(dir, 'throughline.db');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('S2 reads back every room of a burst across 300 rooms in order, before and after its rows are moved', async () => {
    const seed = testSeed('fresh log burst');
    const random = seededRandom(seed);
    const store = SqliteStore.open(file);
    const rooms = Array.from({ length: 300 }, (_, i) => `room-${i}`);
    const writers = new Map(rooms.map((room) => [room, new Writer()]));
    for (const room of rooms) store.createWorkspace(storedWorkspace(room));

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

  it('S2 moves the fresh rows once 2,048 have come, on the turn after; a killed server leaves the rest, read and moved at the next start', () => {
    expect(
      killedAfter(`
        store.createWorkspace(workspace('w'));
        for (let batch = 0; batch < 21; batch++) store.commit([{ workspace: 'w', updates: Array.from({ length: 100 }, () => edit(doc, 'a')) }]);
        await turn();
        store.commit([{ workspace: 'w', updates: ['b', 'c', 'd', 'e', 'f'].map((text) => edit(doc, text)) }]);
      `),
    ).toBe('SIGKILL');
    expect(tables(file)).toEqual({ fresh: 5, settled: 2100 });

    // A start that is killed before doing anything else has moved them already.
    expect(killedAfter('')).toBe('SIGKILL');
    expect(tables(file)).toEqual({ fresh: 0, settled: 2105 });

    const store = SqliteStore.open(file);
    const stored = store.loadDocument('w');
    expect([stored.lastSeq, textOf(stored)]).toEqual([2105, `${'a'.repeat(2100)}bcdef`]);
    store.close();
  });

  it('S2 moves the fresh rows once 4 MiB have come, however few rows that is', () => {
    expect(
      killedAfter(`
        store.createWorkspace(workspace('w'));
        store.commit([{ workspace: 'w', updates: Array.from({ length: 5 }, () => edit(doc, 'x'.repeat(1 << 20))) }]);
        await turn();
      `),
    ).toBe('SIGKILL');
    expect(tables(file)).toEqual({ fresh: 0, settled: 5 });
  });

  it('S2 a workspace changed last when its last row was stored, whether that row is fresh, moved or folded away', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const at = (time: string) => {
      vi.setSystemTime(new Date(time));
      return time;
    };
    const store = SqliteStore.open(file);
    at('2026-12-01T09:00:00.000Z');
    store.createWorkspace(storedWorkspace('w'));
    store.createWorkspace(storedWorkspace('quiet'));
    const writer = new Writer();
    const changed = at('2026-12-01T10:00:00.000Z');
    store.commit([{ workspace: 'w', updates: [writer.edit('a')] }]);
    at('2026-12-01T11:00:00.000Z');
    const updatedAt = () => [store.getWorkspace('w')?.updatedAt, store.listWorkspaces().map((record) => [record.id, record.updatedAt])];
    expect(updatedAt()).toEqual([changed, [['quiet', '2026-12-01T09:00:00.000Z'], ['w', changed]]]);

    store.compact('w', Y.encodeStateAsUpdate(writer.doc), 1, 2);
    expect(updatedAt()).toEqual([changed, [['quiet', '2026-12-01T09:00:00.000Z'], ['w', changed]]]);

    const later = at('2026-12-01T12:00:00.000Z');
    store.commit([{ workspace: 'w', updates: [writer.edit('b')] }]);
    store.close();
    at('2026-12-01T13:00:00.000Z');
    const reopened = SqliteStore.open(file);
    expect([reopened.getWorkspace('w')?.updatedAt, reopened.listWorkspaces().find((record) => record.id === 'w')?.updatedAt]).toEqual([later, later]);
    reopened.close();
    vi.useRealTimers();
  });

  it('S2 compaction folds away the fresh rows it covers and keeps the rest', () => {
    const store = SqliteStore.open(file);
    store.createWorkspace(storedWorkspace('w'));
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

  /**
   * A store on a disk of `maxBytes`, with one workspace whose writer commits `rows` rows of
   * `rowBytes` at a time (50 of 1 KB unless told); moves that fail are logged to `failures`.
   */
  function onSmallDisk(maxBytes: number, { rows = 50, rowBytes = 1000 } = {}) {
    const failures = vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = SqliteStore.open(file, { maxBytes });
    store.createWorkspace(storedWorkspace('w'));
    const writer = new Writer();
    const commitBatch = (): number => {
      store.commit([{ workspace: 'w', updates: Array.from({ length: rows }, () => writer.edit('x'.repeat(rowBytes))) }]);
      return rows;
    };
    /** Commits `count` batches, each in a turn of its own, so every move falls due between them. */
    const commitInTurns = async (count: number): Promise<void> => {
      for (let batch = 0; batch < count; batch++) {
        commitBatch();
        await nextTurn();
      }
    };
    return { failures, store, writer, commitBatch, commitInTurns };
  }

  it('S2 a move that finds the disk full loses nothing: the rows stay fresh and every read finds them', async () => {
    const { failures, store, writer, commitBatch } = onSmallDisk(3_200_000);
    // Commits until the disk is full, without a turn between them, so the move due at 2,048 rows
    // comes after the last commit that fitted.
    let stored = 0;
    for (;;) {
      try {
        stored += commitBatch();
      } catch {
        break;
      }
    }
    expect(stored).toBeGreaterThanOrEqual(2048);
    await nextTurn();
    expect(failures.mock.calls.map(([message]) => String(message))).toEqual([expect.stringContaining('stay where they are')]);

    const loaded = store.loadDocument('w');
    expect([loaded.lastSeq, base64(loaded.updates)]).toEqual([stored, base64(writer.updates.slice(0, stored))]);
    store.close();
    expect(tables(file)).toEqual({ fresh: stored, settled: 0 });
  });

  it('S2 a move needs room for one slice of the fresh rows, not for a second copy of them all', async () => {
    // About 2.8 MB of fresh rows when the move is due, and 0.8 MB to spare.
    const { failures, store, commitInTurns } = onSmallDisk(3_600_000);
    await commitInTurns(42);
    expect(failures).not.toHaveBeenCalled();
    store.close();
    expect(tables(file)).toEqual({ fresh: 0, settled: 2100 });
  });

  it('S2 a slice is bounded by bytes too: a move of large rows needs room for a few of them, not for a second copy of them all', async () => {
    // 40 KB rows, 4 MiB of them (105) when the move is due, and about 1.5 MB to spare: a slice of
    // 256 rows would be every fresh row at once.
    const { failures, store, commitInTurns } = onSmallDisk(6_000_000, { rows: 5, rowBytes: 40_000 });
    await commitInTurns(22);
    expect(failures).not.toHaveBeenCalled();
    store.close();
    expect(tables(file)).toEqual({ fresh: 0, settled: 110 });
  });

  /** Adds rows to the fresh table of a closed store's file, as hands other than the server's could. */
  function addFresh(rows: [workspace: string, seq: number, data: Uint8Array][]): void {
    const db = new Database(file);
    const insert = db.prepare('INSERT INTO fresh_updates (workspace, seq, data, at) VALUES (?, ?, ?, ?)');
    for (const [workspace, seq, data] of rows) insert.run(workspace, seq, data, new Date().toISOString());
    db.close();
  }

  it('S2 N2 rows the indexed log refuses stay fresh and are named at each move, and every other row still moves', () => {
    const failures = vi.spyOn(console, 'error').mockImplementation(() => {});
    const writer = new Writer();
    const other = new Writer();
    const clashing = new Writer();
    let store = SqliteStore.open(file);
    store.createWorkspace(storedWorkspace('w'));
    store.createWorkspace(storedWorkspace('v'));
    store.commit([{ workspace: 'w', updates: ['a', 'b', 'c'].map((text) => writer.edit(text)) }]);
    store.close();
    // Two rows of v that never moved, a second row 2 of w unlike the one stored, a row of a
    // workspace that does not exist, and an exact second copy of w's row 3.
    addFresh([
      ['v', 1, other.edit('x')],
      ['w', 2, clashing.edit('Z')],
      ['ghost', 1, clashing.edit('!')],
      ['v', 2, other.edit('y')],
      ['w', 3, writer.updates[2]!],
    ]);

    const named = expect.stringMatching(/^\[storage\] 2 fresh log rows clash .*: ghost#1, w#2$/);
    const dropped = expect.stringMatching(/^\[storage\] 1 fresh log rows were second copies/);
    store = SqliteStore.open(file);
    expect(failures.mock.calls).toEqual([[dropped], [named]]);
    expect(textOf(store.loadDocument('v'))).toBe('xy');
    const w = store.loadDocument('w');
    expect([w.lastSeq, textOf(w)]).toEqual([3, textOf({ state: null, updates: [...writer.updates, clashing.updates[0]!] })]);
    store.close();
    expect(failures.mock.calls).toEqual([[dropped], [named], [named]]);
    expect(tables(file)).toEqual({ fresh: 2, settled: 5 });

    // Compaction folds w's stray row away with the rest of its log; the row of no workspace stays.
    store = SqliteStore.open(file);
    store.compact('w', Y.encodeStateAsUpdate(writer.doc), 3, 2);
    store.close();
    expect(tables(file)).toEqual({ fresh: 1, settled: 2 });
    expect(failures.mock.calls.at(-1)).toEqual([expect.stringMatching(/^\[storage\] 1 fresh log rows clash .*: ghost#1$/)]);
  });

  it('S2 an exact second copy of a stored row is dropped at the next move, and said to be', () => {
    const failures = vi.spyOn(console, 'error').mockImplementation(() => {});
    const writer = new Writer();
    const store = SqliteStore.open(file);
    store.createWorkspace(storedWorkspace('w'));
    store.commit([{ workspace: 'w', updates: [writer.edit('a')] }]);
    store.close();
    addFresh([['w', 1, writer.updates[0]!]]);

    SqliteStore.open(file).close();
    expect(failures.mock.calls).toEqual([[expect.stringMatching(/^\[storage\] 1 fresh log rows were second copies of rows the indexed log holds/)]]);
    expect(tables(file)).toEqual({ fresh: 0, settled: 1 });
  });
});
