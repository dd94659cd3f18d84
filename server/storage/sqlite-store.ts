import Database from 'better-sqlite3';
import { assertStorageVersion, migrateStorage } from './schema';
import { assembleDocument, checksum, compactedTail, logTail, type StateRow } from './stored-document';
import { deliveriesToStore, distinctSnapshots } from './entry-records';
import { tokenGrantOf, type TokenRow } from './token-row';
import {
  StorageError,
  type ActingLink,
  type CommitEntry,
  type DeliveryAttempt,
  type DeliveryRecord,
  type SnapshotRecord,
  type StoredSnapshot,
  type WholeSnapshot,
  type WebhookConfig,
  type MemberRecord,
  type NewMember,
  type NewToken,
  type NewWorkspace,
  type RevokedWhy,
  type Role,
  type RoleLinkRecord,
  type SessionRecord,
  type TokenChange,
  type LogTail,
  type Store,
  type StoredDocument,
  type TokenGrant,
  type WorkspaceRecord,
} from './store';

/**
 * Durability we promise (DESIGN §6): WAL with synchronous=NORMAL. A committed transaction is in
 * the WAL before `commit` returns, so it survives the process being killed at any point; only a
 * power loss or kernel crash can roll back the last transactions before a checkpoint. FULL would
 * add an fsync to every group commit for a guarantee the relay does not offer its clients anyway.
 */
const EXPECTED_JOURNAL_MODE = 'wal';
const EXPECTED_SYNCHRONOUS = 1; // NORMAL
const LOCK_WAIT_MS = 5000;
/**
 * How much waits in `fresh_updates` before it is moved into `updates` (S2). A move of 2,000 small
 * rows from 500 rooms takes about 3 ms and writes each index page once; waiting longer makes each
 * move a longer pause and each read of a room's rows scan more of the fresh table.
 */
const SETTLE_ROWS = 2048;
const SETTLE_BYTES = 4 * 1024 * 1024;
/**
 * A move copies a slice of at most this many rows and bytes (or one row, however large), then
 * deletes it, before the next: the pages a slice frees hold the next slice, so a move needs room
 * for one slice, not for a second copy of every fresh row.
 */
const SETTLE_SLICE = { rows: 256, bytes: 256 * 1024 };
/**
 * SQLite's own checkpoint (copying the WAL into the database file, with two fsyncs) runs inside
 * whichever commit takes the WAL past its threshold: with many rooms, a group commit that every
 * relay of its turn waits on (S1), and each move, which rewrites a page per room. The store
 * checkpoints in a turn of its own after each move and each compaction instead (S3). SQLite's
 * threshold stays as a bound on what else is written (catalogue writes), raised from 1,000 pages
 * so a move of 500 rooms' rows and the commits around it (about 900 pages) stay under it. With
 * synchronous=NORMAL the WAL is made durable at a checkpoint, so this is also the most a power
 * loss can take back when nothing is moved (16 MiB at 4 KiB pages).
 */
const AUTO_CHECKPOINT_PAGES = 4_000;

const MEMBER_COLUMNS = `id, workspace, name, email, role, invited_at AS invitedAt, invited_by AS invitedBy,
  joined_at AS joinedAt, last_seen_at AS lastSeenAt, revoked_at AS revokedAt`;

const DELIVERY_COLUMNS = `id, workspace, event, url, body, created_at AS createdAt, status, attempts, next_at AS nextAt,
  NULL AS claimedDueAt, codes, last_error AS lastError, done_at AS doneAt`;

/** When the last of `rows` in `table` was stored, or `updated_at` when there are none. */
const lastRowAt = (table: string, rows: string) => `coalesce((SELECT at FROM ${table} WHERE ${rows} ORDER BY seq DESC LIMIT 1), updated_at)`;

/**
 * When a workspace last changed: the last row of its log, or when the log was last folded away.
 * The two tables of the log (S2) are asked one by one: through the view, SQLite scans them whole.
 */
const lastChange = (rows: string) => `max(updated_at, ${lastRowAt('updates', rows)}, ${lastRowAt('fresh_updates', rows)})`;

const WORKSPACE_COLUMNS = `id, title, mode, created_at AS createdAt, ${lastChange('workspace = w.id')} AS updatedAt`;

/**
 * The listing reads the fresh table once, not once per workspace: `at` beside `max(seq)` is the
 * last row's (SQLite takes a bare column from the row that holds the max).
 */
const LISTED_WORKSPACES = `SELECT id, title, mode, created_at AS createdAt,
  max(updated_at, ${lastRowAt('updates', 'workspace = w.id')}, coalesce(f.at, updated_at)) AS updatedAt
  FROM workspaces w LEFT JOIN (SELECT workspace, max(seq), at FROM fresh_updates GROUP BY workspace) f ON f.workspace = w.id
  ORDER BY created_at, id`;

export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

type DeliveryRow = Omit<DeliveryRecord, 'codes'> & { codes: string };

const deliveryOf = (row: DeliveryRow): DeliveryRecord => ({ ...row, codes: JSON.parse(row.codes) as Array<number | null> });

