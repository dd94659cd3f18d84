import type * as Y from 'yjs';
import { readSchemaVersion } from '../../shared/schema/workspace';
import type { CommitEntry, Store } from '../storage/store';
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
    private readonly store: Store,
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

  recorded(entry: CommitEntry): void {
    this.count += entry.updates.length;
    for (const update of entry.updates) this.bytes += update.byteLength;
  }

  /**
   * Writes the document as integrated (never what Yjs holds back, which was never stored) as the
   * state row in place of the log; returns the state, or null when storage refused it.
   */
  compact(doc: Y.Doc): Uint8Array | null {
    const state = encodeIntegrated(doc);
    try {
      this.store.compact(this.workspace, state, this.store.lastSeq(this.workspace), readSchemaVersion(doc));
    } catch (error) {
      // Compaction only saves space and load time; the log it would replace is still intact.
      console.error(`[storage] compaction of ${this.workspace} failed, keeping the log: ${(error as Error).message}`);
      return null;
    }
    this.count = 0;
    this.bytes = 0;
    return state;
  }
}
