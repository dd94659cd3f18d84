import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { AccessEpoch } from '../../../../server/auth/access-epoch';
import type { AccessClose, Grant } from '../../../../server/auth/grant';
import type { Services } from '../../../../server/http/app-env';
import { CloseCode } from '../../../../shared/protocol/close-codes';
import type { Peer } from '../../../../server/rooms/peer';
import { KeepAlive } from '../../../../server/transport/keep-alive';
import { LiveConnections } from '../../../../server/transport/live-connections';
import { socketJoin } from '../../../../server/transport/socket-join';

/** An opened socket, as far as joining reads it: its state, its listeners and how it was closed. */
class OpenSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  closedWith: number | null = null;
  closedFor: string | null = null;
  close(code: number, reason: string) {
    this.closedWith = code;
    this.closedFor = reason;
    this.readyState = 3;
  }
}

/** A promise and the functions that settle it, for steps that answer later (PostgreSQL). */
function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

const grant: Grant = { workspace: 'w', role: 'editor', member: null, roleChangedBy: null, tokenHash: 'link', sessionHash: null };
const settled = () => new Promise((resolve) => setImmediate(resolve));
const REMOVED = 'Your access to this review was removed. Ask Ana Diaz or another facilitator if you need it back.';

/**
 * [Q6] A join reads its grant a second time only when something that can end access happened
 * since the upgrade read it; then a revocation that lands while storage answers still keeps the
 * connection out of the room (A4).
 */
describe('a socket joining its room', () => {
  const keepAlive = new KeepAlive(60_000);
  afterEach(() => keepAlive.stop());

  type Room = { entered: Peer[]; connect(peer: Peer): void; disconnect(): void };

  /**
   * A socket let in at the epoch's current count, joining a room that `open` answers and whose
   * grant `endedSince` re-reads (null while it holds); `before` runs between the upgrade's check and the join.
   */
  function joining(options: {
    endedSince: (grant: Grant) => Promise<AccessClose | null>;
    open: (room: Room) => Room | Promise<Room>;
    before?: (epoch: AccessEpoch) => void;
    /** Other nodes can end access before this node's count hears of it. */
    severalNodes?: boolean;
    /** The role the client says its screen shows (A17). */
    believed?: Grant['role'];
    /** Who gave the grant its role (A17). */
    roleChangedBy?: string;
  }) {
    const epoch = new AccessEpoch(options.severalNodes ?? false);
    const room: Room = { entered: [], connect: (peer) => room.entered.push(peer), disconnect: () => {} };
    const services = {
      rooms: { open: () => options.open(room) },
      access: { epoch, endedSince: options.endedSince, connectionOpened: () => () => {} },
      refusals: { count: () => {} },
    } as unknown as Services;
    const socket = new OpenSocket();
    const checkedAt = epoch.current;
    options.before?.(epoch);
    socketJoin(services, keepAlive, new LiveConnections())(socket as unknown as WebSocket, { ...grant, roleChangedBy: options.roleChangedBy ?? null }, checkedAt, options.believed);
    return { epoch, room, socket };
  }

  /** A join whose room loads when `loaded` is called, and whose re-reads answer `valid()` at once. */
  function loadingLater(valid: () => boolean = () => true, severalNodes = false) {
    const load = later<Room>();
    const reads: string[] = [];
    const endedSince = async (checked: Grant) => {
      reads.push(checked.tokenHash);
      return valid() ? null : { code: CloseCode.accessEnded, reason: REMOVED };
    };
    const joined = joining({ endedSince, open: () => load.promise, severalNodes });
    return { ...joined, reads, loaded: () => load.resolve(joined.room) };
  }

  it('[Q6] enters with no second read of its grant when no access changed since the upgrade checked it', async () => {
    const { room, socket, reads, loaded } = loadingLater();
    loaded();
    await settled();
    expect(reads).toEqual([]);
    expect(room.entered).toHaveLength(1);
    expect(socket.closedWith).toBeNull();
  });

  /** After one re-read of its grant, the connection was closed with 4401 and never entered. */
  function expectKeptOut({ reads, socket, room }: ReturnType<typeof loadingLater>) {
    expect(reads).toEqual(['link']);
    expect(socket.closedWith).toBe(CloseCode.accessEnded);
    // The sentence says what ended it, as the REST error would (A4).
    expect(socket.closedFor).toBe(REMOVED);
    expect(room.entered).toEqual([]);
  }

  it('[Q6][A4] is closed with 4401 and never enters when its access ended while the room loaded', async () => {
    let revoked = false;
    const joined = loadingLater(() => !revoked);
    revoked = true;
    joined.epoch.advance();
    joined.loaded();
    await settled();
    expectKeptOut(joined);
  });

  it('[Q6][N12] with other nodes, reads its grant once more although nothing here moved the count, and stays out when another node revoked it', async () => {
    // Another node stored the revocation; its message has not reached this node.
    const joined = loadingLater(() => false, true);
    joined.loaded();
    await settled();
    expectKeptOut(joined);
  });

  it('[A17] a client that shows another role than its grant’s is closed with 4303 saying the role it has and who gave it, and never enters; one that shows the same enters', async () => {
    // The grant is an editor's; the screen still shows the viewer it was before.
    const stale = joining({ endedSince: async () => null, open: (room) => room, believed: 'viewer', roleChangedBy: 'Maya Lindqvist' });
    await settled();
    expect(stale.socket.closedWith).toBe(CloseCode.roleChanged);
    expect(stale.socket.closedFor).toBe('Maya Lindqvist made you an editor of this review.');
    expect(stale.room.entered).toEqual([]);
    // A role given by no member (a change stored before names were, or by the instance admin).
    const unnamed = joining({ endedSince: async () => null, open: (room) => room, believed: 'viewer' });
    await settled();
    expect(unnamed.socket.closedFor).toBe('A facilitator made you an editor of this review.');
    const current = joining({ endedSince: async () => null, open: (room) => room, believed: grant.role });
    await settled();
    expect(current.socket.closedWith).toBeNull();
    expect(current.room.entered).toHaveLength(1);
  });

  it('[Q6] enters after one read when what changed was someone else’s access', async () => {
    const { epoch, room, socket, reads, loaded } = loadingLater();
    epoch.advance();
    loaded();
    await settled();
    expect(reads).toEqual(['link']);
    expect(room.entered).toHaveLength(1);
    expect(socket.closedWith).toBeNull();
  });

  it('[Q6][A4] reads again when its access ends while the second read is under way', async () => {
    let revoked = false;
    const reading: Array<() => void> = [];
    let reads = 0;
    const endedSince = () => {
      reads++;
      const ended = revoked ? { code: CloseCode.accessEnded, reason: REMOVED } : null;
      return new Promise<AccessClose | null>((resolve) => reading.push(() => resolve(ended)));
    };
    const { epoch, room, socket } = joining({ endedSince, open: (room) => room, before: (epoch) => epoch.advance() });
    await settled();
    expect(reading).toHaveLength(1);
    // The revocation is stored and counted while the first re-read, which predates it, is out.
    revoked = true;
    epoch.advance();
    reading.shift()!();
    await settled();
    expect(reading).toHaveLength(1);
    reading.shift()!();
    await settled();
    expect(reads).toBe(2);
    expect(socket.closedWith).toBe(CloseCode.accessEnded);
    // The sentence says what ended it, as the REST error would (A4).
    expect(socket.closedFor).toBe(REMOVED);
    expect(room.entered).toEqual([]);
  });
});
