import type * as Y from 'yjs';
import type { LogKind } from './constants';
import { logArray } from './root-types';
import type { LogEntry } from './types';

/** Who the log says wrote what the rules did (a pivot, a reopening, a resolution): nobody present. */
export const RULES_AUTHOR = 'rules';

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

/**
 * A log entry as every reader takes it. The kind is any text: a newer release may log a kind
 * this one does not know, and a reader words it as it is.
 */
export interface LogEntryView {
  at: string;
  kind: string;
  by: string | null;
  text: string;
  ref: string | null;
}

/**
 * One stored log item as an entry, or null when it is not one: any writer can store anything in
 * the log (DESIGN §6), and an entry needs an instant and a kind, as text. Read the same from the
 * document (readLog) and from its JSON (shared/history).
 */
export function logEntryOf(raw: unknown): LogEntryView | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { at, kind, by, text, ref } = raw as Partial<Record<keyof LogEntryView, unknown>>;
  if (!nonEmpty(at) || !nonEmpty(kind)) return null;
  return { at, kind, by: nonEmpty(by) ? by : null, text: typeof text === 'string' ? text : '', ref: nonEmpty(ref) ? ref : null };
}

/** The log's entries, oldest first; items that are not entries are left out. */
export function readLog(doc: Y.Doc): LogEntryView[] {
  const entries: LogEntryView[] = [];
  for (const raw of logArray(doc).toArray()) {
    const entry = logEntryOf(raw);
    if (entry !== null) entries.push(entry);
  }
  return entries;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
