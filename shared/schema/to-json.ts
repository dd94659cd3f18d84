import type * as Y from 'yjs';
import { setEntry, toPlainJson } from './plain-json';
import { agendaMap, depsMap, kpisMap, logArray, meetingMap, metaMap, nodesMap, rulesMap } from './root-types';
import { isInitialised } from './workspace';
import type { AgendaItemJson, DepJson, KpiJson, LogEntry, MeetingJson, MetaJson, NodeJson, RuleSetting, WorkspaceJson } from './types';

/**
 * The whole document as plain JSON (DESIGN §5 `GET /api/workspaces/:id` and the JSON export):
 * Y.Text becomes a string, Y.Array an array, Y.Map an object. Entries are keyed by id in
 * sorted order, so two replicas that converged serialise to the same bytes.
 *
 * Values are as stored: a writer that broke the schema is visible here rather than hidden, as far
 * as JSON can show it (see toPlainJson), and nothing a writer stored makes this throw.
 */
export function workspaceToJson(doc: Y.Doc): WorkspaceJson {
  return {
    meta: isInitialised(doc) ? (toPlainJson(metaMap(doc)) as unknown as MetaJson) : null,
    nodes: sortedRecord(nodesMap(doc)) as Record<string, NodeJson>,
    kpis: sortedRecord(kpisMap(doc)) as Record<string, KpiJson>,
    deps: sortedRecord(depsMap(doc)) as Record<string, DepJson>,
    agenda: sortedRecord(agendaMap(doc)) as Record<string, AgendaItemJson>,
    meeting: isInitialised(doc) ? (toPlainJson(meetingMap(doc)) as unknown as MeetingJson) : null,
    rules: sortedRecord(rulesMap(doc)) as Record<string, RuleSetting>,
    log: toPlainJson(logArray(doc)) as unknown as LogEntry[],
  };
}

/** A root map's entries by sorted id; an id is data, whatever it spells (`__proto__` too). */
function sortedRecord<T>(map: Y.Map<T>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of [...map.keys()].sort()) setEntry(record, key, toPlainJson(map.get(key)));
  return record;
}
