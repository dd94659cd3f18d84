import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateNode } from '../../../shared/schema/node-accessors';
import { nodesMap } from '../../../shared/schema/root-types';
import { workspaceToJson } from '../../../shared/schema/to-json';
import { SqliteStore } from '../../../server/storage/sqlite-store';

const fixtureDir = fileURLToPath(new URL('../../fixtures/storage4/', import.meta.url));
const { workspace } = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as { workspace: { id: string } };

/**
 * SPEC S2: the update log of a storage-version-4 database (keyed by workspace, as that release
 * stored it) opens in the log kept in commit order with every row, in order. The fixture was
 * stopped cleanly, so its log is empty: rows are added in that release's layout, as its group
 * commit wrote them, before this release opens the file.
 */
describe('the update log of storage version 4', () => {
  const dir = mkdtempSync(join(tmpdir(), 'throughline-log-migration-'));
  const file = join(dir, 'throughline.db');
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('S2 keeps every row of a log written by storage version 4, in order, and appends after it', () => {
    copyFileSync(join(fixtureDir, 'throughline.db'), file);
    const old = new Database(file);
    const state = old.prepare('SELECT upto_seq AS uptoSeq, data FROM states WHERE workspace = ?').get(workspace.id) as { uptoSeq: number; data: Buffer };
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state.data);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const ids = [...nodesMap(doc).keys()].sort();
    updateNode(doc, ids[0]!, { progress: 0.31 });
    updateNode(doc, ids[1]!, { status: 'off-track' });
    updateNode(doc, ids[0]!, { progress: 0.62 });
    const insert = old.prepare('INSERT INTO updates (workspace, seq, data, at) VALUES (?, ?, ?, ?)');
    updates.forEach((update, i) => insert.run(workspace.id, state.uptoSeq + i + 1, update, `2026-11-0${i + 1}T10:00:00.000Z`));
    expect(old.pragma('user_version', { simple: true })).toBe(4);
    old.close();

    const store = SqliteStore.open(file);
    try {
      const base64 = (list: readonly Uint8Array[]) => list.map((update) => Buffer.from(update).toString('base64'));
      expect(base64(store.readLog(workspace.id, state.uptoSeq).updates)).toEqual(base64(updates));
      const stored = store.loadDocument(workspace.id);
      const reloaded = new Y.Doc();
      Y.applyUpdate(reloaded, stored.state!);
      for (const update of stored.updates) Y.applyUpdate(reloaded, update);
      expect(workspaceToJson(reloaded)).toEqual(workspaceToJson(doc));

      updateNode(doc, ids[1]!, { status: 'on-track' });
      expect(store.commit([{ workspace: workspace.id, updates: [updates[3]!] }])).toEqual([state.uptoSeq + 4]);
      const after = store.readLog(workspace.id, state.uptoSeq + 3);
      expect([after.lastSeq, base64(after.updates)]).toEqual([state.uptoSeq + 4, base64([updates[3]!])]);
    } finally {
      store.close();
    }
  });
});
