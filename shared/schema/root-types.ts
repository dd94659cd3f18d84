import * as Y from 'yjs';
import { fail, ok, type OpResult } from './op-result';
import type { LogEntry, RuleSetting } from './types';

/**
 * The root types of DESIGN §3. Root types are named, not created: every replica that asks for
 * `doc.getMap('nodes')` gets the same shared map, so two writers adding nodes concurrently never
 * replace each other's container. Nothing ever sets a root-level entry to a fresh container.
 */
export type EntryMap = Y.Map<unknown>;

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const nodesMap = (doc: Y.Doc): Y.Map<EntryMap> => doc.getMap('nodes');
export const kpisMap = (doc: Y.Doc): Y.Map<EntryMap> => doc.getMap('kpis');
export const depsMap = (doc: Y.Doc): Y.Map<EntryMap> => doc.getMap('deps');
export const agendaMap = (doc: Y.Doc): Y.Map<EntryMap> => doc.getMap('agenda');
export const meetingMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meeting');
export const rulesMap = (doc: Y.Doc): Y.Map<RuleSetting> => doc.getMap('rules');
export const logArray = (doc: Y.Doc): Y.Array<LogEntry> => doc.getArray('log');

/** Sets `key` only when the value differs, so an unchanged edit produces no Yjs update. */
export function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): boolean {
  if (sameValue(map.get(key), value)) return false;
  map.set(key, value);
  return true;
}

/**
 * Sets an entry's `archived` flag (DESIGN §3: deleting means archiving), writing nothing when it
 * already has that value; `missing` is the sentence for an id with no entry. `by`, when it names
 * someone, is kept as `archivedBy` with an archive (whoever archived it first still did) and forgotten with a
 * restore, so the log can name who cleared what the entry raised (SPEC T5).
 */
export function setArchivedFlag(doc: Y.Doc, map: Y.Map<EntryMap>, id: string, archived: boolean, missing: string, by?: string | null): OpResult {
  const entry = map.get(id);
  if (!(entry instanceof Y.Map)) return fail('not-found', missing);
  if (entry.get('archived') === archived) return ok();
  doc.transact(() => {
    entry.set('archived', archived);
    if (archived && typeof by === 'string') entry.set('archivedBy', by);
    if (!archived && entry.has('archivedBy')) entry.delete('archivedBy');
  });
  return ok();
}

/** Who archived an entry that is archived, as `setArchivedFlag` kept it; null when unknown (an older document) or not archived. */
export function archivedBy(map: Y.Map<EntryMap>, id: string): string | null {
  const entry = map.get(id);
  if (!(entry instanceof Y.Map) || entry.get('archived') !== true) return null;
  const by = entry.get('archivedBy');
  return typeof by === 'string' && by.trim() !== '' ? by : null;
}

/**
 * Whether two stored values are the same JSON: primitives by identity, plain objects and arrays
 * by their contents (a stored finding's evidence nests both), anything else (a Y type) only
 * when it is the very same object.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
