import { setEntry } from '../schema/plain-json';
import type { Subject } from '../schema/types';
import type { NodeView, WorkspaceView } from '../schema/view-types';
import type { TreeView } from '../tree/tree-read';
import { indexWorkspace, type WorkspaceIndex } from '../tree/workspace-index';

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

/** How big an impact is, for ordering findings and triage items: nodes and KPIs reached. */
export function impactSize(impact: Impact): number {
  return impact.nodes.length + impact.kpis.length;
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
  const index = indexWorkspace(view);
  const key = `${subject.type}:${subject.id}`;
  const known = index.impacts.get(key);
  if (known) return known;
  const impact = walk(view, index, startsOf(view, index, subject), subject.type === 'kpi' ? subject.id : null);
  index.impacts.set(key, impact);
  return impact;
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

function walk(view: WorkspaceView, index: WorkspaceIndex, starts: readonly string[], kpi: string | null): Impact {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  const kpis = new Set<string>(kpi !== null && view.kpis.get(kpi)?.archived === false ? [kpi] : []);
  const valued: NodeView[] = [];
  const tree = index.tree;
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const node = index.nodes.get(id)!;
    if (node.kpi !== null && index.nodesByKpi.has(node.kpi)) kpis.add(node.kpi);
    if (node.kind === 'initiative' && node.value) valued.push(node);
    const parent = tree.shownParent(id) ?? null;
    if (parent !== null && !seen.has(parent)) {
      seen.add(parent);
      queue.push(parent);
    }
    for (const dep of index.openDepsFrom.get(id) ?? []) {
      if (seen.has(dep.to)) continue;
      seen.add(dep.to);
      queue.push(dep.to);
    }
  }
  return {
    nodes: [...seen].sort(),
    kpis: [...kpis].sort(),
    valueAtRisk: lowestValues(valued, tree),
  };
}

/**
 * Sums the planned value of the initiatives that have no valued initiative below them in the
 * chain. Every ancestor of a reached node is reached too (the walk climbs the tree), so "below
 * it in the chain" is "a tree descendant among `valued`": mark the ancestors of each valued
 * initiative, stopping at one already marked, and count the unmarked ones.
 */
function lowestValues(valued: readonly NodeView[], tree: TreeView): ValueByUnit {
  if (valued.length === 0) return {};
  const hasValuedBelow = new Set<string>();
  for (const node of valued) {
    for (let up = tree.shownParent(node.id) ?? null; up !== null && !hasValuedBelow.has(up); up = tree.shownParent(up) ?? null) {
      hasValuedBelow.add(up);
    }
  }
  const sums = new Map<string, number>();
  for (const node of valued) {
    if (hasValuedBelow.has(node.id)) continue;
    const { unit, planned } = node.value!;
    sums.set(unit, (sums.get(unit) ?? 0) + planned);
  }
  const byUnit: Record<string, number> = {};
  for (const unit of [...sums.keys()].sort()) setEntry(byUnit, unit, sums.get(unit)!);
  return byUnit;
}
