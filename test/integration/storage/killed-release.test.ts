import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateNode } from '../../../shared/schema/node-accessors';
import { nodesMap } from '../../../shared/schema/root-types';
import { workspaceToJson } from '../../../shared/schema/to-json';
import { STORAGE_VERSION } from '../../../server/storage/schema';
import { SqliteStore } from '../../../server/storage/sqlite-store';

const fixtureDir = fileURLToPath(new URL('../../fixtures/storage7/', import.meta.url));
const { workspaces } = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as {
  workspaces: { id: string; state: string }[];
};

const docOf = (state: Uint8Array | null, updates: readonly Uint8Array[] = []): Y.Doc => {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
};

/**
 * SPEC S2 on what the release before the fresh log (storage version 7, test/fixtures/storage7)
 * left when it was killed: two workspaces edited by stock clients, their logs uncompacted and
 * partly still in the WAL. The fresh log (storage version 8) and every step after it open it with
 * every row, and keep what it stores after them.
 */
describe('the update log a killed storage-version-7 server left', () => {
  let dir: string;
  /** Two copies of the fixture: one for this release to open, one to read as that release left it. */
  let file: string;
  let asLeft: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-killed-release-'));
    for (const name of ['opened', 'as-left']) {
      copyFileSync(join(fixtureDir, 'throughline.db'), join(dir, `${name}.db`));
      copyFileSync(join(fixtureDir, 'throughline.db-wal'), join(dir, `${name}.db-wal`));
    }
    file = join(dir, 'opened.db');
    asLeft = join(dir, 'as-left.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('S2 opens every workspace with each row its group commits stored, and keeps what is stored after them', () => {
    const old = new Database(asLeft);
    expect(old.pragma('user_version', { simple: true })).toBe(7);
    const rows = new Map(old.prepare('SELECT workspace, count(*) AS n FROM updates GROUP BY workspace').raw().all() as [string, number][]);
    old.close();
    // Not an empty log: dozens of rows for the demo (how many depends on the recording's timing), two for the other.
    const [demo, blank] = workspaces;
    expect(rows.get(demo!.id)).toBeGreaterThanOrEqual(40);
    expect(rows.get(blank!.id)).toBe(2);

    const store = SqliteStore.open(file);
    const editor = docOf(Buffer.from(demo!.state, 'base64'));
    try {
      for (const { id, state } of workspaces) {
        const loaded = store.loadDocument(id);
        expect(loaded.lastSeq).toBe(rows.get(id));
        expect(workspaceToJson(docOf(loaded.state, loaded.updates))).toEqual(workspaceToJson(docOf(Buffer.from(state, 'base64'))));
      }
      const edits: Uint8Array[] = [];
      editor.on('update', (update: Uint8Array) => edits.push(update));
      updateNode(editor, [...nodesMap(editor).keys()].sort()[0]!, { progress: 0.9 });
      expect(store.commit([{ workspace: demo!.id, updates: edits }])).toEqual([rows.get(demo!.id)! + 1]);
    } finally {
      store.close();
    }

    const reopened = SqliteStore.open(file);
    try {
      const loaded = reopened.loadDocument(demo!.id);
      expect([loaded.lastSeq, workspaceToJson(docOf(loaded.state, loaded.updates))]).toEqual([rows.get(demo!.id)! + 1, workspaceToJson(editor)]);
    } finally {
      reopened.close();
    }
    const db = new Database(file, { readonly: true });
    expect([db.pragma('user_version', { simple: true }), db.prepare('SELECT count(*) FROM fresh_updates').pluck().get(), db.prepare('SELECT count(*) FROM updates').pluck().get()]).toEqual([STORAGE_VERSION, 0, rows.get(demo!.id)! + 3]);
    db.close();
  });
});
