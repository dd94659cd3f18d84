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
  (db) => {
    // People (DESIGN §5, SPEC A1–A7). A token row is a shared role link (member NULL) or a
    // member's personal link; revoked rows stay, so a revoked link is told apart from a forged
    // one, and the person it was revoked by (a name) is whom its holder is told to ask. `sealed` holds a role link's token encrypted with DATA_DIR's link key, so the link
    // can be shown again; rows from storage version 2 have none and are shown once rotated.
    // Sessions are keyed by the SHA-256 of their id; `token_hash` is the credential they were
    // opened with, re-checked on every use.
    db.exec(`
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        workspace TEXT NOT NULL REFERENCES workspaces(id),
        name TEXT NOT NULL,
        email TEXT,
        role TEXT NOT NULL CHECK (role IN ('facilitator', 'editor', 'viewer')),
        invited_at TEXT NOT NULL,
        invited_by TEXT,
        joined_at TEXT,
        last_seen_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX members_by_workspace ON members(workspace);
      ALTER TABLE tokens ADD COLUMN member TEXT REFERENCES members(id);
      ALTER TABLE tokens ADD COLUMN sealed TEXT;
      ALTER TABLE tokens ADD COLUMN revoked_at TEXT;
      ALTER TABLE tokens ADD COLUMN revoked_why TEXT CHECK (revoked_why IN ('replaced', 'removed'));
      ALTER TABLE tokens ADD COLUMN revoked_by TEXT;
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        workspace TEXT NOT NULL REFERENCES workspaces(id),
        token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_token ON sessions(token_hash);
    `);
  },
  (db) => {
    // The record a meeting leaves (SPEC M1–M12). A snapshot keeps a whole Yjs state copy
    // (encodeStateAsUpdate), so reading one applies one row to a fresh document and replays no
    // history. Webhooks keep their secret sealed with the link key, as role links are (A1). The
    // outbox holds one row per event and URL, written in the transaction of the update that
    // caused the event (M9); `codes` is every attempt's status as a JSON array (0: no
    // answer; null: nothing was sent, M11).
    db.exec(`
      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        workspace TEXT NOT NULL REFERENCES workspaces(id),
        label TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT,
        data BLOB NOT NULL
      );
      CREATE INDEX snapshots_by_workspace ON snapshots(workspace, at);
      CREATE TABLE webhooks (
        workspace TEXT PRIMARY KEY REFERENCES workspaces(id),
        urls TEXT NOT NULL,
        sealed_secret TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace TEXT NOT NULL REFERENCES workspaces(id),
        event TEXT NOT NULL,
        url TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TEXT NOT NULL,
        codes TEXT NOT NULL DEFAULT '[]',
        last_error TEXT,
        done_at TEXT
      );
      CREATE INDEX outbox_due ON outbox(status, next_at);
      CREATE INDEX outbox_by_workspace ON outbox(workspace, id);
    `);
  },
  (db) => {
    // A snapshot's record basis (shared/history/record-basis.ts) as JSON text, so `changes` after
    // a restart reads a small text instead of rebuilding the state copy. Snapshots stored by
    // storage version 4 have none; the first read builds it from `data` and fills it in.
    db.exec('ALTER TABLE snapshots ADD COLUMN basis TEXT');
  },
  (db) => {
    // A snapshot may store only what the document held beyond an earlier whole one (`base`), whose
    // extent (a Yjs snapshot: state vector and delete set) is kept for that. Snapshots stored
    // before are whole and have no extent, so the first one taken after the upgrade is whole.
    db.exec(`
      ALTER TABLE snapshots ADD COLUMN base TEXT;
      ALTER TABLE snapshots ADD COLUMN extent BLOB;
    `);
  },
  (db) => {
    // The log in commit order: a group commit appends its rows to the end of one table instead of
    // writing into one page per workspace (keyed by workspace, 500 busy rooms dirtied about one
    // 4 KiB page per update row). Reading a workspace's rows goes through the index, whose small
    // entries sit many to a page.
    db.exec(`
      CREATE TABLE log (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL REFERENCES workspaces(id),
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        at TEXT NOT NULL
      );
      INSERT INTO log (workspace, seq, data, at) SELECT workspace, seq, data, at FROM updates;
      DROP TABLE updates;
      ALTER TABLE log RENAME TO updates;
      CREATE UNIQUE INDEX updates_by_workspace ON updates(workspace, seq);
    `);
  },
  (db) => {
    // The newest rows wait in a table with no index (S2): a group commit across 500 rooms touched
    // one index page per room, about a page written per row, and now appends to one table's last
    // pages. They are moved into `updates` about 2,000 at a time, sorted by workspace, so each
    // index page is written once per move. Every read of the log reads both tables.
    db.exec(`
      CREATE TABLE fresh_updates (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        at TEXT NOT NULL
      );
      CREATE VIEW all_updates AS
        SELECT workspace, seq, data, at FROM updates
        UNION ALL SELECT workspace, seq, data, at FROM fresh_updates;
    `);
  },
  (db) => {
    // Sessions signed out, kept apart from `sessions` until the idle sweep: a release that
    // predates this table finds no session for such a cookie, exactly as before.
    db.exec('CREATE TABLE signed_out_sessions (id_hash TEXT PRIMARY KEY, at TEXT NOT NULL)');
  },
  (db) => {
    // Who gave a member their current role, when a member changed it (A17): every node can then
    // name them as it closes the member's connections. Changes made before know no name.
    db.exec('ALTER TABLE members ADD COLUMN role_changed_by TEXT');
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
