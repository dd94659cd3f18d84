import { mkdirSync, readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { WebSocketServer, type ServerOptions } from 'ws';
import { AccessControl } from './auth/access-control';
import { AccessEpoch } from './auth/access-epoch';
import type { ConnectionCutter } from './auth/grant';
import { resolveAdminToken, type AdminToken } from './auth/admin-token';
import { LinkSealer } from './auth/link-sealer';
import { Sessions } from './auth/sessions';
import type { ServerConfig } from './config';
import { createApp } from './http/app';
import { answerClientErrors } from './http/client-errors';
import type { Services } from './http/app-env';
import { workspaceLink } from './http/routes/workspaces';
import { PeopleService } from './people/people-service';
import { RoomRegistry } from './rooms/room-registry';
import { ROLES, type Role, type Store } from './storage/store';
import { SqliteStore } from './storage/sqlite-store';
import { PostgresStore } from './storage/postgres-store';
import { joinCluster, type Cluster } from './cluster/cluster';
import { Refusals } from './observability/refusals';
import { KeepAlive } from './transport/keep-alive';
import { LiveConnections } from './transport/live-connections';
import { sendRefusedUpgradesWhole } from './transport/refused-upgrades';
import { websocketRoutes } from './transport/websocket-route';
import { ConnectionCaps } from './transport/connection-caps';
import { takeDirectUpgrades } from './transport/direct-upgrade';
import { socketJoin } from './transport/socket-join';
import { DEMO_TITLE } from './demo/demo-workspace';
import { WorkspaceService } from './workspaces/workspace-service';
import { MeetingRecorder } from './workspaces/meeting-recorder';
import { RecordService } from './workspaces/record-service';
import { SnapshotReader } from './workspaces/snapshots';
import { WebhookAddressPolicy } from './webhooks/address-policy';
import { WebhookSender, DEFAULT_BACKOFF_MS } from './webhooks/webhook-sender';
import { WebhookService } from './webhooks/webhook-service';

export interface RunningServer {
  url: string;
  port: number;
  admin: AdminToken;
  /** The facilitator, editor and viewer links of the demo workspace, when this start created it. */
  demoLinks: Record<Role, string> | null;
  services: Services;
  /** Commits what is pending, closes every connection and the database; safe to call twice. */
  close(): Promise<void>;
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/**
 * How long a client that sent its close frame has to end its TCP connection before it is cut:
 * until then it is still in its room, shown present to everyone. ws waits 30 s by default, and
 * one that said goodbye as its network went never ends it.
 */
const CLIENT_CLOSE_TIMEOUT_MS = 2000;

/** SQLite in DATA_DIR by default; PostgreSQL when DATABASE_URL says so (DESIGN §6). */
async function openStore(config: ServerConfig): Promise<Store> {
  if (config.databaseUrl) return PostgresStore.open(config.databaseUrl);
  return SqliteStore.open(join(config.dataDir, 'throughline.db'), { maxBytes: config.maxDatabaseBytes });
}

/** Opens storage, seeds the demo on an empty database, and listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  // Before the database and Redis: a key file that does not hold a key refuses start-up with nothing
  // to close, and the cluster says which key this node holds (M29).
  const sealer = LinkSealer.fromDataDir(config.dataDir);
  const store = await openStore(config);
  let cluster: Cluster | null = null;
  try {
    cluster = config.redisUrl ? await joinCluster(config.redisUrl, store, sealer.keyId) : null;
  } catch (error) {
    await store.close();
    throw error;
  }
  const admin = resolveAdminToken(config.dataDir, config.adminToken);
  const refusals = new Refusals();
  const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
  const webhookAddresses = new WebhookAddressPolicy(config.webhookAllow ?? []);
  // Without Redis this node is the only one serving, PostgreSQL or not (DESIGN §6): nobody else could
  // open a webhook secret it cannot (M29).
  const webhooks = new WebhookService(store, sealer, config.clock, webhookAddresses, cluster);
  const snapshots = new SnapshotReader(store);
  const rooms = new RoomRegistry(store, {
    idleMs: config.roomIdleMs,
    compaction: config.compaction,
    rules: { ...config.rules, clock: config.clock },
    limits: config.limits,
    refusals,
    record: new MeetingRecorder(snapshots, webhooks, config.clock),
    cluster: cluster ?? undefined,
  });
  const workspaces = new WorkspaceService(store, rooms, config.clock, sealer);
  const live = new LiveConnections();
  const epoch = new AccessEpoch(cluster !== null || store.kind === 'postgres');
  // With several nodes, a connection cut here may have siblings on other nodes: they recheck theirs.
  const cutter: ConnectionCutter = epoch.counting(
    cluster
      ? {
          cut: (workspace, match, close) => {
            cluster!.accessChanged(workspace);
            return live.cut(workspace, match, close);
          },
          rebind: (workspace, sessionHash, tokenHash) => live.rebind(workspace, sessionHash, tokenHash),
        }
      : live,
  );
  const sessions = new Sessions(store, { idleMs: config.sessionIdleMs, clock: config.clock });
  const access = new AccessControl(store, admin.token, sessions, cutter, config.clock, epoch);
  const recheck = (workspace: string) =>
    live.recheck(workspace, (grant) => access.endedSince(grant)).catch((error: unknown) => {
      console.error(`[access] rechecking ${workspace}'s connections failed: ${(error as Error).message}`);
    });
  cluster?.onAccessChanged((changed) => {
    // Joins under way here read their grant again (Q6); open connections are rechecked below.
    epoch.advance();
    if (changed !== null) {
      void recheck(changed);
      return;
    }
    // Every workspace, one after another: after a Redis restart every node does this at once,
    // and the database need not answer them all together.
    void (async () => {
      for (const workspace of live.workspaces()) await recheck(workspace);
    })();
  });
  let listeningPort: number | null = null;
  const services: Services = {
    access,
    rooms,
    workspaces,
    people: new PeopleService(store, sealer, access, cutter, config.clock),
    record: new RecordService(store, rooms, config.clock, snapshots),
    webhooks,
    ownOrigins: () => (listeningPort === null ? [] : [`http://127.0.0.1:${listeningPort}`, `http://localhost:${listeningPort}`, `http://[::1]:${listeningPort}`]),
    version,
    clock: config.clock,
    publicOrigin: config.publicUrl,
    limits: config.limits,
    refusals,
    eventLoopDelay,
  };

  const demo = config.seedDemo && (await workspaces.isEmpty()) ? await workspaces.create(DEMO_TITLE, 'demo') : null;

  const keepAlive = new KeepAlive(config.keepAliveMs);
  const app = createApp(services, config.clientDir);
  const caps = new ConnectionCaps(services.limits);
  const joinRoom = socketJoin(services, keepAlive, live);
  app.route('/', websocketRoutes(services, caps, joinRoom));
  // ws 8.23 takes closeTimeout; its types (@types/ws 8.18) do not list it yet.
  const socketOptions: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    perMessageDeflate: false,
    maxPayload: config.maxPayloadBytes,
    closeTimeout: CLIENT_CLOSE_TIMEOUT_MS,
  };
  const wss = new WebSocketServer(socketOptions);
  // Plain HTTP/1.1 (serve's default): TLS, when wanted, is a proxy's job (THROUGHLINE_PUBLIC_URL).
  const server = serve({ fetch: sendRefusedUpgradesWhole(app.fetch), port: config.port, hostname: config.host, websocket: { server: wss } }) as HttpServer;
  takeDirectUpgrades(server, wss, services, caps, joinRoom);
  answerClientErrors(server, refusals);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // From here on the server is serving: every stall a client could feel counts.
  eventLoopDelay.enable();
  sessions.startSweeping();
  const port = (server.address() as AddressInfo).port;
  listeningPort = port;
  const sender = new WebhookSender(store, webhooks, {
    backoffMs: config.webhookBackoffMs ?? DEFAULT_BACKOFF_MS,
    pollMs: 200,
    timeoutMs: 10_000,
    clock: config.clock,
    addresses: webhookAddresses,
  });
  sender.start();
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const linkBase = config.publicUrl ?? url;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    admin,
    demoLinks: demo ? (Object.fromEntries(ROLES.map((role) => [role, workspaceLink(linkBase, demo.id, demo.tokens[role])])) as Record<Role, string>) : null,
    services,
    close() {
      closing ??= (async () => {
        // Stop accepting first, so a restarted server can take the port while this one finishes.
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        keepAlive.stop();
        sessions.stop();
        sender.stop();
        eventLoopDelay.disable();
        await rooms.closeAll();
        // Give clients a moment to complete the closing handshake (they then see 1001, not 1006).
        const closed = [...wss.clients].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
        if (closed.length > 0) await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        for (const socket of wss.clients) socket.terminate();
        server.closeAllConnections();
        await stopped;
        await cluster?.close();
        await store.close();
      })();
      return closing;
    },
  };
}
