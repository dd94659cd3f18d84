import type * as Y from 'yjs';
import type { LogKind } from './constants';
import { logArray } from './root-types';
import type { LogEntry } from './types';

/**
 * Appends one entry to the append-only `log` (DESIGN §3): pivots, decisions and resolutions,
 * the story a review's minutes are written from. Entries are never edited or removed.
 * Call it inside the transaction that made the change it records.
 */
export function appendLog(
  doc: Y.Doc,
  entry: { at: Date | string; kind: LogKind; by: string | null; text: string; ref: string | null },
): void {
  const at = typeof entry.at === 'string' ? entry.at : entry.at.toISOString();
  const record: LogEntry = { at, kind: entry.kind, by: entry.by, text: entry.text, ref: entry.ref };
  logArray(doc).push([record]);
}
