import * as Y from 'yjs';
import type { Finding, Rule, RuleParams } from '../../../shared/rules/finding';
import { resolveParams } from '../../../shared/rules/index';
import { createDependency, type NewDependency } from '../../../shared/schema/dependency-accessors';
import { createKpi, type NewKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { appendReadings } from '../../../shared/schema/readings';
import { addDays, DAY_MS, formatDay } from '../../../shared/schema/utc-dates';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';
import { initWorkspace } from '../../../shared/schema/workspace';
import { addNode, type NewTreeNode } from '../../../shared/tree/tree-ops';

/** A fixed "now" for rules: Monday 17 November 2025, midday UTC. */
export const NOW = new Date('2025-11-17T12:00:00Z');
export const TODAY = formatDay(NOW.getTime());

/** The day `offset` days from NOW's date. */
export function day(offset: number): string {
  return addDays(TODAY, offset);
}

/** NOW moved by `offset` days: when something was done before NOW (a commitment made back then). */
export function nowAt(offset: number): Date {
  return new Date(NOW.getTime() + offset * DAY_MS);
}

export function newWorkspace(title = 'Test review'): Y.Doc {
  const doc = new Y.Doc();
  initWorkspace(doc, { title });
  return doc;
}

type KpiFixture = Partial<NewKpi> & { readings?: readonly (readonly [string, number])[] };

/**
 * A KPI (increase towards 100 by default, created at NOW) with readings given as [date, value]
 * pairs, appended through the validating writer as of NOW.
 */
export function addKpi(doc: Y.Doc, fixture: KpiFixture = {}, createdAt = NOW): string {
  const { readings = [], ...definition } = fixture;
  const id = unwrap(
    createKpi(doc, { name: 'Revenue', unit: 'kUSD', direction: 'increase', target: 100, ...definition } as NewKpi, createdAt),
  );
  if (readings.length > 0) {
    unwrap(appendReadings(doc, id, readings.map(([at, value]) => ({ at, value })), NOW));
  }
  return id;
}

/**
 * Appends readings as stored, without the writer's checks: what an old client, another tool or a
 * concurrent edit can leave in the document (a reading dated a year ahead, say).
 */
export function pushRawReadings(doc: Y.Doc, kpiId: string, readings: readonly (readonly [string, number])[]): void {
  const series = doc.getMap<Y.Map<unknown>>('kpis').get(kpiId)!.get('readings') as Y.Array<unknown>;
  series.push(readings.map(([at, value]) => ({ at, value, source: 'raw' })));
}

/** Sets a field of an entry as stored, without the writer's checks (a whitespace owner, say). */
export function setRaw(doc: Y.Doc, root: 'nodes' | 'kpis' | 'deps', id: string, field: string, value: unknown): void {
  doc.getMap<Y.Map<unknown>>(root).get(id)!.set(field, value);
}

export function addTreeNode(doc: Y.Doc, fields: Partial<NewTreeNode> = {}): string {
  return unwrap(addNode(doc, { kind: 'initiative', title: 'Launch', parent: null, owner: 'Ana', ...fields } as NewTreeNode));
}

export function addDependency(doc: Y.Doc, dep: NewDependency): string {
  return unwrap(createDependency(doc, dep));
}

/** Runs one rule the way the registry does: defaults overridden by `params`. */
export function run<P extends RuleParams>(doc: Y.Doc, rule: Rule<P>, params: Partial<P> = {}, now = NOW): Finding[] {
  const view = readWorkspaceView(doc);
  const resolved = resolveParams(rule as unknown as Rule, { enabled: true, params: params as Record<string, number> });
  return rule.evaluate(view, resolved as P, now);
}

/** The findings of one rule as [severity, subject id] pairs, for compact assertions. */
export function severities(findings: readonly Finding[]): [string, string][] {
  return findings.map((finding) => [finding.severity, finding.subject.id]);
}

/** Delivers every update of `from` that `to` lacks. */
export function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** A replica of `doc` with the same content (and a different client id). */
export function replicaOf(doc: Y.Doc): Y.Doc {
  const replica = new Y.Doc();
  sync(doc, replica);
  return replica;
}
