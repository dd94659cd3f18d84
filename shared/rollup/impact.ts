import { setEntry } from '../schema/plain-json';
import type { Subject } from '../schema/types';
import type { WorkspaceView } from '../schema/view-types';
import { indexWorkspace, type WorkspaceIndex } from '../tree/workspace-index';
import { ImpactGraph } from './impact-graph';

/** Planned value per unit, `{kUSD: 1200, kEUR: 50}`: never a sum across units (DESIGN §4). */
export type ValueByUnit = Readonly<Record<string, number>>;

/** What a problem puts at risk downstream. */
export interface Impact {
  /** Nodes reached, sorted by id. */
  readonly nodes: readonly string[];
  /** KPIs (not archived) measured by the nodes reached, and the KPI itself for a KPI subject, sorted. */
  readonly kpis: readonly string[];
  /**
   * `value.planned` of the initiatives reached, summed per unit (units in sorted order). An
   * initiative counts only when no initiative below it in the chain carries a value (a parent's
   * figure includes its children's), and each once (DESIGN §4 `dependency-slip`).
   */
  readonly valueAtRisk: ValueByUnit;
}

/**
 * Everything a node's trouble reaches: the node itself, its tree ancestors (a late initiative
 * holds back its key result and objective) and, through every dependency not yet done (nor
 * archived), the nodes that need it and in turn their ancestors and dependants. Breadth-first
 * over visible nodes, each visited once.
 *
 * @example
 * impactOf(view, 'warehouse-cutover') // { nodes: [...], kpis: [...], valueAtRisk: { kUSD: 300 } }
 */
export function impactOf(view: WorkspaceView, nodeId: string): Impact {
  return impactOfSubject(view, { type: 'node', id: nodeId });
}

/** The impact of a finding's subject: a node, a KPI (the nodes it measures) or a dependency (its downstream). */
export function impactOfSubject(view: WorkspaceView, subject: Subject): Impact {
  const { walks, index } = walksOf(view);
  const key = subjectKey(subject);
  const known = walks.impacts.get(key);
  if (known) return known;
  const { graph, reach } = walkFrom(view, index, subject);
  const nodes = Array.from(reach.slots, (slot) => graph.ids[slot]!).sort();
  const impact: Impact = { nodes, kpis: [...reach.kpis].sort(), valueAtRisk: byUnit(reach.value) };
  walks.impacts.set(key, impact);
  return impact;
}

/** How many ids of each kind a chain in evidence lists. */
const CHAIN_IDS = 25;

/** What orders findings and triage items by their subject's impact (`impactSummaryOf`). */
export interface ImpactSummary {
  /** Nodes and KPIs reached. */
  readonly size: number;
  readonly valueAtRisk: ValueByUnit;
}

/**
 * A chain as a finding's evidence carries it: the first `CHAIN_IDS` node and KPI ids reached, in
 * id order, and how many there are in all. Evidence is stored in triage items, so it must not grow
 * with the workspace: a dependency ring anyone can write reaches thousands of nodes from each of
 * thousands of findings (SPEC H17).
 */
export interface EvidenceChain extends ImpactSummary {
  readonly chain: { readonly nodes: readonly string[]; readonly kpis: readonly string[]; readonly nodeCount: number; readonly kpiCount: number };
}

/** The size and value at risk of `impactOfSubject(view, subject)`, without listing what it reaches. */
export function impactSummaryOf(view: WorkspaceView, subject: Subject): ImpactSummary {
  const { walks, index } = walksOf(view);
  const key = subjectKey(subject);
  const known = walks.summaries.get(key) ?? walks.impacts.get(key);
  if (known) return 'size' in known ? known : { size: known.nodes.length + known.kpis.length, valueAtRisk: known.valueAtRisk };
  const { reach } = walkFrom(view, index, subject);
  const summary: ImpactSummary = { size: reach.slots.length + reach.kpis.size, valueAtRisk: byUnit(reach.value) };
  walks.summaries.set(key, summary);
  return summary;
}

