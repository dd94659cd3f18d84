import * as Y from 'yjs';
import { MEETING_DEFAULTS, META_DEFAULTS } from './constants';
import { currentMove, datesOf } from './dependency-proposal';
import { setEntry, toPlainJson, type PlainJson } from './plain-json';
import { agendaMap, depsMap, kpisMap, logArray, meetingMap, metaMap, nodesMap, rulesMap } from './root-types';
import { isInitialised } from './workspace';
import type { AgendaItemJson, AttendanceJson, DepJson, KpiJson, LogEntry, MeetingJson, MetaJson, NodeJson, RuleSetting, WorkspaceJson } from './types';

/**
 * The whole document as plain JSON (DESIGN §5 `GET /api/workspaces/:id` and the JSON export):
 * Y.Text becomes a string, Y.Array an array, Y.Map an object. Entries are keyed by id in
 * sorted order, so two replicas that converged serialise to the same bytes.
 *
 * Values are as stored: a writer that broke the schema is visible here rather than hidden, as far
 * as JSON can show it (see toPlainJson), and nothing a writer stored makes this throw. The `meta`
 * and `meeting` keys nobody wrote are listed with their defaults (SPEC L8).
 */
export function workspaceToJson(doc: Y.Doc): WorkspaceJson {
  // Looked up, not named: naming the root would create it in a document nobody attended.
  const attendance = doc.share.has('attendance') ? doc.getMap('attendance') : null;
  return {
    meta: isInitialised(doc) ? (withDefaults(metaMap(doc), META_DEFAULTS) as unknown as MetaJson) : null,
    nodes: sortedRecord(nodesMap(doc)) as Record<string, NodeJson>,
    kpis: sortedRecord(kpisMap(doc)) as Record<string, KpiJson>,
    deps: depsRecord(depsMap(doc)) as Record<string, DepJson>,
    agenda: sortedRecord(agendaMap(doc)) as Record<string, AgendaItemJson>,
    meeting: isInitialised(doc) ? (withDefaults(meetingMap(doc), MEETING_DEFAULTS) as unknown as MeetingJson) : null,
    rules: sortedRecord(rulesMap(doc)) as Record<string, RuleSetting>,
    log: toPlainJson(logArray(doc)) as unknown as LogEntry[],
    // Only once someone attended a meeting: documents from before the register serialise as they did.
    ...(attendance !== null && attendance.size > 0 ? { attendance: sortedRecord(attendance) as Record<string, AttendanceJson> } : {}),
  };
}

/**
 * The document as the app reads it, for whoever reads it outside the app: the REST reads of the
 * live document and of a snapshot, and the JSON export (DESIGN §5, SPEC M5, U6, U81). Each
 * dependency's dates are as `datesOf` reads them: a declined proposal (a `proposedDate` equal to
 * `declinedDate`) is `proposedDate: null`, a proposal the release before stored on a request
 * (the date in `committedDate`) is `proposedDate`, with `committedDate: null`, and a proposal an
 * accept of the one before emptied `proposedDate` beside is that proposal's date, read by its
 * `proposalId` (U82). The stored encoding serves concurrent writers (U81, U82: an answer names the
 * proposal it answered), and an API consumer reading `proposedDate` alone would see a proposal
 * nobody on the board sees, or miss one everybody sees. `declinedDate` and the ids are kept, so
 * nothing stored is lost. Everything else is as `workspaceToJson` gives
 * it; a dependency that is no object is left as it is (H1).
 *
 * @example asRead(workspaceToJson(doc)).deps[id].proposedDate // null once the proposal was declined
 */
export function asRead<T extends WorkspaceJson>(json: T): T {
  const deps: Record<string, unknown> = {};
  for (const [id, dep] of Object.entries(json.deps)) setEntry(deps, id, depAsRead(dep));
  return { ...json, deps: deps as Record<string, DepJson> };
}

function depAsRead(dep: unknown): unknown {
  if (typeof dep !== 'object' || dep === null || Array.isArray(dep)) return dep;
  const stored = dep as Partial<DepJson>;
  const { committed, proposed } = datesOf(stored);
  // A dependency read as stored keeps its bytes: `proposedDate` stays absent where it was.
  if (committed === (stored.committedDate ?? null) && proposed === (stored.proposedDate ?? null)) return dep;
  return { ...stored, committedDate: committed, proposedDate: proposed };
}

/** A map as stored, with the defaults under the keys its writers never set; keys sorted, as toPlainJson sorts them. */
function withDefaults(map: Y.Map<unknown>, defaults: object): PlainJson {
  // No prototype: a stored key is data, whatever it spells (`__proto__` too).
  const merged: Record<string, unknown> = Object.assign(Object.create(null), defaults);
  map.forEach((value, key) => {
    merged[key] = value;
  });
  return toPlainJson(merged);
}

/**
 * The dependencies as stored, but for a `movedProposal` that no longer tells a move apart, given
 * as null (currentMove): the JSON alone cannot say which write `proposedDate` holds, and read with
 * it (asRead, an import) the move would bring back a proposal no screen shows (SPEC U82).
 */
function depsRecord<T>(map: Y.Map<T>): Record<string, unknown> {
  const record = sortedRecord(map);
  map.forEach((entry: unknown, id) => {
    const json = record[id];
    if (entry instanceof Y.Map && entry.has('movedProposal') && typeof json === 'object' && json !== null) (json as Record<string, unknown>).movedProposal = toPlainJson(currentMove(entry));
  });
  return record;
}

/** A root map's entries by sorted id; an id is data, whatever it spells (`__proto__` too). */
function sortedRecord<T>(map: Y.Map<T>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of [...map.keys()].sort()) setEntry(record, key, toPlainJson(map.get(key)));
  return record;
}
