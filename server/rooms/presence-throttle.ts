import type { Limits } from '../config';
import type { AwarenessEntry } from '../protocol/awareness-update';
import type { Peer } from './peer';

/**
 * Past this many times the rate, for this many seconds in a row, a connection is no person
 * moving about but a flood, and is closed. A single burst far over the rate is only throttled:
 * it costs the room nothing once it is no longer relayed.
 */
const FLOOD_FACTOR = 10;
const FLOOD_SECONDS = 3;

/** What to do with one presence message: relay it now, leave it to the throttle, or close. */
type Admission = 'now' | 'later' | 'flood';

interface Connection {
  tokens: number;
  refilledAt: number;
  /** Start of the current one-second window, and how many messages it has seen so far. */
  secondStart: number;
  inSecond: number;
  /** Consecutive whole seconds, just before the current one, that were over the flood rate. */
  floodedSeconds: number;
  /** The newest entry that came over the rate; superseded by anything newer before it goes. */
  held?: AwarenessEntry;
  timer?: NodeJS.Timeout;
}

/**
 * How fast each connection's presence goes out (H6): a token bucket per connection, `burst`
 * deep and refilled at `perSecond`. A message over the rate is not dropped outright: its entry
 * is kept, replaced by newer ones, and delivered as soon as the bucket refills, so a cursor
 * dragged fast never ends stale on anyone's screen; only the states in between are lost.
 *
 * Only messages that say something new are counted here: the echoes a stock provider sends of
 * everyone else's presence grow with the size of the room, and never reach the throttle.
 */
export class PresenceThrottle {
  /** Created with the first presence message: a large server holds many rooms nobody is in. */
  private connections: Map<Peer, Connection> | null = null;

  constructor(
    private readonly limits: Limits['presence'],
    private readonly deliver: (peer: Peer, entry: AwarenessEntry) => void,
  ) {}

  /** Counts one message from `peer`; `entry` is what it says for the connection's own id, if anything. */
  admit(peer: Peer, entry: AwarenessEntry | undefined): Admission {
    const now = performance.now();
    this.connections ??= new Map();
    let connection = this.connections.get(peer);
    if (!connection) {
      connection = { tokens: this.limits.burst, refilledAt: now, secondStart: now, inSecond: 0, floodedSeconds: 0 };
      this.connections.set(peer, connection);
    }
    if (this.flooding(connection, now)) return 'flood';
    this.refill(connection, now);
    // While something is held, newer entries join it, so what goes out never runs backwards.
    if (connection.tokens >= 1 && !connection.timer) {
      connection.tokens -= 1;
      return 'now';
    }
    if (entry && (!connection.held || entry.clock >= connection.held.clock)) connection.held = entry;
    if (connection.held && !connection.timer) this.schedule(peer, connection);
    return 'later';
  }

  forget(peer: Peer): void {
    clearTimeout(this.connections?.get(peer)?.timer);
    this.connections?.delete(peer);
  }

  destroy(): void {
    for (const connection of this.connections?.values() ?? []) clearTimeout(connection.timer);
    this.connections = null;
  }

  private flooding(connection: Connection, now: number): boolean {
    const flood = FLOOD_FACTOR * this.limits.perSecond;
    const elapsed = Math.floor((now - connection.secondStart) / 1000);
    if (elapsed > 0) {
      // A quiet second in between ends the run.
      connection.floodedSeconds = elapsed === 1 && connection.inSecond > flood ? connection.floodedSeconds + 1 : 0;
      connection.secondStart += elapsed * 1000;
      connection.inSecond = 0;
    }
    connection.inSecond++;
    return connection.inSecond > flood && connection.floodedSeconds >= FLOOD_SECONDS - 1;
  }

  private refill(connection: Connection, now: number): void {
    const earned = ((now - connection.refilledAt) / 1000) * this.limits.perSecond;
    connection.tokens = Math.min(this.limits.burst, connection.tokens + earned);
    connection.refilledAt = now;
  }

  private schedule(peer: Peer, connection: Connection): void {
    const wait = Math.ceil(((1 - connection.tokens) / this.limits.perSecond) * 1000);
    connection.timer = setTimeout(() => {
      connection.timer = undefined;
      this.refill(connection, performance.now());
      // A timer may fire a little early; the held entry then waits for the next token.
      if (connection.tokens < 1) {
        this.schedule(peer, connection);
        return;
      }
      connection.tokens -= 1;
      const held = connection.held!;
      connection.held = undefined;
      this.deliver(peer, held);
    }, wait);
  }
}
