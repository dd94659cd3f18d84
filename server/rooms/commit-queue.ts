import * as Y from 'yjs';
import type { CommitEntry } from '../storage/store';
import type { Committable } from './group-commit';
import type { Peer } from './peer';

export interface QueuedUpdate {
  update: Uint8Array;
  /** The connection it came from, which already has it; null for the server's own changes. */
  from: Peer | null;
  /** The frame to relay it in when the sender's own frame is exactly that: a sync update. */
  frame: Uint8Array | null;
}

/** What the queue asks of its room around a commit. */
export interface CommitQueueHost {
  readonly isClosed: boolean;
  /** Open connections, which decide whether a turn's updates are worth merging. */
  readonly connectionCount: number;
  /** The title and mode to record beside the document, when they changed since last recorded. */
  summaryChange(): CommitEntry['summary'];
  /** The batch is durable: relay it. `entry.updates` is the batch, or one merge of it, ending at `lastSeq`. */
  durable(batch: readonly QueuedUpdate[], entry: CommitEntry, lastSeq: number): void;
  /** Storage refused the batch: nothing of it may be relayed or kept. */
  fail(error: unknown, reason: string): void;
}

/**
 * Merging a turn's updates costs about 15 µs an update and saves one frame per update to every
 * other connection: worth it in a busy room, not in a small one, and never for a burst (an
 * offline client's replay, an import), where merging hundreds of updates would stall the loop.
 * The room merges what other nodes stored from the same size on (N5).
 */
export const MERGE_MIN_CONNECTIONS = 8;
const MERGE_MAX_UPDATES = 64;

/**
 * A room's updates between "applied" and "stored", driven by the group commit (S1, S2): it takes
 * the turn's updates as one entry, and hears that they are durable or that storage refused them.
 * Whatever must not happen before the commit (a sync step 2, a REST answer) waits here.
 */
export class CommitQueue implements Committable {
  private pending: QueuedUpdate[] = [];
  /** The batch a database that answers later is storing; always empty with SQLite. */
  private inFlight: QueuedUpdate[] = [];
  /** Rows the turn's updates caused (snapshots, webhook deliveries), stored in their transaction. */
  private records: Required<Pick<CommitEntry, 'snapshots' | 'deliveries'>> = { snapshots: [], deliveries: [] };
  private afterCommit: Array<() => void> = [];
  private waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor(
    readonly workspace: string,
    private readonly host: CommitQueueHost,
  ) {}

  get isClosed(): boolean {
    return this.host.isClosed;
  }

  get isEmpty(): boolean {
    return this.pending.length === 0 && this.inFlight.length === 0 && this.records.snapshots.length === 0 && this.records.deliveries.length === 0;
  }

  /** Adds rows to store with this turn's updates (M2, M9). */
  attach(records: Pick<CommitEntry, 'snapshots' | 'deliveries'>): void {
    this.records.snapshots.push(...(records.snapshots ?? []));
    this.records.deliveries.push(...(records.deliveries ?? []));
  }

  /** Queues an update; returns true when it is the first of the turn, so a commit must be scheduled. */
  push(update: QueuedUpdate): boolean {
    this.pending.push(update);
    return this.pending.length === 1;
  }

  /** Runs `run` now if nothing is waiting to be stored, else right after the commit. */
  whenDurable(run: () => void): void {
    if (this.pending.length === 0 && this.inFlight.length === 0) run();
    else this.afterCommit.push(run);
  }

  whenCommitted(): Promise<void> {
    if (this.host.isClosed) return Promise.reject(new Error('The room is closed.'));
    if (this.isEmpty) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** This turn's updates as one entry; in a busy room as one merged update (Yjs merges losslessly). */
  takeCommitEntry(): CommitEntry {
    this.inFlight = this.pending;
    this.pending = [];
    const updates = this.inFlight.map((p) => p.update);
    const merge = updates.length > 1 && updates.length <= MERGE_MAX_UPDATES && this.host.connectionCount >= MERGE_MIN_CONNECTIONS;
    const entry: CommitEntry = { workspace: this.workspace, updates: merge ? [Y.mergeUpdates(updates)] : updates };
    const summary = this.host.summaryChange();
    if (summary) entry.summary = summary;
    if (this.records.snapshots.length > 0) entry.snapshots = this.records.snapshots;
    if (this.records.deliveries.length > 0) entry.deliveries = this.records.deliveries;
    this.records = { snapshots: [], deliveries: [] };
    return entry;
  }

  committed(entry: CommitEntry, lastSeq: number): void {
    if (this.host.isClosed) return;
    const batch = this.inFlight;
    this.inFlight = [];
    // A turn may store only rows a change caused (M2, M9) and no update: nothing to relay then.
    if (batch.length > 0) this.host.durable(batch, entry, lastSeq);
    // What arrived while the batch was being stored (PostgreSQL) is not durable yet: whatever
    // waits for "nothing pending" waits for its commit too.
    if (this.pending.length > 0) {
      this.resolveWaiters();
      return;
    }
    const afterCommit = this.afterCommit;
    this.afterCommit = [];
    for (const run of afterCommit) run();
    this.resolveWaiters();
  }

  /** Waiters loop on `isEmpty` (durable.ts), so each commit wakes them to look again. */
  private resolveWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  fail(error: unknown, reason: string): void {
    this.host.fail(error, reason);
  }

  /** Forgets what is pending, telling whoever waits for it why. */
  abandon(error: unknown): void {
    this.pending = [];
    this.inFlight = [];
    this.records = { snapshots: [], deliveries: [] };
    this.afterCommit = [];
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }
}
