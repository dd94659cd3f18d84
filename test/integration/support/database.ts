import Database from 'better-sqlite3';
import { join } from 'node:path';
import * as Y from 'yjs';

/**
 * Opens a stopped server's database directly, to check what was (and was not) stored.
 * The server holds an exclusive lock while it runs, so call this only between runs.
 */
export function openDatabase(dataDir: string): Database.Database {
  return new Database(join(dataDir, 'throughline.db'));
}

/** Rebuilds a workspace's document from its stored state and update log, as a room would. */
export function storedDocument(dataDir: string, workspace: string): { doc: Y.Doc; updateRows: number } {
  const db = openDatabase(dataDir);
  try {
    const doc = new Y.Doc();
    const state = db.prepare('SELECT data FROM states WHERE workspace = ?').pluck().get(workspace) as Buffer | undefined;
    if (state) Y.applyUpdate(doc, state);
    const rows = db.prepare('SELECT data FROM all_updates WHERE workspace = ? ORDER BY seq').pluck().all(workspace) as Buffer[];
    for (const row of rows) Y.applyUpdate(doc, row);
    return { doc, updateRows: rows.length };
  } finally {
    db.close();
  }
}
