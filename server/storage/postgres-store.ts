import pg from 'pg';
import { migratePostgres } from './postgres-schema';
import { StartupError } from './sqlite-store';
import { assembleDocument, checksum, compactedTail, logTail, type StateRow } from './stored-document';
import { deliveriesToStore, distinctSnapshots } from './entry-records';
import { tokenGrantOf, type TokenRow } from './token-row';
import {
  StorageError,
  type ActingLink,
  type CommitEntry,
  type DeliveryAttempt,
  type DeliveryRecord,
  type LogTail,
  type MemberRecord,
  type NewMember,
  type NewSnapshot,
  type NewToken,
  type NewWorkspace,
  type RevokedWhy,
  type Role,
  type RoleLinkRecord,
  type SessionRecord,
  type SnapshotRecord,
  type StoredSnapshot,
  type WholeSnapshot,
  type Store,
  type StoredDocument,
  type TokenChange,
  type TokenGrant,
  type WebhookConfig,
  type WorkspaceRecord,
} from './store';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** BIGINT and BIGSERIAL as numbers: sequence numbers and outbox ids stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const MEMBER_COLUMNS = `id, workspace, name, email, role, invited_at AS "invitedAt", invited_by AS "invitedBy",
  joined_at AS "joinedAt", last_seen_at AS "lastSeenAt", revoked_at AS "revokedAt"`;
const DELIVERY_COLUMNS = `id, workspace, event, url, body, created_at AS "createdAt", status, attempts, next_at AS "nextAt",
  CASE WHEN claimed_next_at = next_at THEN due_at END AS "claimedDueAt", codes, last_error AS "lastError", done_at AS "doneAt"`;
const WORKSPACE_COLUMNS = 'id, title, mode, created_at AS "createdAt", updated_at AS "updatedAt"';

/** The first key of the transaction lock a workspace's people changes take turns on (A20); the second is the workspace's. */
const PEOPLE_LOCK = 0x70706c; // "ppl"
/** The longest a people change waits for its turn on PEOPLE_LOCK. */
const PEOPLE_LOCK_WAIT_MS = 5_000;
/** PostgreSQL's SQLSTATE for a lock not granted within `lock_timeout`. */
const LOCK_NOT_AVAILABLE = '55P03';

/** How long a node has to send a delivery it claimed before another node may (N10). */
const DELIVERY_CLAIM_MS = 60_000;

type DeliveryRow = Omit<DeliveryRecord, 'codes'> & { codes: string };

const NUL = '\u0000';

/**
 * A statement's parameter as PostgreSQL can take it. Its text cannot hold U+0000, which SQLite's
 * can: a parameter with one failed the whole statement as a database error (503), for a lookup by
 * an id with %00 in the address as for any text no check refused. Each NUL goes as U+FFFD instead:
 * a lookup then finds nothing, as no stored text holds one, and a write keeps the rest of its text.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.includes(NUL) ? value.replaceAll(NUL, '\uFFFD') : value;
  if (Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes(NUL))) return value.map(storable);
  return value;
}

const storableValues = (values: unknown[] | undefined): unknown[] | undefined => values?.map(storable);

/** A pool or a transaction's connection whose every statement's parameters are made storable. */
function storableQueries(client: Queryable): Queryable {
  const query = (config: string | pg.QueryConfig, values?: unknown[]) =>
    typeof config === 'string' ? client.query(config, storableValues(values)) : client.query({ ...config, values: storableValues(config.values) });
  return { query: query as pg.PoolClient['query'] };
}
const deliveryOf = (row: DeliveryRow): DeliveryRecord => ({ ...row, codes: JSON.parse(row.codes) as Array<number | null> });

/** PostgreSQL's own failures (connection lost, disk full) as StorageError; anything else as it is. */
function toStorageError(error: unknown): unknown {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: string }).code;
  if (code === undefined && !(error instanceof Error)) return error;
  return new StorageError(`Could not write to the database: ${(error as Error).message}`, code ?? 'UNKNOWN', { cause: error });
}

