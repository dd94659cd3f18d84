import type { Subject } from '../schema/types';
import type { WorkspaceView } from '../schema/view-types';
import { indexWorkspace, type WorkspaceIndex } from '../tree/workspace-index';

/** What a problem puts at risk downstream. */
export interface Impact {
  /** Nodes reached, sorted by id. */
  readonly nodes: readonly string[];
  /** KPIs measured by the nodes reached (and the KPI itself for a KPI subject), sorted. */
  readonly kpis: readonly string[];
  /** Sum of `value.planned` over the initiatives reached (DESIGN §4 dependency-slip). */
  readonly valueAtRisk: number;
  /** The units of the values summed; more than one means the sum mixes currencies. */
  readonly valueUnits: readonly string[];
}

/** How big an impact is, for ordering findings and triage items: nodes and KPIs reached. */
export function impactSize(impact: Impact): number {
  return impact.nodes.length + impact.kpis.length;
}

/**
 * Everything a node's trouble reaches: the node itself, its tree ancestors (a late initiative
 * holds back its key result and objective) and, through every dependency not yet done, the
 * nodes that need it and in turn their ancestors and dependants. Breadth-first over visible
 * nodes, each visited once.
 *
 * @example
 * impactOf(view, 'warehouse-cutover') // { nodes: [...], kpis: [...], valueAtRisk: 300, valueUnits: ['kUSD'] }
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

function startsOf(view: WorkspaceView, index: WorkspaceIndex, subject: Subject): readonly string[] {
  switch (subject.type) {
    case 'node':
      return index.nodes.has(subject.id) ? [subject.id] : [];
    case 'kpi':
      return index.nodesByKpi.get(subject.id) ?? [];
    case 'dep': {
      const dep = view.deps.get(subject.id);
      return dep && index.nodes.has(dep.to) ? [dep.to] : [];
    }
  }
}

function walk(view: WorkspaceView, index: WorkspaceIndex, starts: readonly string[], kpi: string | null): Impact {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  const kpis = new Set<string>(kpi !== null && view.kpis.has(kpi) ? [kpi] : []);
  let valueAtRisk = 0;
  const units = new Set<string>();
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const node = index.nodes.get(id)!;
    if (node.kpi !== null && view.kpis.has(node.kpi)) kpis.add(node.kpi);
    if (node.kind === 'initiative' && node.value) {
      valueAtRisk += node.value.planned;
      units.add(node.value.unit);
    }
    const parent = index.tree.parentOf.get(id) ?? null;
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
    valueAtRisk,
    valueUnits: [...units].sort(),
  };
}
