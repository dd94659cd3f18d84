import { resolve } from 'node:path';
import type { CompactionPolicy } from './rooms/room';

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
  /** The clock the rules read "today" from. */
  clock: () => Date;
}

export const defaults = {
  port: 8787,
  host: '127.0.0.1',
  roomIdleMs: 30_000,
  compaction: { maxUpdates: 1_000, maxBytes: 4 * 1024 * 1024 },
  keepAliveMs: 30_000,
  maxPayloadBytes: 16 * 1024 * 1024,
  rules: { debounceMs: 50, sweepMs: 60_000 },
} as const;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, not "${value}".`);
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

/** Reads the environment of DESIGN §1. */
export function configFromEnvironment(env: NodeJS.ProcessEnv, projectRoot: string): ServerConfig {
  return {
    port: integer('PORT', env.PORT, defaults.port),
    host: env.HOST || defaults.host,
    dataDir: resolve(env.DATA_DIR || './data'),
    adminToken: env.THROUGHLINE_ADMIN_TOKEN || undefined,
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
    clock: () => new Date(),
  };
}
