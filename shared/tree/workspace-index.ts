import type { Impact } from '../rollup/impact';
import type { DepView, NodeView, WorkspaceView } from '../schema/view-types';
import { readTree, type TreeView } from './tree-read';

/**
 * Lookups built once per view and shared by every rule, the roll-ups and the impact walk, so
 * an evaluation stays linear in the size of the workspace however many rules ask.
 */
export interface WorkspaceIndex {
  readonly tree: TreeView;
  /** Visible (non-archived, reachable) nodes only: what rules and roll-ups see. In no particular order (`tree.preorder` has one). */
  readonly nodes: ReadonlyMap<string, NodeView>;
  /** Dependencies not archived whose both ends are visible, sorted by id. */
  readonly deps: readonly DepView[];
  /** Not-done dependencies by upstream node (`from`): where a slip travels downstream. */
  readonly openDepsFrom: ReadonlyMap<string, readonly DepView[]>;
  /** Visible nodes that measure themselves by each KPI not archived, sorted by id. */
  readonly nodesByKpi: ReadonlyMap<string, readonly string[]>;
  /** Impact walks already done in this evaluation, by subject (filled by rollup/impact). */
  readonly impacts: Map<string, Impact>;
}

const indexes = new WeakMap<WorkspaceView, WorkspaceIndex>();

/** The index of a view, built on first use and remembered for as long as the view lives. */
export function indexWorkspace(view: WorkspaceView): WorkspaceIndex {
  const known = indexes.get(view);
  if (known) return known;
  const tree = readTree(view);
  // Usually every node is shown: then the view's own map is the visible nodes, and copying
  // 5,000 entries into a new one would be a third of the cost of the index.
  const nodes = tree.size === view.nodes.size ? view.nodes : visibleNodes(view, tree.preorder);
  const deps: DepView[] = [];
  const openDepsFrom = new Map<string, DepView[]>();
  for (const dep of view.deps.values()) {
    if (dep.archived || !nodes.has(dep.from) || !nodes.has(dep.to)) continue;
    deps.push(dep);
    if (dep.state === 'done') continue;
    const list = openDepsFrom.get(dep.from);
    if (list) list.push(dep);
    else openDepsFrom.set(dep.from, [dep]);
  }
  deps.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const list of openDepsFrom.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  const nodesByKpi = new Map<string, string[]>();
  for (const node of nodes.values()) {
    if (node.kpi === null || view.kpis.get(node.kpi)?.archived !== false) continue;
    const list = nodesByKpi.get(node.kpi);
    if (list) list.push(node.id);
    else nodesByKpi.set(node.kpi, [node.id]);
  }
  for (const list of nodesByKpi.values()) list.sort();
  const index: WorkspaceIndex = { tree, nodes, deps, openDepsFrom, nodesByKpi, impacts: new Map() };
  indexes.set(view, index);
  return index;
}

function visibleNodes(view: WorkspaceView, preorder: readonly string[]): Map<string, NodeView> {
  const nodes = new Map<string, NodeView>();
  for (const id of preorder) nodes.set(id, view.nodes.get(id)!);
  return nodes;
}
