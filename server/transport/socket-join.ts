import type { WebSocket } from 'ws';
import { roleChanged } from '../auth/access-close';
import type { Grant } from '../auth/grant';
import type { Services } from '../http/app-env';
import { CloseCode } from '../../shared/protocol/close-codes';
import type { Room } from '../rooms/room';
import type { Role } from '../../shared/schema/constants';
import type { KeepAlive } from './keep-alive';
import type { LiveConnections } from './live-connections';
import { SocketPeer } from './socket-peer';

/**
 * Puts an opened socket in its room, whichever way it was upgraded; `checkedAt` is the access
 * epoch (Q6) read before the upgrade's check of the grant began. `believed` is the role the client
 * says it shows its person (our client sends it; the stock provider does not): a screen opened
 * before its member's role changed, and not connected when it did, learns it here (A17).
 */
export type Join = (socket: WebSocket, grant: Grant, checkedAt: number, believed?: Role) => void;

type Receive = (data: Buffer, isBinary: boolean) => void;

/**
 * The one way an opened socket enters its room; the relay listens to ws directly from here on.
 * Its own listeners go on at once (through Hono, right after the adapter's forwarders are gone:
 * dropAdapterListeners); frames that arrive while the room is found and, when access changed
 * meanwhile, the grant re-checked (both answer later on PostgreSQL) wait for it, in order.
 */
export function socketJoin(services: Services, keepAlive: KeepAlive, live: LiveConnections): Join {
  const { rooms, access } = services;

  /** Connects the socket to its room; answers what reads its frames, or null when it may not stay. */
  async function enter(socket: WebSocket, grant: Grant, admittedAt: number, believed: Role | undefined): Promise<Receive | null> {
    const { workspace } = grant;
    let room: Room;
    try {
      // Usually the room the upgrade loaded; a fresh load if it idled out meanwhile.
      room = await rooms.open(workspace);
    } catch (error) {
      console.error(`[rooms] ${(error as Error).message}`);
      socket.close(CloseCode.storageUnavailable, 'workspace unavailable');
      return null;
    }
    // The client may have gone while storage answered.
    if (socket.readyState !== socket.OPEN) return null;
    // A4: a revocation may have landed since the upgrade's check (on PostgreSQL, any of the awaits
    // since); only then is the grant read again, until a read finds nothing changed meanwhile (Q6).
    // From the synchronous step below on, the connection is live and a revocation cuts it.
    for (let checkedAt = access.epoch.since(admittedAt); access.epoch.current !== checkedAt; ) {
      checkedAt = access.epoch.current;
      const ended = await access.endedSince(grant);
      if (ended !== null) {
        socket.close(ended.code, ended.reason);
        return null;
      }
      if (socket.readyState !== socket.OPEN) return null;
    }
    if (believed !== undefined && believed !== grant.role) {
      const { code, reason } = roleChanged(grant.role, grant.roleChangedBy);
      socket.close(code, reason);
      return null;
    }
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
    return (data, isBinary) => {
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

  return (socket, grant, checkedAt, believed) => {
    // ws emits 'error' just before it closes a socket over a bad frame (1002, 1009); the
    // close that follows is what the room acts on.
    socket.on('error', (error: Error & { code?: string }) => {
      services.refusals.count(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame_too_large' : 'malformed_frame');
    });
    let receive: Receive | null = null;
    const early: Array<[Buffer, boolean]> = [];
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (receive) receive(data, isBinary);
      else early.push([data, isBinary]);
    });
    void enter(socket, grant, checkedAt, believed).then(
      (entered) => {
        if (!entered) return;
        receive = entered;
        for (const [data, isBinary] of early.splice(0)) entered(data, isBinary);
      },
      (error: unknown) => {
        console.error(`[rooms] ${grant.workspace}: ${(error as Error).stack ?? String(error)}`);
        socket.close(CloseCode.storageUnavailable, 'internal error');
      },
    );
  };
}
