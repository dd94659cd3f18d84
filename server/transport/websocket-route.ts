import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { isOneOf, ROLES } from '../../shared/schema/constants';
import type { Grant } from '../auth/grant';
import { ApiError } from '../errors';
import type { Services } from '../http/app-env';
import { requireGrant } from '../http/caller';
import { RoomLoadError, type Room } from '../rooms/room';
import { dropAdapterListeners } from './adapter-listeners';
import type { ConnectionCaps } from './connection-caps';
import type { Join } from './socket-join';

type Env = { Variables: { grant: Grant; checkedAt: number } };

/**
 * `GET /ws/:workspaceId`: the y-websocket protocol, unchanged. The credential (token or session,
 * its role and member re-checked, SPEC A5) is checked and the room loaded before the upgrade, so a
 * bad, revoked or expired one is a plain 401/403 and a workspace whose storage cannot be read is a
 * 503; neither ever becomes a socket. An open socket is kept with its grant in `live`, so that
 * ending the credential closes it (4401, A4).
 */
export function websocketRoutes(services: Services, caps: ConnectionCaps, join: Join): Hono<Env> {
  const { rooms } = services;

  return new Hono<Env>().get(
    '/ws/:workspaceId',
    async (c, next) => {
      const workspace = c.req.param('workspaceId');
      // Before the credential is read: whatever ends access after this moves the epoch (Q6).
      c.set('checkedAt', services.access.epoch.current);
      c.set('grant', await requireGrant(c, services, workspace, 'viewer', { allowQuery: true }));
      // Node upgrades only a request whose Connection header says so; without it the request is a
      // plain GET, which the adapter's upgrade helper would answer with an empty 500.
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket' || !/(^|,)\s*upgrade\s*(,|$)/i.test(c.req.header('connection') ?? '')) {
        throw new ApiError(426, 'upgrade_required', 'This address speaks the y-websocket protocol: open it as a WebSocket.');
      }
      // Before the room loads: a refused connection costs no load.
      caps.admit(c, workspace);
      let room: Room;
      try {
        room = await rooms.open(workspace);
      } catch (error) {
        if (!(error instanceof RoomLoadError)) throw error;
        console.error(`[rooms] ${error.message}`);
        throw new ApiError(503, 'workspace_unavailable', 'This workspace cannot be loaded right now; nothing was changed.');
      }
      // Held through the handshake: if it never completes, the release lets the room idle out.
      room.hold();
      try {
        await next();
      } finally {
        room.release();
      }
    },
    upgradeWebSocket((c) => {
      const grant = c.get('grant');
      const checkedAt = c.get('checkedAt');
      // Any other value is no role, and so no belief to correct.
      const role = c.req.query('role');
      const believed = isOneOf(ROLES, role) ? role : undefined;
      return {
        onOpen(_event, ws) {
          const socket = ws.raw as WebSocket;
          dropAdapterListeners(socket, () => join(socket, grant, checkedAt, believed));
        },
      };
    }),
  );
}
