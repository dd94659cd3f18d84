import { createHash } from 'node:crypto';
import { StorageError, type LogTail, type StoredDocument } from './store';

/** The checksum written beside a state row, so a changed or corrupted row is never served (H10). */
export function checksum(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** A state row as either database returns it. */
export interface StateRow {
  uptoSeq: number;
  data: Uint8Array;
  checksum: string | null;
  schema: number | null;
}

/**
 * What a room rebuilds from: the state row checked against its checksum, and the log after it.
 * Both databases read the same rows and answer through this one function, so they agree (N1).
 */
export function assembleDocument(state: StateRow | undefined, rows: readonly { seq: number; data: Uint8Array }[]): StoredDocument {
  // A row from storage version 1 has no checksum and is trusted as before; one whose bytes no
  // longer match the checksum written with them is not the document anyone saved (H10).
  const checked = state?.checksum != null;
  if (checked && state.checksum !== checksum(state.data)) {
    throw new StorageError(
      'its stored state does not match the checksum written with it (the file was changed outside Throughline, or the disk corrupted it); it is left as it is',
      'CHECKSUM_MISMATCH',
    );
  }
  let updateBytes = 0;
  for (const row of rows) updateBytes += row.data.byteLength;
  const lastSeq = rows.length > 0 ? rows[rows.length - 1]!.seq : (state?.uptoSeq ?? 0);
  const stateIsWhole = rows.length === 0 && checked;
  return { state: state?.data ?? null, stateIsWhole, stateSchema: state?.schema ?? null, updates: rows.map((row) => row.data), updateBytes, lastSeq };
}

/** The log rows after `afterSeq` as a tail; none, and `compacted`, when a state row already covers past it. */
export function logTail(rows: readonly { seq: number; data: Uint8Array }[], afterSeq: number): LogTail {
  return { updates: rows.map((row) => row.data), lastSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : afterSeq, compacted: false };
}

/** What `readLog` answers when compaction folded rows after `afterSeq` into the state: reload instead. */
export const compactedTail = (afterSeq: number): LogTail => ({ updates: [], lastSeq: afterSeq, compacted: true });