/** SQLite's ways of saying that the database file, or the directory it needs beside it, may not be written. */
const isNotWritable = (error: unknown): boolean => /^SQLITE_(READONLY|CANTOPEN)/.test((error as { code?: string }).code ?? '');

function notWritable(file: string, error: unknown): StartupError {
  return new StartupError(
    `The database ${file} cannot be written (${(error as Error).message}), so every edit would be refused. Make the data directory and the files in it writable by the user the server runs as.`,
    { cause: error },
  );
}

/**
 * SQLite opens a database file it may read but not write read-only without a word, and the first
 * edit would be the first to find out (refused with 1011). Writing the storage version back, the
 * same number but a real write of the file's first page into the WAL, finds out at start-up.
 */
function probeWrite(db: Database.Database): void {
  db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`);
}

function toStorageError(error: unknown): StorageError {
  const code = (error as { code?: string }).code ?? 'UNKNOWN';
  const reason = code === 'SQLITE_FULL' ? 'the disk is full' : (error as Error).message;
  return new StorageError(`Could not write to the database: ${reason}`, code, { cause: error });
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly seqs = new Map<string, number>();
  /**
   * Workspaces a commit has found in the table. The fresh table has no foreign key, whose check
   * would cost a lookup per row: each workspace is looked up once per process instead (workspaces
   * are never deleted), and a row for one that does not exist fails its whole commit (N2).
   */
  private readonly known = new Set<string>();
  /** What `fresh_updates` holds. */
  private fresh = { rows: 0, bytes: 0 };
  /** What it must hold for the next move: after a failed one (a full disk), as much again. */
  private settleAt = { rows: SETTLE_ROWS, bytes: SETTLE_BYTES };
  private settleQueued = false;
  private checkpointQueued = false;
  /** Whether the last checkpoint failed (a full disk): said once, until one succeeds. */
  private checkpointFailing = false;
  /** Whether the last move left rows the indexed log refuses: the next goes around them at once. */
  private clashes = false;
  private readonly statements;
  /** Built once: better-sqlite3 wraps a function in a new transaction object on every call. */
  private readonly insertWorkspace: (workspace: NewWorkspace, now: string) => void;
  private readonly commitEntries: (entries: readonly CommitEntry[], at: string) => { next: Map<string, number>; lastSeqs: number[] };
  private readonly compactLog: (workspace: string, state: Uint8Array, uptoSeq: number, schema: number | null) => void;
  private readonly settleRows: () => void;
  private readonly settleRowsAroundClashes: () => { dropped: number; keys: string[] };
  private readonly touchSessionRows: (idHashes: readonly string[], at: string) => void;
  private readonly signOutRows: (idHash: string, at: string) => boolean;
  private readonly deleteIdleRows: (cutoff: string) => number;
  private readonly replaceTokenRows: (oldHash: string | null, next: NewToken, change: TokenChange, acting: ActingLink) => boolean;
  private readonly insertMember: (member: NewMember, token: NewToken, at: string, acting: ActingLink) => boolean;
  private readonly revokeMemberRows: (workspace: string, id: string, change: TokenChange, acting: ActingLink) => string[] | null;
  private readonly changeRoleRows: (workspace: string, id: string, role: Role, by: string | null, acting: ActingLink) => boolean;

  private constructor(db: Database.Database) {
    this.db = db;
    this.statements = {
      insertWorkspace: db.prepare(
        'INSERT INTO workspaces (id, title, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ),
      insertToken: db.prepare(
        'INSERT INTO tokens (token_hash, workspace, role, created_at, member, sealed) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      revokeToken: db.prepare(
        'UPDATE tokens SET revoked_at = ?, revoked_why = ?, revoked_by = ?, sealed = NULL WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      roleLinks: db.prepare(
        'SELECT role, token_hash AS tokenHash, sealed, created_at AS createdAt FROM tokens WHERE workspace = ? AND member IS NULL AND revoked_at IS NULL ORDER BY created_at',
      ),
      insertMember: db.prepare(
        'INSERT INTO members (id, workspace, name, email, role, invited_at, invited_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      listMembers: db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE workspace = ? AND revoked_at IS NULL ORDER BY invited_at, id`),
      getMember: db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE workspace = ? AND id = ?`),
      actingFacilitator: db.prepare("SELECT 1 FROM tokens WHERE token_hash = ? AND workspace = ? AND role = 'facilitator' AND revoked_at IS NULL").pluck(),
      revokeMember: db.prepare('UPDATE members SET revoked_at = ? WHERE workspace = ? AND id = ? AND revoked_at IS NULL'),
      changeMemberRole: db.prepare('UPDATE members SET role = ?, role_changed_by = ? WHERE workspace = ? AND id = ? AND revoked_at IS NULL'),
      changeTokenRoles: db.prepare('UPDATE tokens SET role = ? WHERE workspace = ? AND member = ? AND revoked_at IS NULL'),
      memberTokens: db.prepare('SELECT token_hash FROM tokens WHERE workspace = ? AND member = ? AND revoked_at IS NULL').pluck(),
      markMemberSeen: db.prepare('UPDATE members SET joined_at = coalesce(joined_at, @at), last_seen_at = @at WHERE id = @id'),
      createSession: db.prepare('INSERT INTO sessions (id_hash, workspace, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)'),
      findSession: db.prepare('SELECT workspace, token_hash AS tokenHash, last_seen_at AS lastSeenAt FROM sessions WHERE id_hash = ?'),
      touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
      rebindSession: db.prepare('UPDATE sessions SET token_hash = ? WHERE id_hash = ? AND token_hash = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
      deleteIdleSessions: db.prepare('DELETE FROM sessions WHERE last_seen_at < ?'),
      rememberSignOut: db.prepare('INSERT OR REPLACE INTO signed_out_sessions (id_hash, at) VALUES (?, ?)'),
      findSignOut: db.prepare('SELECT 1 FROM signed_out_sessions WHERE id_hash = ?').pluck(),
      forgetSignOuts: db.prepare('DELETE FROM signed_out_sessions WHERE at < ?'),
      insertUpdate: db.prepare('INSERT INTO fresh_updates (workspace, seq, data, at) VALUES (?, ?, ?, ?)'),
      freshSize: db.prepare('SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes FROM fresh_updates'),
      freshRowSizes: db.prepare('SELECT id, length(data) FROM fresh_updates ORDER BY id').raw(),
      // Sorted, so each room's rows land on its index page together.
      settleSlice: db.prepare(
        'INSERT INTO updates (workspace, seq, data, at) SELECT workspace, seq, data, at FROM fresh_updates WHERE id BETWEEN ? AND ? ORDER BY workspace, seq',
      ),
      deleteFreshSlice: db.prepare('DELETE FROM fresh_updates WHERE id BETWEEN ? AND ?'),
      // The careful move (see `settleAroundClashes`): a row whose key the log holds already is
      // ignored, and of two fresh rows with one key the older moves. OR IGNORE does not cover a
      // foreign key, so rows of a workspace that is gone are left out by hand.
      settleSliceKeepingClashes: db.prepare(
        `INSERT OR IGNORE INTO updates (workspace, seq, data, at) SELECT workspace, seq, data, at FROM fresh_updates
         WHERE id BETWEEN ? AND ? AND workspace IN (SELECT id FROM workspaces) ORDER BY workspace, seq, id`,
      ),
      // A row the log now holds with the very same bytes has moved, or was a second copy.
      deleteSettledSlice: db.prepare(
        `DELETE FROM fresh_updates WHERE id BETWEEN ? AND ?
         AND EXISTS (SELECT 1 FROM updates u WHERE u.workspace = fresh_updates.workspace AND u.seq = fresh_updates.seq AND u.data = fresh_updates.data)`,
      ),
      freshKeys: db.prepare(`SELECT workspace || '#' || seq FROM fresh_updates ORDER BY workspace, seq LIMIT 5`).pluck(),
      summarise: db.prepare('UPDATE workspaces SET title = ?, mode = ?, updated_at = ? WHERE id = ?'),
      // The log's last row says when a workspace last changed; `updated_at` is brought up to it
      // only when the log is compacted away, so a commit writes nothing but its updates.
      listWorkspaces: db.prepare(LISTED_WORKSPACES),
      getWorkspace: db.prepare(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE id = ?`),
      keepLastChange: db.prepare(
        `UPDATE workspaces SET updated_at = ${lastChange('workspace = @workspace AND seq <= @uptoSeq')} WHERE id = @workspace`,
      ),
      countWorkspaces: db.prepare('SELECT count(*) FROM workspaces').pluck(),
      workspaceExists: db.prepare('SELECT 1 FROM workspaces WHERE id = ?').pluck(),
      findToken: db.prepare(
        `SELECT t.workspace, t.role, t.member AS memberId, m.name AS memberName, t.revoked_at AS revokedAt, t.revoked_why AS revokedWhy, t.revoked_by AS revokedBy,
           m.role_changed_by AS roleChangedBy
         FROM tokens t LEFT JOIN members m ON m.id = t.member WHERE t.token_hash = ?`,
      ),
      stateSeq: db.prepare('SELECT upto_seq FROM states WHERE workspace = ?').pluck(),
      loadState: db.prepare('SELECT upto_seq AS uptoSeq, data, checksum, schema FROM states WHERE workspace = ?'),
      loadUpdates: db.prepare('SELECT seq, data FROM all_updates WHERE workspace = ? AND seq > ? ORDER BY seq'),
      maxSeq: db
        .prepare(
          'SELECT max(coalesce((SELECT max(seq) FROM updates WHERE workspace = @workspace), 0), coalesce((SELECT max(seq) FROM fresh_updates WHERE workspace = @workspace), 0), coalesce((SELECT upto_seq FROM states WHERE workspace = @workspace), 0))',
        )
        .pluck(),
      upsertState: db.prepare(
        'INSERT INTO states (workspace, upto_seq, data, checksum, schema) VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, checksum = excluded.checksum, schema = excluded.schema',
      ),
      deleteUpdates: db.prepare('DELETE FROM updates WHERE workspace = ? AND seq <= ?'),
      deleteFreshUpdates: db.prepare('DELETE FROM fresh_updates WHERE workspace = ? AND seq <= ?'),
      insertSnapshot: db.prepare(
        // A meeting end's id is its end's (M33): a second record of that end stores nothing.
        'INSERT INTO snapshots (id, workspace, label, at, by, data, base, extent, basis) VALUES (@id, @workspace, @label, @at, @by, @data, @base, @extent, @basis) ON CONFLICT (id) DO NOTHING',
      ),
      listSnapshots: db.prepare('SELECT id, label, at, by FROM snapshots WHERE workspace = ? ORDER BY at, rowid'),
      getSnapshot: db.prepare('SELECT id, label, at, by, data, base FROM snapshots WHERE workspace = ? AND id = ?'),
      latestWholeSnapshot: db.prepare(
        'SELECT id, extent, length(data) AS bytes FROM snapshots WHERE workspace = ? AND extent IS NOT NULL ORDER BY at DESC, rowid DESC LIMIT 1',
      ),
      getSnapshotBasis: db.prepare('SELECT id, label, at, by, basis FROM snapshots WHERE workspace = ? AND id = ?'),
      setSnapshotBasis: db.prepare('UPDATE snapshots SET basis = ? WHERE workspace = ? AND id = ?'),
      setWebhooks: db.prepare(
        'INSERT INTO webhooks (workspace, urls, sealed_secret, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (workspace) DO UPDATE SET urls = excluded.urls, sealed_secret = excluded.sealed_secret, updated_at = excluded.updated_at',
      ),
      setWebhookUrls: db.prepare('UPDATE webhooks SET urls = ?, updated_at = ? WHERE workspace = ?'),
      resealWebhookSecret: db.prepare('UPDATE webhooks SET sealed_secret = ? WHERE workspace = ? AND sealed_secret = ?'),
      getWebhooks: db.prepare('SELECT urls, sealed_secret AS sealedSecret, updated_at AS updatedAt FROM webhooks WHERE workspace = ?'),
      insertDelivery: db.prepare('INSERT INTO outbox (workspace, event, url, body, created_at, next_at) VALUES (@workspace, @event, @url, @body, @at, @at)'),
      dueDeliveries: db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?`),
      nextDeliveryAt: db.prepare("SELECT min(next_at) FROM outbox WHERE status = 'pending'").pluck(),
      recordAttempt: db.prepare(
        "UPDATE outbox SET attempts = attempts + 1, codes = json_insert(codes, '$[#]', @code), last_error = @error, status = @status, next_at = @nextAt, done_at = CASE WHEN @status = 'pending' THEN NULL ELSE @at END WHERE id = @id AND status = 'pending' AND next_at = @readNextAt",
      ),
      leaveDelivery: db.prepare("UPDATE outbox SET last_error = ? WHERE id = ? AND status = 'pending' AND next_at = ?"),
      withdrawDeliveries: db.prepare(
        "UPDATE outbox SET status = 'failed', last_error = ?, done_at = ? WHERE workspace = ? AND status = 'pending' AND url NOT IN (SELECT value FROM json_each(?))",
      ),
      listDeliveries: db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE workspace = ? ORDER BY id DESC LIMIT ?`),
      pruneDeliveries: db.prepare("DELETE FROM outbox WHERE status IN ('delivered', 'failed') AND done_at < ?"),
    };
    this.insertWorkspace = this.transaction((workspace: NewWorkspace, now: string) => {
      this.statements.insertWorkspace.run(workspace.id, workspace.title, workspace.mode, now, now);
      for (const [role, hash] of Object.entries(workspace.tokenHashes) as [Role, string][]) {
        this.statements.insertToken.run(hash, workspace.id, role, now, null, workspace.sealedTokens?.[role] ?? null);
      }
      this.statements.upsertState.run(workspace.id, 0, workspace.initialState, checksum(workspace.initialState), workspace.initialSchema);
    });
    this.commitEntries = this.transaction((entries: readonly CommitEntry[], at: string) => {
      const next = new Map<string, number>();
      const lastSeqs: number[] = [];
      for (const entry of entries) {
        if (!this.known.has(entry.workspace)) {
          if (!this.statements.workspaceExists.get(entry.workspace)) {
            throw new StorageError(`Could not write to the database: there is no workspace ${entry.workspace}.`, 'NO_WORKSPACE');
          }
          this.known.add(entry.workspace);
        }
        let seq = next.get(entry.workspace) ?? this.lastSeq(entry.workspace);
        for (const update of entry.updates) this.statements.insertUpdate.run(entry.workspace, ++seq, update, at);
        next.set(entry.workspace, seq);
        lastSeqs.push(seq);
        if (entry.summary) this.statements.summarise.run(entry.summary.title, entry.summary.mode, at, entry.workspace);
        // Another node recorded these ends first, and sent their minutes with them (M33).
        let recordedBefore: Set<string> | undefined;
        for (const snapshot of distinctSnapshots(entry)) if (this.statements.insertSnapshot.run(snapshot).changes === 0) (recordedBefore ??= new Set()).add(snapshot.id);
        for (const { snapshot: _, ...delivery } of deliveriesToStore(entry, recordedBefore)) this.statements.insertDelivery.run({ ...delivery, at });
      }
      return { next, lastSeqs };
    });
    this.touchSessionRows = this.transaction((idHashes: readonly string[], at: string) => {
      for (const idHash of idHashes) this.statements.touchSession.run(at, idHash);
    });
    this.signOutRows = this.transaction((idHash: string, at: string) => {
      if (this.statements.deleteSession.run(idHash).changes === 0) return false;
      this.statements.rememberSignOut.run(idHash, at);
      return true;
    });
    this.deleteIdleRows = this.transaction((cutoff: string) => {
      this.statements.forgetSignOuts.run(cutoff);
      return this.statements.deleteIdleSessions.run(cutoff).changes;
    });
    this.compactLog = this.transaction((workspace: string, state: Uint8Array, uptoSeq: number, schema: number | null) => {
      this.statements.keepLastChange.run({ workspace, uptoSeq });
      this.statements.upsertState.run(workspace, uptoSeq, state, checksum(state), schema);
      this.statements.deleteUpdates.run(workspace, uptoSeq);
      this.statements.deleteFreshUpdates.run(workspace, uptoSeq);
    });
    this.settleRows = this.transaction(() => {
      for (const [from, to] of this.freshSlices()) {
        this.statements.settleSlice.run(from, to);
        this.statements.deleteFreshSlice.run(from, to);
      }
    });
    this.settleRowsAroundClashes = this.transaction(() => {
      let dropped = 0;
      for (const [from, to] of this.freshSlices()) {
        const moved = this.statements.settleSliceKeepingClashes.run(from, to).changes;
        dropped += this.statements.deleteSettledSlice.run(from, to).changes - moved;
      }
      return { dropped, keys: this.statements.freshKeys.all() as string[] };
    });
    this.replaceTokenRows = this.transaction((oldHash: string | null, next: NewToken, { at, by, keepSession }: TokenChange, acting: ActingLink) => {
      if (!this.mayAct(next.workspace, acting)) return false;
      if (oldHash) this.statements.revokeToken.run(at, 'replaced' satisfies RevokedWhy, by, oldHash);
      this.storeToken(next, at);
      if (oldHash && keepSession) this.statements.rebindSession.run(next.hash, keepSession, oldHash);
      return true;
    });
    this.insertMember = this.transaction((member: NewMember, token: NewToken, at: string, acting: ActingLink) => {
      if (!this.mayAct(member.workspace, acting)) return false;
      this.statements.insertMember.run(member.id, member.workspace, member.name, member.email, member.role, at, member.invitedBy);
      this.storeToken(token, at);
      return true;
    });
    this.revokeMemberRows = this.transaction((workspace: string, id: string, { at, by }: TokenChange, acting: ActingLink) => {
      if (!this.mayAct(workspace, acting)) return null;
      const hashes = this.statements.memberTokens.all(workspace, id) as string[];
      this.statements.revokeMember.run(at, workspace, id);
      for (const hash of hashes) this.statements.revokeToken.run(at, 'removed' satisfies RevokedWhy, by, hash);
      return hashes;
    });
    this.changeRoleRows = this.transaction((workspace: string, id: string, role: Role, by: string | null, acting: ActingLink) => {
      if (!this.mayAct(workspace, acting)) return false;
      this.statements.changeMemberRole.run(role, by, workspace, id);
      this.statements.changeTokenRoles.run(role, workspace, id);
      return true;
    });
  }

  /** Whether `acting` gives the facilitator role in `workspace` now, inside the transaction about to write (A20). */
  private mayAct(workspace: string, acting: ActingLink): boolean {
    return acting === null || this.statements.actingFacilitator.get(acting, workspace) !== undefined;
  }

  private storeToken(token: NewToken, at: string): void {
    this.statements.insertToken.run(token.hash, token.workspace, token.role, at, token.member, token.sealed);
  }

  /**
   * Opens (creating if needed) the database and checks what it will rely on: the durability
   * settings, and that it can write at all (H9).
   * The exclusive lock makes a second server on the same data directory fail at start-up instead
   * of interleaving sequence numbers with this one.
   */
  static open(file: string, options: { maxBytes?: number } = {}): SqliteStore {
    let db: Database.Database;
    try {
      // A restart may overlap the previous process's last commit: wait for its lock a while.
      db = new Database(file, { timeout: LOCK_WAIT_MS });
    } catch (error) {
      if (isNotWritable(error)) throw notWritable(file, error);
      throw new StartupError(`Cannot open the database ${file}: ${(error as Error).message}`, { cause: error });
    }
    try {
      assertStorageVersion(db);
      db.pragma('locking_mode = EXCLUSIVE');
      const journal = db.pragma(`journal_mode = ${EXPECTED_JOURNAL_MODE}`, { simple: true });
      db.pragma(`synchronous = ${EXPECTED_SYNCHRONOUS}`);
      const synchronous = db.pragma('synchronous', { simple: true });
      if (journal !== EXPECTED_JOURNAL_MODE || synchronous !== EXPECTED_SYNCHRONOUS) {
        throw new StartupError(
          `The database ${file} runs with journal_mode=${String(journal)} and synchronous=${String(synchronous)}; Throughline needs journal_mode=wal and synchronous=NORMAL (1) for its durability promise. Is the data directory on a filesystem without WAL support?`,
        );
      }
      probeWrite(db);
      db.pragma('foreign_keys = ON');
      // A statement that changes many rows inside a transaction (a slice of a move, a room's log
      // folded away) first saves each page it touches to a statement journal, so that it alone can
      // be undone: on disk, a write per page, half of a move's time (S2). In memory it holds the
      // pages of one such statement. Sorts (a move's ORDER BY) and temporary tables stay in memory too.
      db.pragma('temp_store = MEMORY');
      db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      if (options.maxBytes) {
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        db.pragma(`max_page_count = ${Math.ceil(options.maxBytes / pageSize)}`);
      }
      migrateStorage(db);
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new StartupError(`Another Throughline server is already using ${file}.`, { cause: error });
      }
      if (isNotWritable(error)) throw notWritable(file, error);
      throw error;
    }
    const store = new SqliteStore(db);
    // Rows a killed process left fresh are read through the view either way; moving them now
    // starts the new run with an empty fresh table.
    store.recountFresh();
    store.settle();
    store.checkpointSoon();
    return store;
  }

  createWorkspace(workspace: NewWorkspace): void {
    this.insertWorkspace(workspace, new Date().toISOString());
    this.seqs.set(workspace.id, 0);
  }

  listWorkspaces(): WorkspaceRecord[] {
    return this.statements.listWorkspaces.all() as WorkspaceRecord[];
  }

  getWorkspace(id: string): WorkspaceRecord | undefined {
    return this.statements.getWorkspace.get(id) as WorkspaceRecord | undefined;
  }

  countWorkspaces(): number {
    return this.statements.countWorkspaces.get() as number;
  }

  findToken(tokenHash: string): TokenGrant | undefined {
    const row = this.statements.findToken.get(tokenHash) as TokenRow | undefined;
    return row && tokenGrantOf(row);
  }

  roleLinks(workspace: string): RoleLinkRecord[] {
    return this.statements.roleLinks.all(workspace) as RoleLinkRecord[];
  }

  replaceToken(oldHash: string | null, next: NewToken, change: TokenChange, acting: ActingLink): boolean {
    return this.replaceTokenRows(oldHash, next, change, acting);
  }

  addMember(member: NewMember, token: NewToken, at: string, acting: ActingLink): boolean {
    return this.insertMember(member, token, at, acting);
  }

  listMembers(workspace: string): MemberRecord[] {
    return this.statements.listMembers.all(workspace) as MemberRecord[];
  }

  getMember(workspace: string, id: string): MemberRecord | undefined {
    return this.statements.getMember.get(workspace, id) as MemberRecord | undefined;
  }

  revokeMember(workspace: string, id: string, change: TokenChange, acting: ActingLink): string[] | null {
    return this.revokeMemberRows(workspace, id, change, acting);
  }

  changeMemberRole(workspace: string, id: string, role: Role, by: string | null, acting: ActingLink): boolean {
    return this.changeRoleRows(workspace, id, role, by, acting);
  }

  memberTokenHash(workspace: string, id: string): string | undefined {
    return this.statements.memberTokens.get(workspace, id) as string | undefined;
  }

  markMemberSeen(id: string, at: string): void {
    this.write(() => this.statements.markMemberSeen.run({ id, at }));
  }

  createSession(idHash: string, workspace: string, tokenHash: string, at: string): void {
    this.write(() => this.statements.createSession.run(idHash, workspace, tokenHash, at, at));
  }

  findSession(idHash: string): SessionRecord | undefined {
    return this.statements.findSession.get(idHash) as SessionRecord | undefined;
  }

  touchSessions(idHashes: readonly string[], at: string): void {
    this.touchSessionRows(idHashes, at);
  }

  deleteSession(idHash: string): void {
    this.write(() => this.statements.deleteSession.run(idHash));
  }

  signOutSession(idHash: string, at: string): boolean {
    return this.signOutRows(idHash, at);
  }

  wasSignedOut(idHash: string): boolean {
    return this.statements.findSignOut.get(idHash) !== undefined;
  }

  deleteSessionsIdleSince(cutoff: string): number {
    return this.deleteIdleRows(cutoff);
  }

  loadDocument(workspace: string): StoredDocument {
    const state = this.statements.loadState.get(workspace) as StateRow | undefined;
    const rows = this.statements.loadUpdates.all(workspace, state?.uptoSeq ?? 0) as { seq: number; data: Buffer }[];
    const stored = assembleDocument(state, rows);
    this.seqs.set(workspace, stored.lastSeq);
    return stored;
  }

  commit(entries: readonly CommitEntry[]): readonly number[] {
    const { next, lastSeqs } = this.commitEntries(entries, new Date().toISOString());
    // Only a transaction that committed moves the sequence on; a failed one is retried from the same numbers.
    for (const [workspace, seq] of next) this.seqs.set(workspace, seq);
    for (const entry of entries) {
      this.fresh.rows += entry.updates.length;
      for (const update of entry.updates) this.fresh.bytes += update.byteLength;
    }
    if ((this.fresh.rows >= this.settleAt.rows || this.fresh.bytes >= this.settleAt.bytes) && !this.settleQueued) {
      this.settleQueued = true;
      // After this turn's relay, which waits for nothing but the commit (S1).
      setImmediate(() => {
        this.settleQueued = false;
        this.settle();
        this.checkpointSoon();
      });
    }
    return lastSeqs;
  }

  readLog(workspace: string, afterSeq: number): LogTail {
    const uptoSeq = (this.statements.stateSeq.get(workspace) as number | undefined) ?? 0;
    if (uptoSeq > afterSeq) return compactedTail(afterSeq);
    return logTail(this.statements.loadUpdates.all(workspace, afterSeq) as { seq: number; data: Buffer }[], afterSeq);
  }

  compact(workspace: string, state: Uint8Array, uptoSeq: number, schema: number | null): void {
    this.compactLog(workspace, state, uptoSeq, schema);
    // Only what the next move is due on: counted again rather than tracked row by row.
    if (this.fresh.rows > 0) this.recountFresh();
    // A large state row is as many pages as a move; an idle server's compactions have no move after them.
    this.checkpointSoon();
  }

  lastSeq(workspace: string): number {
    let seq = this.seqs.get(workspace);
    if (seq === undefined) {
      seq = this.statements.maxSeq.get({ workspace }) as number;
      this.seqs.set(workspace, seq);
    }
    return seq;
  }

  listSnapshots(workspace: string): SnapshotRecord[] {
    return this.statements.listSnapshots.all(workspace) as SnapshotRecord[];
  }

  getSnapshot(workspace: string, id: string): StoredSnapshot | undefined {
    return this.statements.getSnapshot.get(workspace, id) as StoredSnapshot | undefined;
  }

  latestWholeSnapshot(workspace: string): WholeSnapshot | undefined {
    return this.statements.latestWholeSnapshot.get(workspace) as WholeSnapshot | undefined;
  }

  getSnapshotBasis(workspace: string, id: string): (SnapshotRecord & { basis: string | null }) | undefined {
    return this.statements.getSnapshotBasis.get(workspace, id) as (SnapshotRecord & { basis: string | null }) | undefined;
  }

  setSnapshotBasis(workspace: string, id: string, basis: string): void {
    this.write(() => this.statements.setSnapshotBasis.run(basis, workspace, id));
  }

  setWebhooks(workspace: string, urls: string[], sealedSecret: string | null, at: string): boolean {
    if (sealedSecret === null) return this.write(() => this.statements.setWebhookUrls.run(JSON.stringify(urls), at, workspace).changes > 0);
    this.write(() => this.statements.setWebhooks.run(workspace, JSON.stringify(urls), sealedSecret, at));
    return true;
  }

  resealWebhookSecret(workspace: string, read: string, resealed: string): boolean {
    return this.write(() => this.statements.resealWebhookSecret.run(resealed, workspace, read).changes) === 1;
  }

  getWebhooks(workspace: string): WebhookConfig | undefined {
    const row = this.statements.getWebhooks.get(workspace) as { urls: string; sealedSecret: string; updatedAt: string } | undefined;
    return row ? { urls: JSON.parse(row.urls) as string[], sealedSecret: row.sealedSecret, updatedAt: row.updatedAt } : undefined;
  }

  dueDeliveries(now: string, limit: number): DeliveryRecord[] {
    return (this.statements.dueDeliveries.all(now, limit) as DeliveryRow[]).map(deliveryOf);
  }

  nextDeliveryAt(): string | null {
    return (this.statements.nextDeliveryAt.get() as string | null) ?? null;
  }

  /** As read: a delivery withdrawn (M28) while its attempt was under way stays ended. */
  recordAttempt(read: Pick<DeliveryRecord, 'id' | 'nextAt'>, attempt: DeliveryAttempt): boolean {
    return this.write(() => this.statements.recordAttempt.run({ id: read.id, readNextAt: read.nextAt, ...attempt }).changes) === 1;
  }

  leaveDelivery(read: Pick<DeliveryRecord, 'id' | 'nextAt'>, why: string): boolean {
    return this.write(() => this.statements.leaveDelivery.run(why, read.id, read.nextAt).changes) === 1;
  }

  withdrawDeliveries(workspace: string, kept: readonly string[], error: string, at: string): number {
    return this.write(() => this.statements.withdrawDeliveries.run(error, at, workspace, JSON.stringify(kept)).changes);
  }

  listDeliveries(workspace: string, limit: number): DeliveryRecord[] {
    return (this.statements.listDeliveries.all(workspace, limit) as DeliveryRow[]).map(deliveryOf);
  }

  pruneDeliveries(before: string): number {
    return this.write(() => this.statements.pruneDeliveries.run(before).changes);
  }

  close(): void {
    this.settle();
    this.db.close();
  }

  /**
   * Moves the fresh rows into the indexed log (S2), in one transaction. Nothing is lost if it
   * fails (a full disk): the rows stay fresh, where every read finds them, and the next move is
   * due once as many rows or bytes again have come (or at the next start or stop). A move the
   * log's keys refuse is done again around the rows they refuse (`settleAroundClashes`).
   */
  private settle(): void {
    if (this.fresh.rows === 0 || !this.db.open) return;
    try {
      // The plain move, unless the last left rows behind: going around them checks every row
      // against the index and compares its bytes, about 40 % more per move.
      if (!this.clashes && this.settledPlainly()) {
        this.fresh = { rows: 0, bytes: 0 };
        this.settleAt = { rows: SETTLE_ROWS, bytes: SETTLE_BYTES };
        return;
      }
      this.settleAroundClashes();
    } catch (error) {
      this.settleLater();
      console.error(`[storage] moving ${this.fresh.rows} fresh log rows into the indexed log failed, they stay where they are: ${(error as Error).message}`);
    }
  }

  /**
   * Copies the WAL into the database file (S3) on the next turn: a pause of its own, after the
   * turn's relays, rather than inside a commit. One checkpoint serves every write before it.
   */
  private checkpointSoon(): void {
    if (this.checkpointQueued) return;
    this.checkpointQueued = true;
    setImmediate(() => {
      this.checkpointQueued = false;
      this.checkpoint();
    });
  }

  /**
   * Copies the WAL into the database file, without waiting for anything: a checkpoint that fails
   * (a full disk) leaves the WAL as it was, which every read still reads, and the next one copies it.
   */
  private checkpoint(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
      this.checkpointFailing = false;
    } catch (error) {
      if (this.checkpointFailing) return;
      this.checkpointFailing = true;
      console.error(`[storage] copying the write-ahead log into the database failed; it stays in the log: ${(error as Error).message}`);
    }
  }

  /** Whether the plain move went through; false when the log's keys refused a row. */
  private settledPlainly(): boolean {
    try {
      this.settleRows();
      return true;
    } catch (error) {
      if (error instanceof StorageError && error.code.startsWith('SQLITE_CONSTRAINT')) return false;
      throw error;
    }
  }

  /** The next move is due once as many rows or bytes again as are fresh now have come. */
  private settleLater(): void {
    this.settleAt = { rows: this.fresh.rows + SETTLE_ROWS, bytes: this.fresh.bytes + SETTLE_BYTES };
  }

  private recountFresh(): void {
    this.fresh = this.statements.freshSize.get() as { rows: number; bytes: number };
  }

  /**
   * The move after one refused by the log's keys: no commit writes a sequence twice or a row for a
   * workspace that does not exist (N2), so a clash means the file was changed by other hands. The
   * rows that fit move; those that clash stay fresh, where every read still finds them (until
   * compaction folds away a sequence stored twice; a row of a workspace that is gone stays until
   * removed by hand), and are named in the log at each move, rather than holding back every other
   * room's rows for good.
   */
  private settleAroundClashes(): void {
    const { dropped, keys } = this.settleRowsAroundClashes();
    this.recountFresh();
    const stuck = this.fresh.rows;
    this.clashes = stuck > 0;
    this.settleLater();
    if (dropped > 0) console.error(`[storage] ${dropped} fresh log rows were second copies of rows the indexed log holds, and were dropped`);
    if (stuck > 0) {
      console.error(
        `[storage] ${stuck} fresh log rows clash with the indexed log (a sequence stored twice, or a workspace that is gone) and stay where they are: ${keys.join(', ')}${stuck > keys.length ? ', …' : ''}`,
      );
    }
  }

  /**
   * The fresh rows as slices of ids, in order, each [first, last] holding at most
   * SETTLE_SLICE.rows rows and SETTLE_SLICE.bytes bytes, or a single row larger than that.
   */
  private freshSlices(): [number, number][] {
    const rows = this.statements.freshRowSizes.all() as [id: number, bytes: number][];
    const slices: [number, number][] = [];
    for (let start = 0; start < rows.length; ) {
      let end = start + 1;
      let bytes = rows[start]![1];
      while (end < rows.length && end - start < SETTLE_SLICE.rows && bytes + rows[end]![1] <= SETTLE_SLICE.bytes) bytes += rows[end++]![1];
      slices.push([rows[start]![0], rows[end - 1]![0]]);
      start = end;
    }
    return slices;
  }

  /** One statement outside a transaction, its SQLite failures as StorageError. */
  private write<Result>(body: () => Result): Result {
    try {
      return body();
    } catch (error) {
      if (error instanceof Database.SqliteError) throw toStorageError(error);
      throw error;
    }
  }

  /** A transaction whose SQLite failures come out as StorageError. */
  private transaction<Args extends unknown[], Result>(body: (...args: Args) => Result): (...args: Args) => Result {
    const run = this.db.transaction(body);
    return (...args) => {
      try {
        return run(...args);
      } catch (error) {
        if (error instanceof Database.SqliteError) throw toStorageError(error);
        throw error;
      }
    };
  }
}
