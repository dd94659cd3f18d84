import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Room } from '../rooms/room';
import type { RoomCluster } from '../rooms/room-cluster';
import type { DocumentLog } from '../storage/store';
import type { KeyHolders } from '../webhooks/key-holders';
import { readClusterMessage, readClusterSender, writeClusterMessage, type ClusterMessage } from './cluster-message';
import { LEASE_MS, RuleLeases } from './rule-lease';

/** How often a node renews its leases and compares each room with the log's last number. */
const TICK_MS = LEASE_MS / 3;
/**
 * How long a room that heard of rows past a gap waits for the rows before them on Redis before
 * reading them from the database (N7), unless `gapWaitMs` says otherwise. The node that stored
 * them publishes them as its commit returns, usually within a few milliseconds; a message lost
 * with a Redis reconnect or a killed node costs this much more latency, and the read.
 */
const GAP_WAIT_MS = 50;

export interface ClusterOptions {
  /**
   * The wait for a gap's rows on Redis (GAP_WAIT_MS by default). Tests that must see a gap open
   * set it long, so that a loaded machine's slow turns do not end the wait before they look.
   */
  gapWaitMs?: number;
}

const channel = (workspace: string) => `throughline:room:${workspace}`;
const CHANNEL_PREFIX = 'throughline:room:';
/** One channel for every workspace's access changes: rare, and every node must hear them. */
const ACCESS_CHANNEL = 'throughline:access';
/**
 * A channel named after a link key's id (A1), which each node listens on for its life: nothing is
 * published there, but PUBSUB NUMSUB counts the live nodes that hold the key (M29), and Redis ends
 * a dead node's subscriptions with its connection.
 */
const keyChannel = (keyId: string) => `throughline:key:${keyId}`;
/** How long a node waits to be told who holds a key before it leaves the delivery for a later try (M29). */
const KEY_QUESTION_MS = 5_000;

/**
 * A node in a cluster: what the rooms need (RoomCluster), who may be where, which keys live nodes
 * hold (KeyHolders), and shutting down.
 */
export interface Cluster extends RoomCluster, KeyHolders {
  /** This node changed who may be in `workspace` (a revocation, a rotation, a logout): the others recheck their connections. */
  accessChanged(workspace: string): void;
  /**
   * Calls `recheck` with each workspace whose access another node changed, and with null when
   * this node may have missed such news (its subscription dropped): every workspace then.
   */
  onAccessChanged(recheck: (workspace: string | null) => void): void;
  close(): Promise<void>;
}

/**
 * Several nodes serving the same workspaces (DESIGN §6 scale-out, SPEC N5–N9). Every update is
 * committed to the shared database before any node relays it (the group commit sees to that on
 * the node that received it); then it is published on the room's Redis channel, and every other
 * node holding the room applies it without storing it again and relays it to its own
 * connections. Each message carries the sequence numbers it spans: a node that finds a gap, or
 * whose room is behind the log's last number on its periodic check, reads what it missed from the
 * database (N7). Presence travels the same channel (N6). Redis holds nothing that is not in the
 * database: losing a message costs a little latency, never an update.
 */
