import type { CommitEntry, Store } from '../storage/store';

/** A room's commit queue, as the group commit drives it. */
export interface Committable {
  readonly workspace: string;
  readonly isClosed: boolean;
  takeCommitEntry(): CommitEntry;
  committed(entry: CommitEntry): void;
  fail(error: unknown, reason: string): void;
}

/**
 * Group commit (DESIGN §6): every update that arrives in one turn of the event loop, across all
 * rooms, is written in one transaction. Messages are read in the poll phase and `setImmediate`
 * runs in the check phase right after it, so one flush catches the whole turn's work while
 * adding no timer delay to the relay.
 */
export class GroupCommit {
  private readonly dirty = new Set<Committable>();
  private scheduled = false;
  private readonly totals = { commits: 0, updates: 0, bytes: 0, failures: 0, nanos: 0n };

  constructor(private readonly store: Store) {}

  schedule(room: Committable): void {
    this.dirty.add(room);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Commits now; also called directly when a room must be durable before it unloads. */
  flush(): void {
    this.scheduled = false;
    if (this.dirty.size === 0) return;
    const rooms: Committable[] = [];
    const entries: CommitEntry[] = [];
    for (const room of this.dirty) {
      if (room.isClosed) continue;
      let entry: CommitEntry;
      try {
        entry = room.takeCommitEntry();
      } catch (error) {
        // One room's document must not keep every other room's turn from being stored (H1).
        console.error(`[rooms] ${room.workspace}: ${(error as Error).stack ?? String(error)}`);
        room.fail(error, 'internal error, reconnect');
        continue;
      }
      rooms.push(room);
      entries.push(entry);
    }
    this.dirty.clear();
    if (rooms.length === 0) return;
    const started = process.hrtime.bigint();
    try {
      this.store.commit(entries);
    } catch (error) {
      console.error(`[storage] group commit of ${entries.length} room(s) failed: ${(error as Error).message}`);
      this.totals.failures++;
      for (const room of rooms) room.fail(error, 'storage unavailable, reconnect later');
      return;
    }
    this.totals.nanos += process.hrtime.bigint() - started;
    this.totals.commits++;
    for (const entry of entries) {
      this.totals.updates += entry.updates.length;
      for (const update of entry.updates) this.totals.bytes += update.byteLength;
    }
    rooms.forEach((room, i) => {
      // One room's failure to relay must not keep the others from relaying what is now stored.
      try {
        room.committed(entries[i]!);
      } catch (error) {
        console.error(`[rooms] ${room.workspace}: relaying a committed batch failed: ${(error as Error).stack ?? String(error)}`);
        room.fail(error, 'internal error, reconnect');
      }
    });
  }

  /** Running totals for /metrics. */
  stats(): { commits: number; updates: number; bytes: number; failures: number; seconds: number } {
    const { nanos, ...counts } = this.totals;
    return { ...counts, seconds: Number(nanos) / 1e9 };
  }
}
