import { decidedTextIn } from '../schema/decided-text';
import { logEntryOf, type LogEntryView } from '../schema/log';
import { readTimer, type TimerView } from '../schema/meeting';
import type { WorkspaceJson } from '../schema/types';

/**
 * Reading a plain-JSON document (workspaceToJson output, live or from a snapshot) for history,
 * actions and minutes. Its values are as a writer stored them (SPEC H1), so every field is read
 * through these and a wrong type reads as absent; nothing here throws on any input.
 */

export type Entry = Record<string, unknown>;

/** A copy of a workspace as the record reads it: workspaceToJson output, or a snapshot's RecordBasis. */
export interface RecordSource {
  readonly nodes?: unknown;
  readonly kpis?: unknown;
  readonly deps?: unknown;
  readonly agenda?: unknown;
  readonly rules?: unknown;
}

/** The entries of one root (`nodes`, `kpis`, `deps`, `agenda`, `rules`) that are objects, by id. */
export function entriesOf(doc: RecordSource | null | undefined, root: 'nodes' | 'kpis' | 'deps' | 'agenda' | 'rules'): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const record = doc?.[root];
  if (!isObject(record)) return entries;
  for (const id of Object.keys(record)) {
    const entry = record[id];
    if (isObject(entry)) entries.set(id, entry);
  }
  return entries;
}

export function isObject(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A field as a comparable scalar: strings, finite numbers, booleans and null; anything else null. */
export function scalar(value: unknown): string | number | boolean | null {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return num(value);
}

/**
 * An agenda item's decision as the record quotes it: while decided, the text it was decided
 * with (SPEC U108), whatever the box holds since; else, and for an item decided before this
 * release, the box's text.
 */
export function recordedDecision(item: Entry): string {
  return decidedTextIn((key) => item[key]) ?? (typeof item.decision === 'string' ? item.decision : '');
}

/** An action as stored in an agenda item's `actions`, read safely. */
export interface ActionRead {
  id: string;
  text: string;
  owner: string | null;
  due: string | null;
  done: boolean;
}

export function actionsOf(item: Entry): ActionRead[] {
  const actions: ActionRead[] = [];
  for (const raw of list(item.actions)) {
    if (!isObject(raw)) continue;
    const id = str(raw.id);
    if (id === null) continue;
    actions.push({ id, text: typeof raw.text === 'string' ? raw.text : '', owner: str(raw.owner), due: str(raw.due), done: raw.done === true });
  }
  return actions;
}

/** The meeting's status and times, read safely. */
export function meetingOf(doc: WorkspaceJson | null | undefined): {
  status: string | null;
  startedAt: string | null;
  endedAt: string | null;
  currentItem: string | null;
  timer: TimerView | null;
} {
  const meeting = (doc as Record<string, unknown> | null | undefined)?.meeting;
  if (!isObject(meeting)) return { status: null, startedAt: null, endedAt: null, currentItem: null, timer: null };
  return { status: str(meeting.status), startedAt: str(meeting.startedAt), endedAt: str(meeting.endedAt), currentItem: str(meeting.currentItem), timer: readTimer(meeting.timer) };
}

export function logOf(doc: WorkspaceJson | null | undefined): LogEntryView[] {
  const entries: LogEntryView[] = [];
  for (const raw of list((doc as Record<string, unknown> | null | undefined)?.log)) {
    const entry = logEntryOf(raw);
    if (entry !== null) entries.push(entry);
  }
  return entries;
}

/** The meta title, or ''. */
export function titleOf(doc: WorkspaceJson | null | undefined): string {
  const meta = (doc as Record<string, unknown> | null | undefined)?.meta;
  return isObject(meta) && typeof meta.title === 'string' ? meta.title : '';
}