/**
 * The storage contracts in PostgreSQL (DESIGN §6 scale-out, SPEC N1–N4), through a pool of
 * connections. Every method answers a promise; a group commit is one transaction, as in SQLite.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';

  private constructor(private readonly pool: pg.Pool) {}

  /** Connects, checks the server answers and brings the tables up to date; a sentence on failure. */
  static async open(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
    // An idle connection the server dropped must not take the process with it.
    pool.on('error', (error) => console.error(`[storage] an idle PostgreSQL connection failed: ${error.message}`));
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw new StartupError(`Cannot use the PostgreSQL database in DATABASE_URL: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresStore(pool);
  }

  async createWorkspace(workspace: NewWorkspace): Promise<void> {
    const now = new Date().toISOString();
    await this.transaction(async (db) => {
      await db.query('INSERT INTO workspaces (id, title, mode, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)', [workspace.id, workspace.title, workspace.mode, now]);
      for (const [role, hash] of Object.entries(workspace.tokenHashes) as [Role, string][]) {
        await this.storeToken(db, { hash, workspace: workspace.id, role, member: null, sealed: workspace.sealedTokens?.[role] ?? null }, now);
      }
      await db.query('INSERT INTO states (workspace, upto_seq, data, checksum, schema) VALUES ($1, 0, $2, $3, $4)', [
        workspace.id,
        workspace.initialState,
        checksum(workspace.initialState),
        workspace.initialSchema,
      ]);
    });
  }

  async listWorkspaces(): Promise<WorkspaceRecord[]> {
    return this.rows<WorkspaceRecord>(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces ORDER BY created_at, id`);
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | undefined> {
    return (await this.rows<WorkspaceRecord>(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE id = $1`, [id]))[0];
  }

  async countWorkspaces(): Promise<number> {
    return (await this.rows<{ n: number }>('SELECT count(*)::int AS n FROM workspaces'))[0]!.n;
  }

  async findToken(tokenHash: string): Promise<TokenGrant | undefined> {
    const row = (
      await this.rows<TokenRow>(
        `SELECT t.workspace, t.role, t.member AS "memberId", m.name AS "memberName", t.revoked_at AS "revokedAt", t.revoked_why AS "revokedWhy", t.revoked_by AS "revokedBy",
           m.role_changed_by AS "roleChangedBy"
         FROM tokens t LEFT JOIN members m ON m.id = t.member WHERE t.token_hash = $1`,
        [tokenHash],
      )
    )[0];
    return row && tokenGrantOf(row);
  }

  async roleLinks(workspace: string): Promise<RoleLinkRecord[]> {
    return this.rows<RoleLinkRecord>(
      'SELECT role, token_hash AS "tokenHash", sealed, created_at AS "createdAt" FROM tokens WHERE workspace = $1 AND member IS NULL AND revoked_at IS NULL ORDER BY created_at',
      [workspace],
    );
  }

  async replaceToken(oldHash: string | null, next: NewToken, { at, by, keepSession }: TokenChange, acting: ActingLink): Promise<boolean> {
    return this.transaction(async (db) => {
      if (!(await this.mayAct(db, next.workspace, acting))) return false;
      if (oldHash) await this.revokeToken(db, oldHash, 'replaced', at, by);
      await this.storeToken(db, next, at);
      if (oldHash && keepSession) await db.query('UPDATE sessions SET token_hash = $1 WHERE id_hash = $2 AND token_hash = $3', [next.hash, keepSession, oldHash]);
      return true;
    });
  }

  async addMember(member: NewMember, token: NewToken, at: string, acting: ActingLink): Promise<boolean> {
    return this.transaction(async (db) => {
      if (!(await this.mayAct(db, member.workspace, acting))) return false;
      await db.query('INSERT INTO members (id, workspace, name, email, role, invited_at, invited_by) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        member.id,
        member.workspace,
        member.name,
        member.email,
        member.role,
        at,
        member.invitedBy,
      ]);
      await this.storeToken(db, token, at);
      return true;
    });
  }

  async listMembers(workspace: string): Promise<MemberRecord[]> {
    return this.rows<MemberRecord>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE workspace = $1 AND revoked_at IS NULL ORDER BY invited_at, id`, [workspace]);
  }

  async getMember(workspace: string, id: string): Promise<MemberRecord | undefined> {
    return (await this.rows<MemberRecord>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE workspace = $1 AND id = $2`, [workspace, id]))[0];
  }

  async revokeMember(workspace: string, id: string, { at, by }: TokenChange, acting: ActingLink): Promise<string[] | null> {
    return this.transaction(async (db) => {
      if (!(await this.mayAct(db, workspace, acting))) return null;
      const hashes = (await db.query<{ h: string }>('SELECT token_hash AS h FROM tokens WHERE workspace = $1 AND member = $2 AND revoked_at IS NULL', [workspace, id])).rows.map((row) => row.h);
      await db.query('UPDATE members SET revoked_at = $1 WHERE workspace = $2 AND id = $3 AND revoked_at IS NULL', [at, workspace, id]);
      for (const hash of hashes) await this.revokeToken(db, hash, 'removed', at, by);
      return hashes;
    });
  }

  async changeMemberRole(workspace: string, id: string, role: Role, by: string | null, acting: ActingLink): Promise<boolean> {
    return this.transaction(async (db) => {
      if (!(await this.mayAct(db, workspace, acting))) return false;
      await db.query('UPDATE members SET role = $1, role_changed_by = $2 WHERE workspace = $3 AND id = $4 AND revoked_at IS NULL', [role, by, workspace, id]);
      await db.query('UPDATE tokens SET role = $1 WHERE workspace = $2 AND member = $3 AND revoked_at IS NULL', [role, workspace, id]);
      return true;
    });
  }

  /**
   * Whether `acting` gives the facilitator role in `workspace`, asked inside the transaction about
   * to write (A20). The workspace's people changes take turns on a transaction lock first: under
   * READ COMMITTED, two facilitators each demoting the other would otherwise each read their own
   * link as it was before the other's change committed, and both win. The one that waited reads
   * the other's committed change.
   */
  private async mayAct(db: Queryable, workspace: string, acting: ActingLink): Promise<boolean> {
    // Each waiter holds one of the pool's connections, which document commits need too: a change
    // that cannot have its turn soon fails (a 503) rather than let waiters starve the pool.
    await db.query(`SET LOCAL lock_timeout = '${PEOPLE_LOCK_WAIT_MS}ms'`);
    try {
      await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PEOPLE_LOCK, workspace]);
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      throw new StorageError('Another change to the people of this workspace is still being made, and this one could not wait longer for its turn', 'LOCK_TIMEOUT', { cause: error });
    }
    if (acting === null) return true;
    const found = await db.query("SELECT 1 FROM tokens WHERE token_hash = $1 AND workspace = $2 AND role = 'facilitator' AND revoked_at IS NULL", [acting, workspace]);
    return found.rowCount !== 0;
  }

  async memberTokenHash(workspace: string, id: string): Promise<string | undefined> {
    return (await this.rows<{ h: string }>('SELECT token_hash AS h FROM tokens WHERE workspace = $1 AND member = $2 AND revoked_at IS NULL', [workspace, id]))[0]?.h;
  }

  async markMemberSeen(id: string, at: string): Promise<void> {
    await this.run('UPDATE members SET joined_at = coalesce(joined_at, $1), last_seen_at = $1 WHERE id = $2', [at, id]);
  }

  async createSession(idHash: string, workspace: string, tokenHash: string, at: string): Promise<void> {
    await this.run('INSERT INTO sessions (id_hash, workspace, token_hash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)', [idHash, workspace, tokenHash, at]);
  }

  async findSession(idHash: string): Promise<SessionRecord | undefined> {
    return (await this.rows<SessionRecord>('SELECT workspace, token_hash AS "tokenHash", last_seen_at AS "lastSeenAt" FROM sessions WHERE id_hash = $1', [idHash]))[0];
  }

  async touchSessions(idHashes: readonly string[], at: string): Promise<void> {
    await this.run('UPDATE sessions SET last_seen_at = $1 WHERE id_hash = ANY($2)', [at, idHashes]);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.run('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async signOutSession(idHash: string, at: string): Promise<boolean> {
    return this.transaction(async (db) => {
      if (!(await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash])).rowCount) return false;
      await db.query('INSERT INTO signed_out_sessions (id_hash, at) VALUES ($1, $2) ON CONFLICT (id_hash) DO UPDATE SET at = excluded.at', [idHash, at]);
      return true;
    });
  }

  async wasSignedOut(idHash: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM signed_out_sessions WHERE id_hash = $1', [idHash])).length > 0;
  }

  async deleteSessionsIdleSince(cutoff: string): Promise<number> {
    return this.transaction(async (db) => {
      await db.query('DELETE FROM signed_out_sessions WHERE at < $1', [cutoff]);
      return (await db.query('DELETE FROM sessions WHERE last_seen_at < $1', [cutoff])).rowCount ?? 0;
    });
  }

  async loadDocument(workspace: string): Promise<StoredDocument> {
    // One snapshot of both tables: a compaction between the two reads could otherwise drop rows.
    return this.transaction(async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const state = (await db.query<StateRow>('SELECT upto_seq AS "uptoSeq", data, checksum, schema FROM states WHERE workspace = $1', [workspace])).rows[0];
      const rows = (await db.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE workspace = $1 AND seq > $2 ORDER BY seq', [workspace, state?.uptoSeq ?? 0])).rows;
      return assembleDocument(state, rows);
    });
  }

  /**
   * One transaction for the whole group (N2). The usual group (updates and summaries only) is
   * one statement, so one round trip: under load each round trip waits for a turn of this
   * process's busy event loop, and the relay waits for the commit. Each workspace's row is
   * locked in id order by the statement that hands out its numbers, so two nodes committing to
   * the same workspaces queue rather than deadlock, and the numbers stay gapless. A group that
   * names a workspace that does not exist fails whole (the division by zero), writing nothing.
   */
  async commit(entries: readonly CommitEntry[]): Promise<readonly number[]> {
    const at = new Date().toISOString();
    const withRecords = entries.some((entry) => (entry.snapshots?.length ?? 0) + (entry.deliveries?.length ?? 0) > 0);
    const last = withRecords
      ? await this.transaction(async (db) => {
          const numbers = await this.commitUpdates(db, entries, at);
          for (const entry of entries) await this.insertRecords(db, entry, at);
          return numbers;
        })
      : await this.commitUpdates(storableQueries(this.pool), entries, at).catch((error: unknown) => {
          throw toStorageError(error);
        });
    return entries.map((entry) => last.get(entry.workspace)!);
  }

  private async commitUpdates(db: Queryable, entries: readonly CommitEntry[], at: string): Promise<Map<string, number>> {
    const rows: { ws: string; k: number; data: Buffer }[] = [];
    for (const entry of entries) {
      entry.updates.forEach((update, k) => rows.push({ ws: entry.workspace, k: k + 1, data: Buffer.from(update.buffer, update.byteOffset, update.byteLength) }));
    }
    const result = await db.query<{ id: string; last_seq: number }>({
      // Named, so each pooled connection parses and plans it once rather than on every commit:
      // the most frequent statement by far. In bench/cross-node.ts PostgreSQL's CPU fell from
      // 0.25 to 0.18 of a core with it. (A pooler in transaction mode would need this unnamed.)
      name: 'throughline-commit-updates',
      text: `WITH e AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS e(ws, n, title, mode)),
       locked AS (SELECT w.id FROM workspaces w JOIN e ON e.ws = w.id ORDER BY w.id FOR UPDATE OF w),
       s AS (
         UPDATE workspaces w SET last_seq = w.last_seq + e.n,
           updated_at = CASE WHEN e.n > 0 OR e.title IS NOT NULL THEN $5 ELSE w.updated_at END,
           title = coalesce(e.title, w.title), mode = coalesce(e.mode, w.mode)
         FROM e, locked WHERE w.id = e.ws AND locked.id = e.ws
         RETURNING w.id, w.last_seq, e.n),
       u AS (
         INSERT INTO updates (workspace, seq, data, at)
         SELECT d.ws, s.last_seq - s.n + d.k, d.data, $5 FROM unnest($6::text[], $7::int[], $8::bytea[]) AS d(ws, k, data) JOIN s ON s.id = d.ws),
       c AS (SELECT count(*)::int AS found FROM s)
       SELECT s.id, s.last_seq, CASE WHEN c.found = $9 THEN 1 ELSE 1 / (c.found - c.found) END AS whole FROM s, c`,
      values: [
        entries.map((entry) => entry.workspace),
        entries.map((entry) => entry.updates.length),
        entries.map((entry) => entry.summary?.title ?? null),
        entries.map((entry) => entry.summary?.mode ?? null),
        at,
        rows.map((row) => row.ws),
        rows.map((row) => row.k),
        rows.map((row) => row.data),
        new Set(entries.map((entry) => entry.workspace)).size,
      ],
    });
    if (result.rows.length === 0) throw new StorageError(`There is no workspace ${entries[0]?.workspace} to commit to.`, 'NO_WORKSPACE');
    return new Map(result.rows.map((row) => [row.id, row.last_seq]));
  }

  private async insertRecords(db: Queryable, entry: CommitEntry, at: string): Promise<void> {
    // Another node recorded these ends first, and sent their minutes with them (M33).
    let recordedBefore: Set<string> | undefined;
    for (const snapshot of distinctSnapshots(entry)) if (!(await this.insertSnapshot(db, snapshot))) (recordedBefore ??= new Set()).add(snapshot.id);
    for (const delivery of deliveriesToStore(entry, recordedBefore)) {
      await db.query('INSERT INTO outbox (workspace, event, url, body, created_at, next_at) VALUES ($1, $2, $3, $4, $5, $5)', [
        delivery.workspace,
        delivery.event,
        delivery.url,
        delivery.body,
        at,
      ]);
    }
  }

  /** A state only ever replaces an older one: two nodes compacting at once keep the newer (N3). */
  async compact(workspace: string, state: Uint8Array, uptoSeq: number, schema: number | null): Promise<void> {
    await this.transaction(async (db) => {
      const written = await db.query(
        `INSERT INTO states (workspace, upto_seq, data, checksum, schema) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workspace) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, checksum = excluded.checksum, schema = excluded.schema
         WHERE states.upto_seq < excluded.upto_seq`,
        [workspace, uptoSeq, state, checksum(state), schema],
      );
      if (written.rowCount === 0) return;
      await db.query('DELETE FROM updates WHERE workspace = $1 AND seq <= $2', [workspace, uptoSeq]);
    });
  }

  async lastSeq(workspace: string): Promise<number> {
    return (await this.rows<{ last_seq: number }>('SELECT last_seq FROM workspaces WHERE id = $1', [workspace]))[0]?.last_seq ?? 0;
  }

  async readLog(workspace: string, afterSeq: number): Promise<LogTail> {
    return this.transaction(async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const uptoSeq = (await db.query<{ upto_seq: number }>('SELECT upto_seq FROM states WHERE workspace = $1', [workspace])).rows[0]?.upto_seq ?? 0;
      if (uptoSeq > afterSeq) return compactedTail(afterSeq);
      return logTail((await db.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE workspace = $1 AND seq > $2 ORDER BY seq', [workspace, afterSeq])).rows, afterSeq);
    });
  }

  async listSnapshots(workspace: string): Promise<SnapshotRecord[]> {
    return this.rows<SnapshotRecord>('SELECT id, label, at, by FROM snapshots WHERE workspace = $1 ORDER BY at, ord', [workspace]);
  }

  async getSnapshot(workspace: string, id: string): Promise<StoredSnapshot | undefined> {
    return (await this.rows<StoredSnapshot>('SELECT id, label, at, by, data, base FROM snapshots WHERE workspace = $1 AND id = $2', [workspace, id]))[0];
  }

  async latestWholeSnapshot(workspace: string): Promise<WholeSnapshot | undefined> {
    const sql = 'SELECT id, extent AS extent, octet_length(data) AS bytes FROM snapshots WHERE workspace = $1 AND extent IS NOT NULL ORDER BY at DESC, ord DESC LIMIT 1';
    return (await this.rows<WholeSnapshot>(sql, [workspace]))[0];
  }

  async getSnapshotBasis(workspace: string, id: string): Promise<(SnapshotRecord & { basis: string | null }) | undefined> {
    return (await this.rows<SnapshotRecord & { basis: string | null }>('SELECT id, label, at, by, basis FROM snapshots WHERE workspace = $1 AND id = $2', [workspace, id]))[0];
  }

  async setSnapshotBasis(workspace: string, id: string, basis: string): Promise<void> {
    await this.run('UPDATE snapshots SET basis = $1 WHERE workspace = $2 AND id = $3', [basis, workspace, id]);
  }

  async setWebhooks(workspace: string, urls: string[], sealedSecret: string | null, at: string): Promise<boolean> {
    if (sealedSecret === null) return (await this.run('UPDATE webhooks SET urls = $1, updated_at = $2 WHERE workspace = $3', [JSON.stringify(urls), at, workspace])) > 0;
    await this.run(
      `INSERT INTO webhooks (workspace, urls, sealed_secret, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace) DO UPDATE SET urls = excluded.urls, sealed_secret = excluded.sealed_secret, updated_at = excluded.updated_at`,
      [workspace, JSON.stringify(urls), sealedSecret, at],
    );
    return true;
  }

  async resealWebhookSecret(workspace: string, read: string, resealed: string): Promise<boolean> {
    return (await this.run('UPDATE webhooks SET sealed_secret = $1 WHERE workspace = $2 AND sealed_secret = $3', [resealed, workspace, read])) === 1;
  }

  async getWebhooks(workspace: string): Promise<WebhookConfig | undefined> {
    const row = (await this.rows<{ urls: string; sealedSecret: string; updatedAt: string }>('SELECT urls, sealed_secret AS "sealedSecret", updated_at AS "updatedAt" FROM webhooks WHERE workspace = $1', [workspace]))[0];
    return row ? { urls: JSON.parse(row.urls) as string[], sealedSecret: row.sealedSecret, updatedAt: row.updatedAt } : undefined;
  }

  /**
   * Several nodes poll one outbox: each due row is claimed by the node that reads it, by moving
   * its `next_at` a claim's length ahead, so no two nodes send it at once (N10). The attempt's
   * outcome sets `next_at` again; a node killed mid-send leaves the row to be sent after the claim.
   * `next_at` stays the one gate, as nodes of the release before (during a rolling upgrade) read
   * nothing else; when the row was due is kept in `due_at` for the delivery log (M30), the first
   * due time still when a lapsed claim of this release is claimed again.
   */
  async dueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]> {
    const claimedUntil = new Date(Date.parse(now) + DELIVERY_CLAIM_MS).toISOString();
    const rows = await this.rows<DeliveryRow>(
      `WITH due AS (SELECT id AS due_id FROM outbox WHERE status = 'pending' AND next_at <= $1 ORDER BY next_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE outbox SET next_at = $3, claimed_next_at = $3,
         due_at = CASE WHEN outbox.claimed_next_at = outbox.next_at THEN outbox.due_at ELSE outbox.next_at END
       FROM due WHERE id = due.due_id RETURNING ${DELIVERY_COLUMNS}`,
      [now, limit, claimedUntil],
    );
    return rows.sort((a, b) => a.id - b.id).map(deliveryOf);
  }

  async nextDeliveryAt(): Promise<string | null> {
    return (await this.rows<{ next: string | null }>("SELECT min(next_at) AS next FROM outbox WHERE status = 'pending'"))[0]?.next ?? null;
  }

  async recordAttempt(read: Pick<DeliveryRecord, 'id' | 'nextAt'>, attempt: DeliveryAttempt): Promise<boolean> {
    // Only under the claim this sender made (next_at as it wrote it): a sender that paused past its
    // claim must not write over the attempt of the node that claimed the delivery after it.
    const recorded = await this.run(
      `UPDATE outbox SET attempts = attempts + 1, codes = (codes::jsonb || jsonb_build_array($2::int))::text, last_error = $3, status = $4, next_at = $5,
         due_at = NULL, claimed_next_at = NULL, done_at = CASE WHEN $4 = 'pending' THEN NULL ELSE $6 END
       WHERE id = $1 AND status = 'pending' AND next_at = $7`,
      [read.id, attempt.code, attempt.error, attempt.status, attempt.nextAt, attempt.at, read.nextAt],
    );
    return recorded === 1;
  }

  /**
   * Leaves next_at at the claim's end, when another node may read it, and drops the due time the
   * claim kept: the delivery log lists it as waiting until then, not as being sent (M32).
   */
  async leaveDelivery(read: Pick<DeliveryRecord, 'id' | 'nextAt'>, why: string): Promise<boolean> {
    const left = await this.run(
      `UPDATE outbox SET last_error = $2, due_at = NULL, claimed_next_at = NULL WHERE id = $1 AND status = 'pending' AND next_at = $3`,
      [read.id, why, read.nextAt],
    );
    return left === 1;
  }

  /** Ends a claimed delivery too: like an answer, that drops the due time its claim kept (M30). */
  async withdrawDeliveries(workspace: string, kept: readonly string[], error: string, at: string): Promise<number> {
    return this.run(
      `UPDATE outbox SET status = 'failed', last_error = $1, done_at = $2, due_at = NULL, claimed_next_at = NULL
       WHERE workspace = $3 AND status = 'pending' AND NOT (url = ANY($4::text[]))`,
      [error, at, workspace, [...kept]],
    );
  }

  async listDeliveries(workspace: string, limit: number): Promise<DeliveryRecord[]> {
    return (await this.rows<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE workspace = $1 ORDER BY id DESC LIMIT $2`, [workspace, limit])).map(deliveryOf);
  }

  async pruneDeliveries(before: string): Promise<number> {
    return this.run("DELETE FROM outbox WHERE status IN ('delivered', 'failed') AND done_at < $1", [before]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async storeToken(db: Queryable, token: NewToken, at: string): Promise<void> {
    await db.query('INSERT INTO tokens (token_hash, workspace, role, created_at, member, sealed) VALUES ($1, $2, $3, $4, $5, $6)', [
      token.hash,
      token.workspace,
      token.role,
      at,
      token.member,
      token.sealed,
    ]);
  }

  private async revokeToken(db: Queryable, hash: string, why: RevokedWhy, at: string, by: string | null): Promise<void> {
    await db.query('UPDATE tokens SET revoked_at = $1, revoked_why = $2, revoked_by = $3, sealed = NULL WHERE token_hash = $4 AND revoked_at IS NULL', [at, why, by, hash]);
  }

  /**
   * Answers whether it stored the snapshot: not when its id is stored already. A meeting end's id
   * is its end's (M33), and two nodes recording one end at once queue on the id, the second
   * storing nothing.
   */
  private async insertSnapshot(db: Queryable, snapshot: NewSnapshot): Promise<boolean> {
    const inserted = await db.query('INSERT INTO snapshots (id, workspace, label, at, by, data, base, extent, basis) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING', [
      snapshot.id,
      snapshot.workspace,
      snapshot.label,
      snapshot.at,
      snapshot.by,
      snapshot.data,
      snapshot.base,
      snapshot.extent,
      snapshot.basis,
    ]);
    return inserted.rowCount === 1;
  }

  private async rows<Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query<Row>(sql, storableValues(values))).rows;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /** One statement outside a transaction; answers how many rows it changed. */
  private async run(sql: string, values: unknown[]): Promise<number> {
    try {
      return (await this.pool.query(sql, storableValues(values))).rowCount ?? 0;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  private async transaction<Result>(body: (db: Queryable) => Promise<Result>): Promise<Result> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toStorageError(error);
    }
    try {
      await client.query('BEGIN');
      const result = await body(storableQueries(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw toStorageError(error);
    } finally {
      client.release();
    }
  }
}
