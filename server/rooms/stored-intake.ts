import type * as Y from 'yjs';
import type { StoredDocument } from '../storage/store';
import { EarlyBatches, earlyBatch } from './early-batches';
import { integratesWhole } from './held-back';
import type { LogCompaction } from './log-compaction';
import { STORED_ORIGIN } from './update-intake';

/** What the intake of stored rows asks of its room. */
export interface StoredIntakeHost {
  readonly isClosed: boolean;
  /** False while the room serves its stored bytes without having built the document (S8). */
  readonly isBuilt: boolean;
  /** Applies rows that are stored already to the document, building it first. */
  integrateStored(updates: readonly Uint8Array[]): void;
  /** Relays rows another node stored to this node's connections (N5). */
  relayStoredElsewhere(updates: readonly Uint8Array[]): void;
  /** This node stored rows past a gap in the log: the rows before them are on their way, or are read (N7). */
  fellBehind(): void;
  /** Compacts when the log has passed its bounds (S6). */
  compactIfDue(): void;
}

/**
 * Where a room is in its workspace's log, and the intake of the rows other nodes stored (N5, N7).
 *
 * With several nodes committing to one workspace, rows reach a room out of log order: batches
 * from Redis, catch-up reads, states another node compacted, and this node's own commits, each
 * of which may come before rows it follows. The room applies each row once, keeps what it cannot
 * apply yet, and counts rows held only in log order, which is the number its log is compacted up
 * to and what a catch-up read starts after.
 */
export class StoredIntake {
  /** Stored rows this room heard of past a gap, kept until the rows before them come (N7). */
  private readonly early = new EarlyBatches();

  constructor(
    private readonly doc: Y.Doc,
    private readonly compaction: LogCompaction,
    private readonly host: StoredIntakeHost,
    /**
     * The last sequence number up to which the document holds every stored update: its own and,
     * with several nodes, those other nodes stored (N7). Compaction folds the log up to here.
     */
    private seq: number,
  ) {}

  /** The last sequence number up to which the document holds every stored update. */
  get storedSeq(): number {
    return this.seq;
  }

  /**
   * Whether the room knows of stored rows past a gap after `storedSeq`: kept until the rows
   * before them come, from Redis or from a catch-up read (N7).
   */
  get awaitsRows(): boolean {
    return !this.early.isEmpty;
  }

  /**
   * Log rows another node stored, numbered `afterSeq + 1` to `lastSeq` (N5, N7): applied without
   * being stored again, and relayed to this node's connections. Rows the room already holds (a
   * catch-up read overtook the message, this node stored them after a gap, or they were applied
   * past one) are neither applied nor relayed again. Rows past a gap are applied and relayed at
   * once when everything they build on is here (they are stored: only the numbering waits), and
   * kept until the rows before them come otherwise. Answers whether the room now holds every row
   * it knows of; when not, the caller reads the gap from the database unless it comes soon.
   */
  applyStored(updates: readonly Uint8Array[], afterSeq: number, lastSeq: number): boolean {
    if (this.host.isClosed || lastSeq <= this.seq) return !this.awaitsRows;
    if (afterSeq > this.seq) {
      this.takeAhead(updates, afterSeq, lastSeq);
      return false;
    }
    this.takeStored(updates, afterSeq, lastSeq);
    this.takeEarly();
    this.host.compactIfDue();
    return !this.awaitsRows;
  }

  /**
   * The stored document, when another node folded into the state row what this one missed (N3,
   * N7). Connections are sent only what was new to the room, as Yjs encodes it, never the whole
   * state again.
   */
  reloadStored(stored: StoredDocument): void {
    if (this.host.isClosed || stored.lastSeq <= this.seq) return;
    let added: Uint8Array | null = null;
    const collect = (update: Uint8Array, origin: unknown) => {
      if (origin === STORED_ORIGIN) added = update;
    };
    this.doc.on('update', collect);
    try {
      this.host.integrateStored([...(stored.state ? [stored.state] : []), ...stored.updates]);
    } finally {
      this.doc.off('update', collect);
    }
    if (added) this.host.relayStoredElsewhere([added]);
    this.seq = stored.lastSeq;
    this.compaction.recordedRows(sizesOf(stored.updates));
    this.takeEarly();
    this.host.compactIfDue();
  }

