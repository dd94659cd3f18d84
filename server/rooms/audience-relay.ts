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

/**
 * An audience room's relay of committed updates (L3): an update goes out after LEAD_MS unless a
 * relay went out within the window, when it waits for the window's end. What waits goes out as one
 * merged sync update (to every connection but its writer when it all came from one), and each
 * send opens the next window. Only committed updates enter, so the wait never
 * lets a client hold what storage does not.
 */
export class AudienceRelay {
  private updates: Uint8Array[] = [];
  /** The one connection every waiting update came from, or null when they came from several or the server. */
  private sender: Peer | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly broadcast: Broadcast) {}

  /** Whether updates wait: until they go, later ones must wait behind them, whatever the room's size. */
  get isWaiting(): boolean {
    return this.updates.length > 0;
  }

  add(updates: readonly Uint8Array[], from: Peer | null): void {
    this.sender = this.updates.length === 0 || this.sender === from ? from : null;
    this.updates.push(...updates);
    this.timer ??= this.sendAfter(LEAD_MS);
  }

  /** Sends what waits after `ms`; a send opens a window in which what arrives waits for its end. */
  private sendAfter(ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      this.timer = null;
      if (this.updates.length === 0) return;
      // Armed before sending: a send that closes the room (a slow client's) destroys the relay.
      this.timer = this.sendAfter(RELAY_WINDOW_MS);
      this.send();
    }, ms);
  }

  private send(): void {
    const updates = this.updates;
    this.updates = [];
    for (let start = 0; start < updates.length; start += MERGE_MAX_UPDATES) {
      const part = updates.slice(start, start + MERGE_MAX_UPDATES);
      this.broadcast(writeUpdate(part.length === 1 ? part[0]! : Y.mergeUpdates(part)), this.sender);
    }
  }

  /** Drops what waits: the room is closing, and whoever is still connected resyncs elsewhere. */
  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.updates = [];
  }
}
