import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { isOneOf, ROLES, type Role } from '../../shared/schema/constants';
import type { Grant } from '../auth/grant';
import type { Services } from '../http/app-env';
import type { Room } from '../rooms/room';
import type { ConnectionCaps } from './connection-caps';
import { isWebSocketAddress, refuseOtherUpgrade, refuseUpgradeElsewhere } from './refused-upgrades';
import type { Join } from './socket-join';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** `/ws/:workspaceId?token=…`, the address every stock provider opens, and nothing stranger. */
const PLAIN_UPGRADE = /^\/ws\/([A-Za-z0-9_-]+)\?(.*)$/;

/**
 * The WebSocket upgrades that will be let in, taken without Hono (SPEC L1). Through the adapter
 * every upgrade builds a fetch Request with its headers, a Hono context and a promise chain before
 * ws answers it; a review of 1,000 joining at once paid about as much for that as for the relay.
 *
 * Only the plain case is taken here: a query token that grants a role in the workspace named by
 * the path, under both connection caps (H7), on a room that loads. Anything else, a refusal of any
 * kind, a cookie, an Authorization header, goes to the Hono route unchanged, which checks again
 * from scratch and answers as it always has. So every refusal keeps its status and its sentence.
 */
export function takeDirectUpgrades(server: Server, wss: WebSocketServer, services: Services, caps: ConnectionCaps, join: Join): void {
  const adapter = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') {
      services.refusals.count('http_unsupported_upgrade');
      return refuseOtherUpgrade(socket);
    }
    if (!isWebSocketAddress(request.url)) {
      services.refusals.count('http_not_found');
      return refuseUpgradeElsewhere(socket);
    }
    const toRoute = () => {
      for (const listener of adapter) listener.call(server, request, socket, head);
    };
    void admitted(request, services, caps).then((taken) => {
      // The caps are counted again: others may have joined while the credential was read.
      if (!taken || !caps.fits(taken.address, taken.grant.workspace)) return toRoute();
      if (socket.destroyed) return;
      const { grant, address, room, checkedAt, believed } = taken;
      // Held through the handshake, as on the Hono route: if ws refuses it, the room may idle out.
      room.hold();
      try {
        caps.take(address, grant.workspace, request.socket);
        wss.handleUpgrade(request, socket, head, (ws: WebSocket) => join(ws, grant, checkedAt, believed));
      } finally {
        room.release();
      }
    }, toRoute);
  });
}

/** The grant and address of an upgrade the Hono route would let in, or null to leave it to that route. */
async function admitted(
  request: IncomingMessage,
  services: Services,
  caps: ConnectionCaps,
): Promise<{ grant: Grant; address: string; room: Room; checkedAt: number; believed: Role | undefined } | null> {
  if (request.headers.authorization || request.method !== 'GET') return null;
  const match = PLAIN_UPGRADE.exec(request.url ?? '');
  if (!match) return null;
  const workspace = match[1]!;
  const token = queryValue(match[2]!, 'token');
  const address = request.socket.remoteAddress ?? '';
  if (!token || !caps.fits(address, workspace)) return null;
  try {
    // Before the credential is read: whatever ends access after this moves the epoch (Q6).
    const checkedAt = services.access.epoch.current;
    const grant = await services.access.grantIn(await services.access.identify(token), workspace, 'viewer');
    // As on the Hono route (socket-join's Join says why).
    const role = queryValue(match[2]!, 'role');
    const believed = isOneOf(ROLES, role) ? role : undefined;
    // A room that cannot load is the route's to answer (503).
    return { grant, address, room: await services.rooms.open(workspace), checkedAt, believed };
  } catch {
    return null;
  }
}

/**
 * The query's first `name`, as URLSearchParams reads it, without making one per join: a query
 * with nothing escaped in it (the usual base64url token) needs no decoding.
 */
function queryValue(query: string, name: string): string | null {
  if (/[%+]/.test(query)) return new URLSearchParams(query).get(name);
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if ((equals === -1 ? pair : pair.slice(0, equals)) === name) return equals === -1 ? '' : pair.slice(equals + 1);
  }
  return null;
}
