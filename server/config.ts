import { resolve } from 'node:path';
import type { CompactionPolicy } from './rooms/log-compaction';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** THROUGHLINE_ADMIN_TOKEN; when absent one is generated and kept in dataDir. */
  adminToken: string | undefined;
  clientDir: string;
  /** How long an unused room stays in memory. */
  roomIdleMs: number;
  compaction: CompactionPolicy;
  keepAliveMs: number;
  /**
   * The largest frame a client may send. A whole workspace arrives in one sync step 2 when a
   * client that was offline for a long meeting reconnects; 16 MiB holds a very large review
   * (the 5,000-node benchmark workspace encodes to under 2 MiB) while bounding what one socket
   * can make the server buffer. Larger frames close that socket with 1009.
   */
  maxPayloadBytes: number;
  /** Whether to create the demo workspace when the database is empty. */
  seedDemo: boolean;
  /**
   * The address people reach the server at, when it differs from what the server sees (behind a
   * TLS-terminating proxy): links, the cookie's Secure flag and the Origin check use it.
   */
  publicUrl: string | null;
  /** A quota for the database file; writes past it fail as a full disk would. 0: none. */
  maxDatabaseBytes: number;
  /** The rule runner's debounce and its sweep for date-driven rules. */
  rules: { debounceMs: number; sweepMs: number };
  /**
   * A session (a link exchanged for a cookie) unused for this long ends on the server (SPEC A5);
   * an open WebSocket counts as use. THROUGHLINE_SESSION_IDLE_MINUTES.
   */
  sessionIdleMs: number;
  /** The clock the rules read "today" from, and sessions and members their times. */
  clock: () => Date;
  /** What one client may cost the server (DESIGN §5 limits); each refusal has a named close code or status. */
  limits: Limits;
  /**
   * DATABASE_URL: a postgres:// URL stores everything in PostgreSQL instead of DATA_DIR's SQLite
   * file (DESIGN §6 scale-out, SPEC N1).
   */
  databaseUrl: string | null;
  /**
   * REDIS_URL: several nodes serve the same workspaces, relaying through Redis (SPEC N5–N9);
   * needs DATABASE_URL, since nodes must share one database.
   */
  redisUrl: string | null;
  /** The waits between webhook attempts (default 1 s, 4 s, 16 s, 64 s); tests shorten them. */
  webhookBackoffMs?: readonly number[];
  /**
   * THROUGHLINE_WEBHOOK_ALLOW: private hosts webhooks may reach (names, addresses, CIDR ranges,
   * or `private` for all), comma-separated; by default only public addresses (SPEC H19).
   */
  webhookAllow?: readonly string[];
}

/** The server's limits on what clients may send and hold (DESIGN §5, SPEC H3–H7). */
export interface Limits {
  /** Open WebSocket connections to one workspace (H7). */
  connectionsPerWorkspace: number;
  /** Open WebSocket connections from one remote address, across workspaces (H7). */
  connectionsPerAddress: number;
  /** The most work one update may cause (H3). */
  update: UpdateBudget;
  /** Updates a room holds back for predecessors that have not arrived (H4). */
  heldBack: { maxBytes: number; maxUpdates: number };
  /** Presence state size and message rate per connection (H6). */
  presence: { maxStateBytes: number; perSecond: number; burst: number };
}

/** Bounds on one update, checked before Yjs integrates any of it (H3). */
export interface UpdateBudget {
  /** Structs (items, deletions kept as GC or skips) in the update. */
  maxStructs: number;
  /** Delete-set ranges in the update. */
  maxDeleteRanges: number;
  /** JSON values inside its items (each element of an inserted array counts). */
  maxValues: number;
  /** The clock range its structs cover: the characters and elements it would integrate. */
  maxLength: number;
}