class RedisCluster implements Cluster {
  private readonly rooms = new Map<string, Room>();
  private readonly leading = new Set<string>();
  /** The read each room is making, by room: a room reopened under the same id reads for itself. */
  private readonly catchingUp = new Map<Room, Promise<void>>();
  /** Rooms waiting a moment for rows before ones they heard of (N7). */
  private readonly gapWaits = new Map<Room, NodeJS.Timeout>();
  private readonly leases: RuleLeases;
  private readonly timer: NodeJS.Timeout;
  private shutDown = false;
  private tookLead: (workspace: string) => void = () => {};
  private recheck: (workspace: string | null) => void = () => {};
  /**
   * Workspaces whose access news this node could not publish (its own connection to Redis was
   * down past the publisher's retries): published again once it is back, or the other nodes
   * would keep a removed member's connections for good (N12).
   */
  private readonly unsentNews = new Set<string>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly log: DocumentLog,
    private readonly node: string,
    keyId: string,
    private readonly gapWaitMs: number,
  ) {
    this.leases = new RuleLeases(publisher, node);
    subscriber.on('messageBuffer', (channelName: Buffer, message: Buffer) => this.receive(channelName.toString(), message));
    // The key's channel in a command of its own: Redis refuses a whole SUBSCRIBE when one channel
    // is not among those an ACL user may use, and a user set up for the release before, which had
    // no key channel, would then lose the access channel too (N12).
    void subscriber.subscribe(ACCESS_CHANNEL).catch((error: unknown) => this.report('access', error));
    const listenAsHolder = () => void subscriber.subscribe(keyChannel(keyId)).catch((error: unknown) => this.report('key holders', error));
    listenAsHolder();
    // 'ready' comes again only after the connection dropped, and nothing published meanwhile
    // reached this node: a member removed on another node then would keep their connections here
    // (N12), and its rooms missed what other nodes stored. Once it listens again, every
    // connection's grant is read from the database, and every room reads what it missed and trades presence with the other nodes. The
    // channels are subscribed here rather than by ioredis (`autoResubscribe` is off), whose own
    // subscribe has nobody to answer its failure: closing while it was under way rejected it
    // unhandled, which ends a Node process. Until then other nodes count this one out of its key's
    // holders (M29).
    subscriber.on('ready', () => {
      listenAsHolder();
      const rooms = [...this.rooms.values()];
      subscriber
        .subscribe(ACCESS_CHANNEL, ...rooms.map((room) => channel(room.id)))
        .then(() => {
          this.recheck(null);
          for (const room of rooms) {
            if (this.rooms.get(room.id) !== room) continue;
            this.readAgain(room, () => this.rooms.get(room.id) === room);
            this.tradePresence(room);
          }
        })
        .catch((error: unknown) => this.report('listening again', error));
    });
    publisher.on('ready', () => this.resendNews());
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  opened(room: Room): void {
    this.rooms.set(room.id, room);
    void this.subscriber
      .subscribe(channel(room.id))
      .then(() => {
        // Whatever was stored between the load and the subscription came on no channel we heard.
        this.catchUp(room);
        this.queryPresence(room);
        return this.lead(room);
      })
      .catch((error: unknown) => this.report(room.id, error));
  }

  closed(room: Room): void {
    clearTimeout(this.gapWaits.get(room));
    this.gapWaits.delete(room);
    if (this.rooms.get(room.id) !== room) return;
    this.rooms.delete(room.id);
    this.leading.delete(room.id);
    void this.subscriber.unsubscribe(channel(room.id)).catch((error: unknown) => this.report(room.id, error));
    void this.leases.release(room.id).catch((error: unknown) => this.report(room.id, error));
  }

  stored(room: Room, updates: readonly Uint8Array[], lastSeq: number): void {
    if (updates.length === 0) return;
    this.publish(room.id, { type: 'stored', node: this.node, afterSeq: lastSeq - updates.length, lastSeq, updates });
  }

  presence(room: Room, update: Uint8Array): void {
    this.publish(room.id, { type: 'presence', node: this.node, update });
  }

  behind(room: Room): void {
    this.awaitRows(room);
  }

  leads(workspace: string): boolean {
    return this.leading.has(workspace);
  }

  onLead(tookLead: (workspace: string) => void): void {
    this.tookLead = tookLead;
  }

  accessChanged(workspace: string): void {
    if (this.shutDown) return;
    // Only on a link that is up. ioredis writes a PUBLISH made while it is still connecting on
    // that socket, and if the socket then closes, the command neither arrives nor fails.
    if (this.publisher.status !== 'ready') {
      this.unsentNews.add(workspace);
      return;
    }
    this.unsentNews.delete(workspace);
    this.publisher.publish(ACCESS_CHANNEL, `${this.node} ${workspace}`).catch((error: unknown) => {
      this.report(workspace, error);
      if (!this.shutDown) this.unsentNews.add(workspace);
    });
  }

  /** Publishes the access news that failed, each workspace once however often its access changed meanwhile. */
  private resendNews(): void {
    const unsent = [...this.unsentNews];
    for (const workspace of unsent) this.accessChanged(workspace);
  }

  onAccessChanged(recheck: (workspace: string | null) => void): void {
    this.recheck = recheck;
  }

  async keyHeld(keyId: string): Promise<boolean> {
    // On the publisher: a connection that subscribes may send no other command. Bounded: commands
    // wait for a reconnect, so unbounded a facilitator's GET of the delivery log would hang for as
    // long as Redis is away, and a sender's claim would lapse while it waited (another node then
    // tries the delivery, and this one's outcome is not recorded, M31).
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not say within ${KEY_QUESTION_MS} ms who holds a key`)), KEY_QUESTION_MS);
    });
    try {
      const [, listeners] = (await Promise.race([this.publisher.pubsub('NUMSUB', keyChannel(keyId)), late])) as [string, number];
      return listeners > 0;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.shutDown = true;
    clearInterval(this.timer);
    for (const wait of this.gapWaits.values()) clearTimeout(wait);
    this.gapWaits.clear();
    await Promise.allSettled([...this.leading].map((workspace) => this.leases.release(workspace)));
    this.subscriber.disconnect();
    await this.publisher.quit().catch(() => this.publisher.disconnect());
  }

  private receive(channelName: string, bytes: Buffer): void {
    if (channelName === ACCESS_CHANNEL) {
      const [node, workspace] = bytes.toString().split(' ');
      if (node !== this.node && workspace) this.recheck(workspace);
      return;
    }
    if (!channelName.startsWith(CHANNEL_PREFIX)) return;
    const room = this.rooms.get(channelName.slice(CHANNEL_PREFIX.length));
    if (!room || room.isClosed) return;
    let message: ClusterMessage;
    try {
      // This node's own, back from Redis: nothing in it is new here.
      if (readClusterSender(bytes) === this.node) return;
      message = readClusterMessage(bytes);
    } catch (error) {
      this.report(room.id, error);
      return;
    }
    try {
      switch (message.type) {
        case 'stored':
          if (!room.applyStored(message.updates, message.afterSeq, message.lastSeq)) this.awaitRows(room);
          break;
        case 'presence':
          room.applyPresence(message.update);
          break;
        case 'query-presence': {
          const update = room.presenceUpdate();
          if (update) this.publish(room.id, { type: 'presence', node: this.node, update });
          break;
        }
      }
    } catch (error) {
      // H1: what another node sent can cost this room, never the process.
      console.error(`[cluster] ${room.id}: ${(error as Error).stack ?? String(error)}`);
      room.fail(error, 'internal error, reconnect');
    }
  }

  /** Asks the other nodes holding the room for everyone's presence: they answer with theirs (N6). */
  private queryPresence(room: Room): void {
    this.publish(room.id, { type: 'query-presence', node: this.node });
  }

  /**
   * Presence changed meanwhile on both sides of a dropped link, and a stock client says its own
   * again only every 15 s (y-protocols renews a state half-way to its timeout): so this node asks
   * the others for everyone's, and tells them its own (N6). Someone who left elsewhere meanwhile
   * is not in any answer; their state times out here as y-protocols times out a silent one.
   */
  private tradePresence(room: Room): void {
    this.queryPresence(room);
    const update = room.presenceUpdate();
    if (update) this.publish(room.id, { type: 'presence', node: this.node, update });
  }

  /**
   * The room heard of rows past a gap: the rows before them are read from the database unless
   * they come through Redis within the gap wait (GAP_WAIT_MS by default, N7).
   */
  private awaitRows(room: Room): void {
    // Past close() nothing clears a new wait, and the log it would read may be closed.
    if (this.shutDown || this.gapWaits.has(room)) return;
    const heldAt = room.storedSeq;
    const wait = setTimeout(() => {
      this.gapWaits.delete(room);
      if (!this.awaits(room)) return;
      // With writers on several nodes gaps open and close every few milliseconds, so a room that
      // awaits rows now may await other rows than those it began waiting for: the gap it waited
      // for closed (the room moved on), and the one open now gets a wait of its own.
      if (room.storedSeq > heldAt) return this.awaitRows(room);
      this.readAgain(room, () => this.awaits(room));
    }, this.gapWaitMs);
    wait.unref();
    this.gapWaits.set(room, wait);
  }

  /** Whether the room is still this node's and lacks rows before ones it heard of. */
  private awaits(room: Room): boolean {
    return this.rooms.get(room.id) === room && room.awaitsRows;
  }

  /**
   * Reads the log after what the room holds while `wanted` says it is needed (rows missing after a
   * gap, or missed while this node was not listening). A read already under way may have begun
   * before those rows were stored: another follows it.
   */
  private readAgain(room: Room, wanted: () => boolean): void {
    if (!wanted()) return;
    const running = this.catchingUp.get(room);
    if (running) void running.then(() => this.readAgain(room, wanted));
    else void this.catchUp(room);
  }

  /** Reads the log after what the room holds (N7); one read per room at a time. */
  private catchUp(room: Room): Promise<void> {
    const running = this.catchingUp.get(room);
    if (running) return running;
    const done = this.readMissed(room)
      .catch((error: unknown) => this.report(room.id, error))
      .finally(() => this.catchingUp.delete(room));
    this.catchingUp.set(room, done);
    return done;
  }

  private async readMissed(room: Room): Promise<void> {
    const afterSeq = room.storedSeq;
    const tail = await this.log.readLog(room.id, afterSeq);
    if (room.isClosed) return;
    if (tail.compacted) {
      // Another node folded what this one missed into the state row: the state carries it.
      const stored = await this.log.loadDocument(room.id);
      if (room.isClosed) return;
      room.reloadStored(stored);
    } else {
      room.applyStored(tail.updates, afterSeq, tail.lastSeq);
    }
  }

  /** Takes or renews the room's lease; a node that takes it first reads what it missed, so it pivots on what is stored (N8). */
  private async lead(room: Room): Promise<void> {
    const holds = await this.leases.hold(room.id);
    if (!holds || room.isClosed || this.rooms.get(room.id) !== room) {
      this.leading.delete(room.id);
      // Taken for a room that closed meanwhile: let another node have it now, not after LEASE_MS.
      if (holds && !this.rooms.has(room.id)) void this.leases.release(room.id).catch((error: unknown) => this.report(room.id, error));
      return;
    }
    if (this.leading.has(room.id)) return;
    await this.catchUp(room);
    if (room.isClosed) return;
    this.leading.add(room.id);
    this.tookLead(room.id);
  }

  private async tick(): Promise<void> {
    if (this.shutDown) return;
    // A publish Redis refused with the connection up (out of memory, say) sees no 'ready' again.
    if (this.publisher.status === 'ready') this.resendNews();
    await Promise.all(
      [...this.rooms.values()].map(async (room) => {
        try {
          await this.lead(room);
          if ((await this.log.lastSeq(room.id)) > room.storedSeq) await this.catchUp(room);
        } catch (error) {
          this.report(room.id, error);
        }
      }),
    );
  }

  private publish(workspace: string, message: ClusterMessage): void {
    if (this.shutDown) return;
    const bytes = writeClusterMessage(message);
    // A view of the encoder's bytes, which nothing else holds: Buffer.from(bytes) would copy them.
    this.publisher.publish(channel(workspace), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).catch((error: unknown) => this.report(workspace, error));
  }

  private report(workspace: string, error: unknown): void {
    if (this.shutDown) return;
    console.error(`[cluster] ${workspace}: ${(error as Error).message}`);
  }
}

/**
 * Connects to Redis (REDIS_URL) with a connection to publish on and one to listen on; a sentence on
 * failure. `keyId` names this node's link key (A1), which it says it holds for as long as it lives (M29).
 */
export async function joinCluster(url: string, log: DocumentLog, keyId: string, options: ClusterOptions = {}): Promise<Cluster> {
  // Named so that Redis's CLIENT LIST says which process each connection belongs to.
  const name = (job: string) => `throughline:${hostname()}:${process.pid}:${job}`;
  // Commands wait for a reconnect rather than fail at once: a Redis restart costs latency only.
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, connectionName: name('publish') });
  const subscriber = new Redis(url, { lazyConnect: true, autoResubscribe: false, connectionName: name('listen') });
  for (const connection of [publisher, subscriber]) connection.on('error', (error: Error) => console.error(`[cluster] Redis: ${error.message}`));
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(`Cannot reach Redis at REDIS_URL: ${(error as Error).message}`, { cause: error });
  }
  return new RedisCluster(publisher, subscriber, log, randomBytes(8).toString('hex'), keyId, options.gapWaitMs ?? GAP_WAIT_MS);
}
