import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import type { Grant } from '../auth/grant';
import { ApiError } from '../errors';
import type { Services } from '../http/app-env';
import { requireGrant } from '../http/caller';
import { CloseCode } from '../protocol/close-codes';
import { RoomLoadError, type Room } from '../rooms/room';
import type { KeepAlive } from './keep-alive';
import { dropAdapterListeners } from './adapter-listeners';
import { ConnectionCaps } from './connection-caps';
import type { LiveConnections } from './live-connections';
import { SocketPeer } from './socket-peer';

type Env = { Variables: { grant: Grant } };

/**
 * `GET /ws/:workspaceId`: the y-websocket protocol, unchanged. The credential (token or session,
 * its role and member re-checked, SPEC A5) is checked and the room loaded before the upgrade, so a
 * bad, revoked or expired one is a plain 401/403 and a workspace whose storage cannot be read is a
 * 503; neither ever becomes a socket. An open socket is kept with its grant in `live`, so that
 * ending the credential closes it (4401, A4).
 */
export function websocketRoutes(services: Services, keepAlive: KeepAlive, live: LiveConnections): Hono<Env> {
  const { rooms, access } = services;
  const caps = new ConnectionCaps(services.limits);

  /**
   * Puts an opened socket in its room; the relay listens to ws directly from here on. Its own
   * listeners go on at once (dropAdapterListeners keeps only those present as onOpen returns);
   * frames that arrive while the grant is re-checked and the room found wait for it.
   */
  function join(socket: WebSocket, grant: Grant): void {
    const { workspace } = grant;
    // ws emits 'error' just before it closes a socket over a bad frame (1002, 1009); the
    // close that follows is what the room acts on.
    socket.on('error', (error: Error & { code?: string }) => {
      services.refusals.count(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame_too_large' : 'malformed_frame');
    });
    let receive: ((data: Buffer, isBinary: boolean) => void) | null = null;
    const early: Array<[Buffer, boolean]> = [];
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (receive) receive(data, isBinary);
      else early.push([data, isBinary]);
    });
    void enter(socket, grant).then(
      (entered) => {
        if (!entered) return;
        receive = entered;
        for (const [data, isBinary] of early.splice(0)) entered(data, isBinary);
      },
      (error: unknown) => {
        console.error(`[rooms] ${workspace}: ${(error as Error).stack ?? String(error)}`);
        socket.close(CloseCode.storageUnavailable, 'internal error');
      },
    );
  }

  /** Connects the socket to its room; answers what reads its frames, or null when it may not stay. */
  async function enter(socket: WebSocket, grant: Grant): Promise<((data: Buffer, isBinary: boolean) => void) | null> {
    const { workspace } = grant;
    // A4: a revocation may have landed between the upgrade's check and now.
    if (!(await access.stillValid(grant))) {
      socket.close(CloseCode.accessEnded, 'Your access to this review ended. Ask a facilitator of the review for a link.');
      return null;
    }
    let room: Room;
    try {
      // Usually the room the middleware loaded; a fresh load if it idled out meanwhile.
      room = await rooms.open(workspace);
    } catch (error) {
      console.error(`[rooms] ${(error as Error).message}`);
      socket.close(CloseCode.storageUnavailable, 'workspace unavailable');
      return null;
    }
    // The client may have gone while storage answered.
    if (socket.readyState !== socket.OPEN) return null;
    const closed = access.connectionOpened(grant);
    // Leaves the room however the connection ends: closed by the server, the client or the network.
    const peer = new SocketPeer(
      grant.role,
      grant.member,
      socket,
      () => {
        live.remove(peer, workspace);
        closed();
        room.disconnect(peer);
      },
      (reason) => services.refusals.count(reason),
    );
    live.add(peer, grant);
    keepAlive.watch(socket);
    room.connect(peer);
    // Straight from ws rather than through Hono's onMessage, which wraps every frame in a
    // MessageEvent: the relay's hottest path allocates only the frame's copy.
    return (data: Buffer, isBinary: boolean) => {
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
    };
  }

  return new Hono<Env>().get(
    '/ws/:workspaceId',
    async (c, next) => {
      const workspace = c.req.param('workspaceId');
      c.set('grant', await requireGrant(c, services, workspace, 'viewer', { allowQuery: true }));
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
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
      return {
        onOpen(_event, ws) {
          const socket = ws.raw as WebSocket;
          try {
            join(socket, grant);
          } finally {
            dropAdapterListeners(socket);
          }
        },
      };
    }),
  );
}
