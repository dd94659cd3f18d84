import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { ApiError } from '../errors';
import type { Services } from '../http/app-env';
import { requireRole } from '../http/caller';
import { CloseCode } from '../protocol/close-codes';
import { RoomLoadError, type Room } from '../rooms/room';
import type { Role } from '../storage/store';
import type { KeepAlive } from './keep-alive';
import { dropAdapterListeners } from './adapter-listeners';
import { ConnectionCaps } from './connection-caps';
import { SocketPeer } from './socket-peer';

type Env = { Variables: { role: Role; workspace: string } };

/**
 * `GET /ws/:workspaceId`: the y-websocket protocol, unchanged. The token is checked and the room
 * loaded before the upgrade, so a bad token is a plain 401/403 and a workspace whose storage
 * cannot be read is a 503; neither ever becomes a socket.
 */
export function websocketRoutes(services: Services, keepAlive: KeepAlive): Hono<Env> {
  const { rooms } = services;
  const caps = new ConnectionCaps(services.limits);

  /** Puts an opened socket in its room; the relay listens to ws directly from here on. */
  function join(socket: WebSocket, role: Role, workspace: string): void {
    // ws emits 'error' just before it closes a socket over a bad frame (1002, 1009); the
    // close that follows is what the room acts on.
    socket.on('error', (error: Error & { code?: string }) => {
      services.refusals.count(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame_too_large' : 'malformed_frame');
    });
    let room: Room;
    try {
      // Usually the room the middleware loaded; a fresh load if it idled out meanwhile.
      room = rooms.open(workspace);
    } catch (error) {
      console.error(`[rooms] ${(error as Error).message}`);
      socket.close(CloseCode.storageUnavailable, 'workspace unavailable');
      return;
    }
    // Leaves the room however the connection ends: closed by the server, the client or the network.
    const peer = new SocketPeer(
      role,
      socket,
      () => room.disconnect(peer),
      (reason) => services.refusals.count(reason),
    );
    keepAlive.watch(socket);
    room.connect(peer);
    // Straight from ws rather than through Hono's onMessage, which wraps every frame in a
    // MessageEvent: the relay's hottest path allocates only the frame's copy.
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      // H8: frames that arrive after the server closed the connection are not read.
      if (peer.isClosed) return;
      if (!isBinary) {
        services.refusals.count('text_frame');
        peer.close(CloseCode.unsupportedData, 'text frames are not part of the protocol');
        return;
      }
      try {
        // A copy: ws hands over a view into the whole network read (often 64 KiB), which
        // would stay alive as long as this frame waits in a slow peer's send queue.
        room.receive(peer, new Uint8Array(data));
      } catch (error) {
        // H1: a failure in one room's work stays in that room.
        console.error(`[rooms] ${workspace}: ${(error as Error).stack ?? String(error)}`);
        peer.close(CloseCode.storageUnavailable, 'internal error');
      }
    });
  }

  return new Hono<Env>().get(
    '/ws/:workspaceId',
    async (c, next) => {
      const workspace = c.req.param('workspaceId');
      c.set('role', requireRole(c, services, workspace, 'viewer', { allowQuery: true }));
      c.set('workspace', workspace);
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        throw new ApiError(426, 'upgrade_required', 'This address speaks the y-websocket protocol: open it as a WebSocket.');
      }
      // Before the room loads: a refused connection costs no load.
      caps.admit(c, workspace);
      let room: Room;
      try {
        room = rooms.open(workspace);
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
      const workspace = c.get('workspace');
      const role = c.get('role');
      return {
        onOpen(_event, ws) {
          const socket = ws.raw as WebSocket;
          try {
            join(socket, role, workspace);
          } finally {
            dropAdapterListeners(socket);
          }
        },
      };
    }),
  );
}