  /**
   * This node stored rows `lastSeq - updates.length + 1` to `lastSeq`; answers whether they carry
   * on from the rows the room holds. Then the kept batches that follow them (`takeEarly`) go out
   * after them, in log order. A catch-up read or a reload can bring them before their commit
   * answers (N7): the room holds and has counted them then.
   */
  committed(updates: readonly Uint8Array[], lastSeq: number): boolean {
    const afterSeq = lastSeq - updates.length;
    if (afterSeq === this.seq) {
      this.holdUpTo(sizesOf(updates), afterSeq, lastSeq);
      return true;
    }
    if (afterSeq > this.seq) {
      // Another node stored updates between this room's last and this batch: they are on their
      // way through Redis, or read from the database if they do not come (N7).
      this.early.keep(earlyBatch(afterSeq, lastSeq, updates, true));
      this.host.fellBehind();
    }
    return false;
  }

  /** Takes the kept batches that now carry on from what the room holds, in log order. */
  takeEarly(): void {
    for (let batch = this.early.takeNext(this.seq); batch; batch = this.early.takeNext(this.seq)) {
      if (batch.updates === null) this.holdUpTo(batch.sizes, batch.afterSeq, batch.lastSeq);
      else this.takeStored(batch.updates, batch.afterSeq, batch.lastSeq);
    }
  }

  /** Applies and relays rows `afterSeq + 1` to `lastSeq`, which carry on from what the room holds, but for those it has. */
  private takeStored(updates: readonly Uint8Array[], afterSeq: number, lastSeq: number): void {
    const unseen: Uint8Array[] = [];
    for (let seq = this.seq + 1; seq <= lastSeq; seq++) {
      if (!this.early.holds(seq)) unseen.push(updates[seq - afterSeq - 1]!);
    }
    if (unseen.length > 0) this.applyAndRelay(unseen);
    this.holdUpTo(sizesOf(updates), afterSeq, lastSeq);
  }

  /**
   * The room now holds every row up to `lastSeq`; those of `sizes` past `seq` are counted toward
   * the log's length here, in log order, and not as they were applied: a compaction folds the log
   * up to `seq`, and rows applied past it stay in the log and count toward the next one (N3, S6).
   */
  private holdUpTo(sizes: readonly number[], afterSeq: number, lastSeq: number): void {
    this.compaction.recordedRows(sizes.slice(this.seq - afterSeq));
    this.seq = lastSeq;
  }

  /**
   * Rows past a gap. Each node publishes as its own commit returns, so with writers on several
   * nodes a batch often comes a moment before the one it follows, and while it waited in log
   * order every edit behind a slow node's publish waited too (the cross-node bench: held a
   * tenth of the time, 40 ms and more). Edits by different people rarely build on each other, so
   * most such batches integrate whole and go out at once; one that builds on rows not yet here
   * would leave Yjs holding structs back, which nothing stored may do (S7), and waits instead.
   */
  private takeAhead(updates: readonly Uint8Array[], afterSeq: number, lastSeq: number): void {
    if (this.early.covers(afterSeq, lastSeq) || this.early.isFull) return;
    // A room serving its stored bytes has not built the document these rows would be checked against.
    if (!this.host.isBuilt || !integratesWhole(this.doc, updates)) {
      this.early.keep(earlyBatch(afterSeq, lastSeq, updates, false));
      return;
    }
    this.applyAndRelay(updates);
    this.early.keep(earlyBatch(afterSeq, lastSeq, updates, true));
    // A batch kept after these rows may have waited for them alone (a writer's next edit heard
    // before the one it continues): looked at again once, in log order, so one that another
    // supplies goes out with it. Rows build only on rows before them in the log.
    for (const kept of this.early.waitingFrom(lastSeq)) {
      if (!integratesWhole(this.doc, kept.updates)) continue;
      this.applyAndRelay(kept.updates);
      this.early.markApplied(kept);
    }
  }

  private applyAndRelay(updates: readonly Uint8Array[]): void {
    this.host.integrateStored(updates);
    this.host.relayStoredElsewhere(updates);
  }
}

const sizesOf = (updates: readonly Uint8Array[]): number[] => updates.map((update) => update.byteLength);
