import type * as Y from 'yjs';
import { readSchemaVersion } from '../../shared/schema/workspace';
import { isPending, type DocumentLog } from '../storage/store';
import { encodeIntegrated } from './held-back';

/** When the update log since the last compacted state passes either bound, it is compacted. */
export interface CompactionPolicy {
  maxUpdates: number;
  maxBytes: number;
}

/**
 * How long a room's update log is, and folding it into the state row (S6) so the next load
 * reads one compact state instead of replaying the log.
 */
export class LogCompaction {
  constructor(
    private readonly workspace: string,
    private readonly log: DocumentLog,
    private readonly policy: CompactionPolicy,
    private count: number,
    private bytes: number,
  ) {}

  get hasLog(): boolean {
    return this.count > 0;
  }

  get isDue(): boolean {
    return this.count >= this.policy.maxUpdates || this.bytes >= this.policy.maxBytes;
  }

  /** Rows of these sizes, in bytes, are in the log now. */
  recordedRows(sizes: readonly number[]): void {
    this.count += sizes.length;
    for (const size of sizes) this.bytes += size;
  }

  /**
   * Writes the document as integrated (never what Yjs holds back, which was never stored) as the
   * state row in place of the log; returns the state, or null when storage refused it.
   */
  compact(doc: Y.Doc, uptoSeq: number): Uint8Array | null {
    const state = encodeIntegrated(doc);
    try {
      const written = this.log.compact(this.workspace, state, uptoSeq, readSchemaVersion(doc));
      if (isPending(written)) written.catch((error: unknown) => this.failed(error));
    } catch (error) {
      this.failed(error);
      return null;
    }
    this.count = 0;
    this.bytes = 0;
    return state;
  }

  /** Compaction only saves space and load time; the log it would replace is still intact. */
  private failed(error: unknown): void {
    console.error(`[storage] compaction of ${this.workspace} failed, keeping the log: ${(error as Error).message}`);
  }
}
