import * as Y from 'yjs';
import { writeUpdate } from '../protocol/messages';
import type { Peer } from './peer';

/**
 * From this many connections a room is an audience (SPEC L): a few people write and hundreds
 * follow, so what each change costs is counted in sends, one per connection, and the room
 * coalesces its relay and its presence into fewer, fuller messages.
 */
export const AUDIENCE_CONNECTIONS = 250;

/**
 * After a relay, how long what is committed next waits to share one frame (L3): edits keep
 * arriving while a busy room relays, and one frame for all that arrive within the window halves
 * the sends to every follower, at a wait far below what anyone notices.
 */
const RELAY_WINDOW_MS = 8;
/**
 * How long the first update after a quiet window waits. Writers editing at the same moment
 * (the load generator's two, a facilitator and a scribe) can reach an idle server in separate
 * reads, each committed on its own: sent at once, every
 * follower would get one message per writer. The shortest timer catches them in one.
 */
const LEAD_MS = 1;

/** More updates than this are merged in parts, so merging never stalls the loop for long. */
const MERGE_MAX_UPDATES = 64;

type Broadcast = (message: Uint8Array, except: Peer | null) => void;
/** What a deferred send that threw costs: its room, never the process (H1). */
type Failed = (error: unknown) => void;

/**
 * A room's relay of committed updates as merged frames. In an audience room (L3) an update goes
 * out after LEAD_MS unless a relay went out within the window, when it waits for the window's end;
 * each send opens the next window. In a busy room, what other nodes stored goes out at the end of
 * the turn it arrived in (N5), with whatever else arrives or is committed in that turn, and opens
 * no window. What waits goes out as one merged sync update (to every connection but its writer
 * when it all came from one). Only committed updates enter, so the wait never lets a client hold
 * what storage does not.
 */
export class MergedRelay {
  private updates: Uint8Array[] = [];
  /** The one connection every waiting update came from, or null when they came from several or the server. */
  private sender: Peer | null = null;
  /** Cancels the pending send (a timer, or the end of the turn); null when none is pending. */
  private pending: (() => void) | null = null;

  constructor(
    private readonly broadcast: Broadcast,
    private readonly failed: Failed,
  ) {}

  /** Whether updates wait: until they go, later ones must wait behind them, whatever the room's size. */
  get isWaiting(): boolean {
    return this.updates.length > 0;
  }

  /** An audience's updates (L3): they go after LEAD_MS, at the end of the open window, or with a turn's send already pending. */
  add(updates: readonly Uint8Array[], from: Peer | null): void {
    this.collect(updates, from);
    this.pending ??= this.sendAfter(LEAD_MS);
  }

  /**
   * Updates another node stored, to send to every connection at the end of this turn with all that
   * join them meanwhile (N5): a node relaying several other nodes' batches in one turn then sends
   * each connection one frame, not one per batch. A pending timer is not hurried: they go with it.
   */
  addForTurn(updates: readonly Uint8Array[]): void {
    this.collect(updates, null);
    if (this.pending) return;
    const immediate = setImmediate(() => {
      this.pending = null;
      this.send();
    });
    this.pending = () => clearImmediate(immediate);
  }

  private collect(updates: readonly Uint8Array[], from: Peer | null): void {
    this.sender = this.updates.length === 0 || this.sender === from ? from : null;
    this.updates.push(...updates);
  }

  /** Sends what waits after `ms`; a send opens a window in which what arrives waits for its end. */
  private sendAfter(ms: number): () => void {
    const timer = setTimeout(() => {
      this.pending = null;
      if (this.updates.length === 0) return;
      // Armed before sending: a send that closes the room (a slow client's) destroys the relay.
      this.pending = this.sendAfter(RELAY_WINDOW_MS);
      this.send();
    }, ms);
    return () => clearTimeout(timer);
  }

  /** Runs from a timer or the end of a turn, outside any caller's error handling. */
  private send(): void {
    const updates = this.updates;
    this.updates = [];
    try {
      for (let start = 0; start < updates.length; start += MERGE_MAX_UPDATES) {
        const part = updates.slice(start, start + MERGE_MAX_UPDATES);
        this.broadcast(writeUpdate(part.length === 1 ? part[0]! : Y.mergeUpdates(part)), this.sender);
      }
    } catch (error) {
      this.failed(error);
    }
  }

  /** Drops what waits: the room is closing, and whoever is still connected resyncs elsewhere. */
  destroy(): void {
    this.pending?.();
    this.pending = null;
    this.updates = [];
  }
}