/** The impact of `subject` as evidence carries it (`EvidenceChain`). */
export function evidenceChainOf(view: WorkspaceView, subject: Subject): EvidenceChain {
  const { walks, index } = walksOf(view);
  const key = subjectKey(subject);
  const known = walks.summaries.get(key);
  if (known && 'chain' in known) return known as EvidenceChain;
  const { graph, reach } = walkFrom(view, index, subject);
  const kpis = [...reach.kpis];
  const evidence: EvidenceChain = {
    size: reach.slots.length + reach.kpis.size,
    valueAtRisk: byUnit(reach.value),
    chain: {
      nodes: firstInOrder(reach.slots.length, (at) => graph.ids[reach.slots[at]!]!, CHAIN_IDS),
      kpis: firstInOrder(reach.kpis.size, (at) => kpis[at]!, CHAIN_IDS),
      nodeCount: reach.slots.length,
      kpiCount: reach.kpis.size,
    },
  };
  walks.summaries.set(key, evidence);
  return evidence;
}

/**
 * The impact walks of an index (`WorkspaceIndex.walks`), remembered by subject for this view and
 * every later one the index is handed on to, and the graph they walk, built on the first.
 */
export interface ImpactWalks {
  readonly impacts: Map<string, Impact>;
  readonly summaries: Map<string, ImpactSummary>;
  graph: ImpactGraph | null;
}

const subjectKey = (subject: Subject) => `${subject.type}:${subject.id}`;

function walksOf(view: WorkspaceView): { walks: ImpactWalks; index: WorkspaceIndex } {
  const index = indexWorkspace(view);
  return { walks: index.walks, index };
}

/** Walks the impact of `subject` on the index's graph, built on the index's first walk. */
function walkFrom(view: WorkspaceView, index: WorkspaceIndex, subject: Subject): { graph: ImpactGraph; reach: ReturnType<ImpactGraph['walk']> } {
  const graph = (index.walks.graph ??= new ImpactGraph(index));
  const starts: number[] = [];
  for (const id of startsOf(view, index, subject)) {
    const slot = graph.slotOf(id);
    if (slot !== undefined) starts.push(slot);
  }
  const kpi = subject.type === 'kpi' && view.kpis.get(subject.id)?.archived === false ? subject.id : null;
  return { graph, reach: graph.walk(starts, kpi) };
}

/**
 * The `limit` smallest of `count` ids (`idAt(0)` to `idAt(count - 1)`) in code-unit order, sorted:
 * what sorting them all and keeping the first `limit` gives, in one pass that mostly compares
 * each id with the largest kept.
 */
function firstInOrder(count: number, idAt: (at: number) => string, limit: number): string[] {
  const kept: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = idAt(i);
    if (kept.length === limit && id >= kept[limit - 1]!) continue;
    let at = kept.length === limit ? limit - 1 : kept.length;
    while (at > 0 && kept[at - 1]! > id) {
      kept[at] = kept[at - 1]!;
      at--;
    }
    kept[at] = id;
  }
  return kept;
}

/** Sums per unit as a plain record, units in sorted order. */
function byUnit(sums: ReadonlyMap<string, number>): ValueByUnit {
  const record: Record<string, number> = {};
  for (const unit of [...sums.keys()].sort()) setEntry(record, unit, sums.get(unit)!);
  return record;
}

/** The positive amounts of a value at risk as [unit, amount], largest first (then by unit): how sentences and figures list them. */
export function valueUnitsOf(value: ValueByUnit): [unit: string, amount: number][] {
  return Object.entries(value)
    .filter(([, amount]) => typeof amount === 'number' && Number.isFinite(amount) && amount > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function startsOf(view: WorkspaceView, index: WorkspaceIndex, subject: Subject): readonly string[] {
  switch (subject.type) {
    case 'node':
      return index.nodes.has(subject.id) ? [subject.id] : [];
    case 'kpi':
      return index.nodesByKpi.get(subject.id) ?? [];
    case 'dep': {
      const dep = view.deps.get(subject.id);
      return dep && !dep.archived && index.nodes.has(dep.to) ? [dep.to] : [];
    }
  }
}
