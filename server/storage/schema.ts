import type Database from 'better-sqlite3';

/**
 * The storage layout has its own version (`PRAGMA user_version`) and a ladder of steps run in
 * order inside one transaction, so a database written by any earlier release opens cleanly.
 * Step N upgrades from version N-1 to N; never edit a step that has shipped, add a new one.
 */
const steps: ReadonlyArray<(db: Database.Database) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        mode TEXT NOT NULL DEFAULT 'review',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE updates (
        workspace TEXT NOT NULL REFERENCES workspaces(id),
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (workspace, seq)
      ) WITHOUT ROWID;
      CREATE TABLE states (
        workspace TEXT PRIMARY KEY REFERENCES workspaces(id),
        upto_seq INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        workspace TEXT NOT NULL REFERENCES workspaces(id),
        role TEXT NOT NULL CHECK (role IN ('facilitator', 'editor', 'viewer')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX tokens_by_workspace ON tokens(workspace);
    `);
  },
  (db) => {
    // A state row whose bytes still match what the server wrote, on the document schema this
    // release serves, may be sent to a client before it is built.
    db.exec('ALTER TABLE states ADD COLUMN checksum TEXT; ALTER TABLE states ADD COLUMN schema INTEGER;');
  },
];

export const STORAGE_VERSION = steps.length;

export class StorageVersionError extends Error {
  constructor(found: number) {
    super(
      `The database was written by a newer Throughline (storage version ${found}; this build knows up to ${STORAGE_VERSION}). Upgrade Throughline instead of opening it with an older one.`,
    );
    this.name = 'StorageVersionError';
  }
}

/** Refuses a database from a newer release before anything (even a pragma) is written to it. */
export function assertStorageVersion(db: Database.Database): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > STORAGE_VERSION) throw new StorageVersionError(found);
  return found;
}

/** Brings the tables up to STORAGE_VERSION. */
export function migrateStorage(db: Database.Database): void {
  const found = assertStorageVersion(db);
  if (found === STORAGE_VERSION) return;
  db.transaction(() => {
    for (let version = found; version < STORAGE_VERSION; version++) steps[version]!(db);
    db.pragma(`user_version = ${STORAGE_VERSION}`);
  })();
}