export const defaults = {
  port: 8787,
  host: '127.0.0.1',
  roomIdleMs: 30_000,
  compaction: { maxUpdates: 1_000, maxBytes: 4 * 1024 * 1024 },
  keepAliveMs: 30_000,
  maxPayloadBytes: 16 * 1024 * 1024,
  rules: { debounceMs: 50, sweepMs: 60_000 },
  // A weekly review keeps its people signed in from one meeting to the next; a laptop left
  // signed in and unused for a week is signed out.
  sessionIdleMinutes: 7 * 24 * 60,
  limits: {
    connectionsPerWorkspace: 500,
    connectionsPerAddress: 100,
    // A large real review (500 nodes, 60 KPIs with two years of weekly readings, 120
    // dependencies) is 12,900 structs, 36,000 values and 108 delete ranges as one whole-state
    // update, integrated in about 40–80 ms. The budgets sit at about four and ten times that, where
    // one update of the costliest shapes (random-position inserts, nested maps) still integrates
    // in about 100 ms on a 2-core machine (SPEC H3; measured with the bench workspace builder).
    update: { maxStructs: 50_000, maxDeleteRanges: 50_000, maxValues: 400_000, maxLength: 64 * 1024 * 1024 },
    heldBack: { maxBytes: 1024 * 1024, maxUpdates: 200 },
    presence: { maxStateBytes: 16 * 1024, perSecond: 20, burst: 60 },
  },
} as const satisfies Record<string, unknown>;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, not "${value}".`);
  return parsed;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  const parsed = integer(name, value, fallback);
  if (parsed === 0) throw new Error(`${name} must be at least 1.`);
  return parsed;
}

function publicUrl(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`THROUGHLINE_PUBLIC_URL must be a URL such as https://review.example.com, not "${value}".`);
  }
  return url.origin;
}

function databaseUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new Error('DATABASE_URL must be a postgres:// URL; leave it unset to store in DATA_DIR with SQLite.');
  return value;
}

function redisUrl(value: string | undefined, database: string | null): string | null {
  if (!value) return null;
  if (!/^rediss?:\/\//.test(value)) throw new Error(`REDIS_URL must be a redis:// URL, not "${value}".`);
  if (!database) throw new Error('REDIS_URL needs DATABASE_URL too: the nodes it joins must share one PostgreSQL database.');
  return value;
}

/** Reads the environment of DESIGN §1 and §6. */
export function configFromEnvironment(env: NodeJS.ProcessEnv, projectRoot: string): ServerConfig {
  const database = databaseUrl(env.DATABASE_URL);
  return {
    databaseUrl: database,
    redisUrl: redisUrl(env.REDIS_URL, database),
    port: integer('PORT', env.PORT, defaults.port),
    host: env.HOST || defaults.host,
    dataDir: resolve(env.DATA_DIR || './data'),
    adminToken: env.THROUGHLINE_ADMIN_TOKEN || undefined,
    webhookAllow: (env.THROUGHLINE_WEBHOOK_ALLOW ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''),
    clientDir: resolve(projectRoot, 'dist'),
    roomIdleMs: integer('THROUGHLINE_ROOM_IDLE_MS', env.THROUGHLINE_ROOM_IDLE_MS, defaults.roomIdleMs),
    compaction: {
      maxUpdates: integer('THROUGHLINE_COMPACT_UPDATES', env.THROUGHLINE_COMPACT_UPDATES, defaults.compaction.maxUpdates),
      maxBytes: defaults.compaction.maxBytes,
    },
    keepAliveMs: defaults.keepAliveMs,
    maxPayloadBytes: defaults.maxPayloadBytes,
    seedDemo: env.THROUGHLINE_DEMO !== 'off',
    maxDatabaseBytes: integer('THROUGHLINE_MAX_DB_MB', env.THROUGHLINE_MAX_DB_MB, 0) * 1024 * 1024,
    publicUrl: publicUrl(env.THROUGHLINE_PUBLIC_URL),
    rules: defaults.rules,
    sessionIdleMs: positive('THROUGHLINE_SESSION_IDLE_MINUTES', env.THROUGHLINE_SESSION_IDLE_MINUTES, defaults.sessionIdleMinutes) * 60_000,
    clock: () => new Date(),
    limits: {
      ...defaults.limits,
      connectionsPerWorkspace: integer(
        'THROUGHLINE_MAX_CONNECTIONS_PER_WORKSPACE',
        env.THROUGHLINE_MAX_CONNECTIONS_PER_WORKSPACE,
        defaults.limits.connectionsPerWorkspace,
      ),
      connectionsPerAddress: integer(
        'THROUGHLINE_MAX_CONNECTIONS_PER_ADDRESS',
        env.THROUGHLINE_MAX_CONNECTIONS_PER_ADDRESS,
        defaults.limits.connectionsPerAddress,
      ),
    },
  };
}
