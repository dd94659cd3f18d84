import { isPending, type Awaitable, type CommitEntry, type DocumentLog } from '../storage/store';

/** A room's commit queue, as the group commit drives it. */
export interface Committable {
  readonly workspace: string;
  readonly isClosed: boolean;
  takeCommitEntry(): CommitEntry;
  /** The entry is stored; `lastSeq` is the sequence number of its last update. */
  committed(entry: CommitEntry, lastSeq: number): void;
  fail(error: unknown, reason: string): void;
}

/**
 * Group commit (DESIGN §6): every update that arrives in one turn of the event loop, across all
 * rooms, is written in one transaction. Messages are read in the poll phase and `setImmediate`
 * runs in the check phase right after it, so one flush catches the whole turn's work while
 * adding no timer delay to the relay.
 *
 * A database that answers later (PostgreSQL) has one group in flight at a time: what arrives
 * meanwhile waits for the next group, so each room's batches are stored, and relayed, in order.
 */
export class GroupCommit {
  private readonly dirty = new Set<Committable>();
  private scheduled = false;
  /** The group PostgreSQL is storing, if any. */
  private inFlight: Promise<void> | null = null;
  private readonly totals = { commits: 0, updates: 0, bytes: 0, failures: 0, nanos: 0n };

  constructor(private readonly log: DocumentLog) {}

  schedule(room: Committable): void {
    this.dirty.add(room);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Commits now; also called directly when a room must be durable before it unloads. Answers a
   * promise only when the database answers later: SQLite's path stays synchronous.
   */
  flush(): Awaitable<void> {
    if (this.inFlight) return this.inFlight.then(() => this.flush());
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
    let stored: Awaitable<readonly number[]>;
    try {
      stored = this.log.commit(entries);
    } catch (error) {
      this.refused(rooms, entries, error);
      return;
    }
    if (!isPending(stored)) {
      this.stored(rooms, entries, stored, started);
      return;
    }
    this.inFlight = stored.then(
      (lastSeqs) => this.stored(rooms, entries, lastSeqs, started),
      (error: unknown) => this.refused(rooms, entries, error),
    );
    return this.inFlight.finally(() => {
      this.inFlight = null;
      if (this.dirty.size > 0) void this.flush();
    });
  }

  private refused(rooms: readonly Committable[], entries: readonly CommitEntry[], error: unknown): void {
    console.error(`[storage] group commit of ${entries.length} room(s) failed: ${(error as Error).message}`);
    this.totals.failures++;
    for (const room of rooms) room.fail(error, 'storage unavailable, reconnect later');
  }

  private stored(rooms: readonly Committable[], entries: readonly CommitEntry[], lastSeqs: readonly number[], started: bigint): void {
    this.totals.nanos += process.hrtime.bigint() - started;
    this.totals.commits++;
    for (const entry of entries) {
      this.totals.updates += entry.updates.length;
      for (const update of entry.updates) this.totals.bytes += update.byteLength;
    }
    rooms.forEach((room, i) => {
      // One room's failure to relay must not keep the others from relaying what is now stored.
      try {
        room.committed(entries[i]!, lastSeqs[i]!);
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
