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
 * After a relay, how long what is committed next waits to share one frame (L3). Writers who edit
 * at the same moment reach the server a few milliseconds apart; one frame for all of them halves
 * the sends to every follower. The first update after a quiet window does not wait: a lone
 * writer's keystroke reaches everyone as fast as in a small room.
 */
const RELAY_WINDOW_MS = 8;

/** More updates than this are merged in parts, so merging never stalls the loop for long. */
const MERGE_MAX_UPDATES = 64;

type Broadcast = (message: Uint8Array, except: Peer | null) => void;

/**
 * An audience room's relay of committed updates (L3): an update goes out at once unless a relay
 * went out within the window; then it waits for the window's end with whatever else is committed
 * meanwhile, and all of it goes out as one merged sync update (to every connection but its writer
 * when it had only one), opening the next window. Only committed updates enter, so the wait never
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
    if (this.timer) return;
    this.send();
    this.reopen();
  }

  /** After a send, what arrives within the window waits for its end; a quiet window closes it. */
  private reopen(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.updates.length === 0) return;
      this.send();
      this.reopen();
    }, RELAY_WINDOW_MS);
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
