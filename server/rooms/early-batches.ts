/**
 * A stored batch that came before the batches it follows (SPEC N7): log rows `afterSeq + 1` to
 * `lastSeq`, one update each, or null once the room's document holds them (this node stored them,
 * or they were applied as they came, `StoredIntake.takeAhead`). The size of each row is kept
 * either way: the log's length counts rows in log order (S6), since a compaction folds the log
 * only up to the gap and rows past it count toward the next one once the gap closes.
 */
export interface EarlyBatch {
  readonly afterSeq: number;
  readonly lastSeq: number;
  readonly updates: readonly Uint8Array[] | null;
  /** Each row's size in bytes, in log order. */
  readonly sizes: readonly number[];
}

/** A kept batch whose rows the document does not hold yet. */
export type WaitingBatch = EarlyBatch & { readonly updates: readonly Uint8Array[] };

/** A batch to keep: its rows, or only their sizes when the document holds them already. */
export function earlyBatch(afterSeq: number, lastSeq: number, updates: readonly Uint8Array[], applied: boolean): EarlyBatch {
  return { afterSeq, lastSeq, updates: applied ? null : updates, sizes: updates.map((update) => update.byteLength) };
}

/**
 * At most this many batches wait for those before them. Past it, a batch is not kept: the
 * database holds it, and the catch-up read brings it with the rows it waits for (rows the
 * document holds already too, which its connections are then sent again: harmless, as Yjs
 * ignores what it has).
 */
const MAX_EARLY_BATCHES = 256;

/**
 * The batches a room knows of past the rows it holds, kept until the rows before them come.
 *
 * With several nodes committing to one workspace, numbers are handed out in commit order, but
 * each node publishes its batch on Redis when its own commit returns: a node often hears a
 * batch, or gets its own commit back, just before the batch that precedes it arrives. Kept
 * here (applied already, when the room could apply it at once), the rows are counted once that
 * one comes, a moment later, instead of the room reading the gap from the database at once (which,
 * with writers on every node, had each node reading the log continuously and most edits reach
 * other nodes through those reads rather than through Redis).
 */
export class EarlyBatches {
  /**
   * By the number each follows; a handful at a time, so scanning them is cheap. Made on first
   * use: a room with one node, as most are, never keeps a batch.
   */
  private batches: Map<number, EarlyBatch> | null = null;

  get isEmpty(): boolean {
    return !this.batches?.size;
  }

  /** Whether no more batches are kept: one past them is left to the catch-up read, which sends it once. */
  get isFull(): boolean {
    return (this.batches?.size ?? 0) >= MAX_EARLY_BATCHES;
  }

  /** Keeps a batch until the rows before it come, unless too many wait already. */
  keep(batch: EarlyBatch): void {
    const batches = (this.batches ??= new Map());
    const known = batches.get(batch.afterSeq);
    if (known ? known.lastSeq >= batch.lastSeq : this.isFull) return;
    batches.set(batch.afterSeq, batch);
  }

  /**
   * The kept batch that carries on from row `seq` (it starts at or before the row after it),
   * taken out; batches wholly at or before `seq` are dropped on the way.
   */
  takeNext(seq: number): EarlyBatch | undefined {
    if (!this.batches) return undefined;
    for (const [afterSeq, batch] of this.batches) {
      if (batch.lastSeq <= seq) {
        this.batches.delete(afterSeq);
      } else if (afterSeq <= seq) {
        this.batches.delete(afterSeq);
        return batch;
      }
    }
    return undefined;
  }

  /** The kept batches the room has not applied that start at or after row `seq`, in log order. */
  waitingFrom(seq: number): WaitingBatch[] {
    const waiting: WaitingBatch[] = [];
    if (this.batches) for (const batch of this.batches.values()) if (isWaiting(batch) && batch.afterSeq >= seq) waiting.push(batch);
    return waiting.length > 1 ? waiting.sort((x, y) => x.afterSeq - y.afterSeq) : waiting;
  }

  /** The document now holds a kept batch's rows; one taken out meanwhile stays out. */
  markApplied(batch: EarlyBatch): void {
    if (this.batches?.get(batch.afterSeq) === batch) this.batches.set(batch.afterSeq, { ...batch, updates: null });
  }

  /** Whether a kept batch spans rows `afterSeq + 1` to `lastSeq` (the same batch, heard again). */
  covers(afterSeq: number, lastSeq: number): boolean {
    const known = this.batches?.get(afterSeq);
    return known !== undefined && known.lastSeq >= lastSeq;
  }

  /** Whether log row `seq` is one the document holds already, kept because rows before it had not come. */
  holds(seq: number): boolean {
    if (!this.batches) return false;
    for (const batch of this.batches.values()) {
      if (batch.updates === null && batch.afterSeq < seq && seq <= batch.lastSeq) return true;
    }
    return false;
  }
}

const isWaiting = (batch: EarlyBatch): batch is WaitingBatch => batch.updates !== null;
