import type { PoolClient } from 'pg';

/**
 * PostgreSQL's tables: the same as SQLite's (DESIGN §6), in PostgreSQL's types, with one addition:
 * `workspaces.last_seq`, the workspace's last sequence number. A commit takes it with
 * `UPDATE … RETURNING`, which locks the row, so nodes committing to one workspace at once queue on
 * it and the log's numbers stay gapless across nodes (N2). Steps are a ladder, as in SQLite's
 * `schema.ts`: step N upgrades from version N-1 to N; never edit a step that has shipped.
 */
const steps: readonly string[] = [
  `
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    mode TEXT NOT NULL DEFAULT 'review',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0
  );
  CREATE TABLE updates (
    workspace TEXT NOT NULL REFERENCES workspaces(id),
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (workspace, seq)
  );
  CREATE TABLE states (
    workspace TEXT PRIMARY KEY REFERENCES workspaces(id),
    upto_seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    checksum TEXT,
    schema INTEGER
  );
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
  CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    workspace TEXT NOT NULL REFERENCES workspaces(id),
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'editor', 'viewer')),
    created_at TEXT NOT NULL,
    member TEXT REFERENCES members(id),
    sealed TEXT,
    revoked_at TEXT,
    revoked_why TEXT CHECK (revoked_why IN ('replaced', 'removed')),
    revoked_by TEXT
  );
  CREATE INDEX tokens_by_workspace ON tokens(workspace);
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    workspace TEXT NOT NULL REFERENCES workspaces(id),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  );
  CREATE INDEX sessions_by_token ON sessions(token_hash);
  CREATE TABLE snapshots (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL REFERENCES workspaces(id),
    label TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT,
    data BYTEA NOT NULL,
    basis TEXT,
    ord BIGSERIAL
  );
  CREATE INDEX snapshots_by_workspace ON snapshots(workspace, at);
  CREATE TABLE webhooks (
    workspace TEXT PRIMARY KEY REFERENCES workspaces(id),
    urls TEXT NOT NULL,
    sealed_secret TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
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
  `,
  // As SQLite's step 6: a snapshot may extend an earlier whole one.
  `
  ALTER TABLE snapshots ADD COLUMN base TEXT;
  ALTER TABLE snapshots ADD COLUMN extent BYTEA;
  `,
  // As SQLite's step 9: sessions signed out, until the idle sweep.
  'CREATE TABLE signed_out_sessions (id_hash TEXT PRIMARY KEY, at TEXT NOT NULL)',
  // As SQLite's step 10: who gave a member their current role.
  'ALTER TABLE members ADD COLUMN role_changed_by TEXT',
  // When a claimed delivery was due (M30). A claim still moves next_at to its end, the gate every
  // release honours (N10), so during a rolling upgrade a node of the release before never reads a
  // delivery another node holds; no sender gates on these (a claim reads them only to keep a lapsed
  // claim's first due time), the delivery log reads them. claimed_next_at is the next_at the claim
  // wrote: once next_at differs (a node of the release before claimed or answered the delivery
  // since), due_at says nothing. Rows stored before have neither: nullable columns without a
  // default, added in one statement, change the catalogue only and rewrite no row.
  'ALTER TABLE outbox ADD COLUMN due_at TEXT, ADD COLUMN claimed_next_at TEXT',
];

const POSTGRES_STORAGE_VERSION = steps.length;

/** Any constant: nodes starting together take this transaction lock so one migrates and the others wait. */
const MIGRATION_LOCK = 0x7468726f; // "thro"

/** Brings the tables up to POSTGRES_STORAGE_VERSION; refuses a database from a newer release. */
export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS throughline_storage (version INTEGER NOT NULL)');
    const found = Number((await client.query<{ version: number }>('SELECT version FROM throughline_storage')).rows[0]?.version ?? 0);
    if (found > POSTGRES_STORAGE_VERSION) {
      throw new Error(
        `The database was written by a newer Throughline (storage version ${found}; this build knows up to ${POSTGRES_STORAGE_VERSION}). Upgrade Throughline instead of opening it with an older one.`,
      );
    }
    for (let version = found; version < POSTGRES_STORAGE_VERSION; version++) await client.query(steps[version]!);
    if (found === 0) await client.query('INSERT INTO throughline_storage (version) VALUES ($1)', [POSTGRES_STORAGE_VERSION]);
    else if (found < POSTGRES_STORAGE_VERSION) await client.query('UPDATE throughline_storage SET version = $1', [POSTGRES_STORAGE_VERSION]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
