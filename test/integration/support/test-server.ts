import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaults, type ServerConfig } from '../../../server/config';
import { startServer, type RunningServer } from '../../../server/server';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  url: string;
  wsUrl: string;
  /** Stops the server gracefully, keeping its data directory to inspect or restart. */
  stop(): Promise<void>;
  /** Stops the server gracefully and starts a new one on the same data directory. */
  restart(): Promise<void>;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'throughline-test-'));
}

export function testConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: ADMIN_TOKEN,
    clientDir: join(dataDir, 'no-client'),
    roomIdleMs: 200,
    compaction: defaults.compaction,
    keepAliveMs: defaults.keepAliveMs,
    maxPayloadBytes: defaults.maxPayloadBytes,
    seedDemo: false,
    maxDatabaseBytes: 0,
    publicUrl: null,
    rules: defaults.rules,
    sessionIdleMs: defaults.sessionIdleMinutes * 60_000,
    clock: () => new Date(),
    limits: defaults.limits,
    databaseUrl: null,
    redisUrl: null,
    ...overrides,
  };
}

/** A real server on an ephemeral loopback port with its own temporary data directory. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir();
  const handle: TestServer = {
    server: await startServer(testConfig(dataDir, overrides)),
    dataDir,
    get url() {
      return handle.server.url;
    },
    get wsUrl() {
      return `${handle.server.url.replace('http', 'ws')}/ws`;
    },
    stop() {
      return handle.server.close();
    },
    async restart() {
      await handle.server.close();
      handle.server = await startServer(testConfig(dataDir, overrides));
    },
    async close() {
      await handle.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

export interface CreatedWorkspace {
  id: string;
  tokens: { facilitator: string; editor: string; viewer: string };
  links: Record<string, string>;
}

export async function createWorkspace(url: string, title = 'Test review', template = 'blank'): Promise<CreatedWorkspace> {
  const response = await fetch(`${url}/api/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, template }),
  });
  if (response.status !== 201) throw new Error(`create workspace: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedWorkspace;
}
