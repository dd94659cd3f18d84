import type * as Y from 'yjs';
import { agendaMap, depsMap, kpisMap, logArray, metaMap, nodesMap, rulesMap } from './root-types';
import { isInitialised } from './workspace';
import type { AgendaItemJson, DepJson, KpiJson, MetaJson, NodeJson, RuleSetting, WorkspaceJson } from './types';

/**
 * The whole document as plain JSON (DESIGN §5 `GET /api/workspaces/:id` and the JSON export):
 * Y.Text becomes a string, Y.Array an array, Y.Map an object. Entries are keyed by id in
 * sorted order, so two replicas that converged serialise to the same bytes.
 *
 * Values are as stored: a writer that broke the schema is visible here rather than hidden.
 */
export function workspaceToJson(doc: Y.Doc): WorkspaceJson {
  return {
    meta: isInitialised(doc) ? (sortKeys(metaMap(doc).toJSON()) as MetaJson) : null,
    nodes: sortedRecord(nodesMap(doc)) as Record<string, NodeJson>,
    kpis: sortedRecord(kpisMap(doc)) as Record<string, KpiJson>,
    deps: sortedRecord(depsMap(doc)) as Record<string, DepJson>,
    agenda: sortedRecord(agendaMap(doc)) as Record<string, AgendaItemJson>,
    rules: sortedRecord(rulesMap(doc)) as Record<string, RuleSetting>,
    log: logArray(doc).toJSON(),
  };
}

function sortedRecord<T>(map: Y.Map<T>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const keys = [...map.keys()].sort();
  for (const key of keys) record[key] = sortKeys(toPlain(map.get(key)));
  return record;
}

function toPlain(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return value.toJSON();
  }
  return value;
}

/** Object keys in sorted order, recursively, so serialised JSON does not depend on arrival order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
