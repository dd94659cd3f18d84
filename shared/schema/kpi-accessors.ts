import * as Y from 'yjs';
import { KPI_DEFAULTS } from './constants';
import { newId } from './ids';
import { kpiNameProblems, kpiProblems, planProblems, sortedPlan, type KpiDefinition, type KpiPatch } from './kpi-fields';
import { blankToNull } from './node-fields';
import { fail, ok, type OpResult } from './op-result';
import { archivedBy, kpisMap, setArchivedFlag, setIfChanged, type EntryMap } from './root-types';
import type { PlanPoint, Reading } from './types';

export interface NewKpi extends KpiDefinition {
  /** Only for imports and tests that need a known id; refused if the id exists. */
  id?: string;
  plan?: readonly PlanPoint[];
}

const DEFINITION_KEYS = [
  'name', 'unit', 'direction', 'lower', 'upper', 'baseline', 'target',
  'startDate', 'targetDate', 'amberPct', 'redPct', 'cadenceDays', 'owner',
] as const;

/**
 * Creates a KPI with every field of DESIGN §3 set once in one transaction: thresholds default
 * to amber 5 % and red 15 %, the cadence to weekly. `readings` starts empty (append with
 * `appendReadings`); `plan` is the optional trajectory that `kpi-threshold` interpolates.
 * `createdAt` is `now`: a KPI that never gets a reading is stale counted from it (DESIGN §4).
 */
export function createKpi(doc: Y.Doc, input: NewKpi, now: Date = new Date()): OpResult<string> {
  const problems = [...kpiProblems(input), ...kpiNameProblems(input.name), ...planProblems(input.plan ?? [])];
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  const kpis = kpisMap(doc);
  const id = input.id ?? newId();
  if (kpis.has(id)) return fail('conflict', `A KPI with id ${id} already exists.`);
  const maintain = input.direction === 'maintain';
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    kpis.set(id, entry);
    entry.set('id', id);
    entry.set('name', input.name.trim());
    entry.set('unit', input.unit.trim());
    entry.set('direction', input.direction);
    entry.set('lower', maintain ? input.lower : null);
    entry.set('upper', maintain ? input.upper : null);
    entry.set('baseline', input.baseline ?? null);
    entry.set('target', input.target ?? null);
    entry.set('startDate', input.startDate ?? null);
    entry.set('targetDate', input.targetDate ?? null);
    entry.set('amberPct', input.amberPct ?? KPI_DEFAULTS.amberPct);
    entry.set('redPct', input.redPct ?? KPI_DEFAULTS.redPct);
    entry.set('cadenceDays', input.cadenceDays ?? KPI_DEFAULTS.cadenceDays);
    entry.set('owner', blankToNull(input.owner));
    entry.set('readings', new Y.Array<Reading>());
    entry.set('plan', Y.Array.from(sortedPlan(input.plan ?? [])));
    entry.set('createdAt', now.toISOString());
    entry.set('archived', false);
  });
  return ok(id);
}

/** Edits a KPI's definition; the merged result must still be a valid KPI. */
export function updateKpi(doc: Y.Doc, id: string, patch: KpiPatch): OpResult {
  const entry = kpisMap(doc).get(id);
  if (!entry) return fail('not-found', 'That KPI does not exist.');
  const merged = { ...readDefinition(entry), ...patch } as KpiDefinition;
  const problems = [...kpiProblems(merged), ...kpiNameProblems(patch.name)];
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  doc.transact(() => {
    for (const key of DEFINITION_KEYS) {
      if (patch[key] === undefined) continue;
      const value = key === 'owner' ? blankToNull(patch.owner) : patch[key];
      setIfChanged(entry, key, typeof value === 'string' && key !== 'owner' ? value.trim() : value);
    }
  });
  return ok();
}

/** Replaces the plan trajectory (a plan is edited as a whole); unchanged plans write nothing. */
export function setPlan(doc: Y.Doc, id: string, points: readonly PlanPoint[]): OpResult {
  const entry = kpisMap(doc).get(id);
  if (!entry) return fail('not-found', 'That KPI does not exist.');
  const problems = planProblems(points);
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  const plan = entry.get('plan') as Y.Array<PlanPoint>;
  const next = sortedPlan(points);
  const current = plan.toArray();
  const same = current.length === next.length && current.every((p, i) => p.at === next[i]!.at && p.value === next[i]!.value);
  if (same) return ok();
  doc.transact(() => {
    plan.delete(0, plan.length);
    plan.push(next);
  });
  return ok();
}

/**
 * Archives a KPI (DESIGN §3 `archived`: deleting means archiving). An archived KPI raises no
 * finding and leaves every impact chain; its readings, plan and the nodes that point at it stay as
 * they are, so `restoreKpi` brings it back exactly as it was. Archiving twice writes nothing.
 * `by` (kept as `archivedBy`) is who archived it: the log entry that resolves its triage item
 * names them, since the rules did not clear its findings (SPEC T5).
 */
export function archiveKpi(doc: Y.Doc, id: string, by: string | null): OpResult {
  return setArchivedFlag(doc, kpisMap(doc), id, true, 'That KPI does not exist.', by);
}

/** Brings an archived KPI back, forgetting who archived it; restoring one that is not archived writes nothing. */
export function restoreKpi(doc: Y.Doc, id: string): OpResult {
  return setArchivedFlag(doc, kpisMap(doc), id, false, 'That KPI does not exist.');
}

/** Who archived a KPI that is archived, as `archiveKpi` stored it; null when unknown or not archived. */
export function kpiArchivedBy(doc: Y.Doc, id: string): string | null {
  return archivedBy(kpisMap(doc), id);
}

function readDefinition(entry: EntryMap): Partial<KpiDefinition> {
  const definition: Record<string, unknown> = {};
  for (const key of DEFINITION_KEYS) definition[key] = entry.get(key);
  return definition as Partial<KpiDefinition>;
}
