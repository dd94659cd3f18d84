import type { ImpactWalks } from '../rollup/impact';
import type { DepView, NodeView, WorkspaceView } from '../schema/view-types';
import { refreshOf } from '../schema/view-cache';
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
  /** Impact walks already done, by subject (filled by rollup/impact): for this view and every later one the index is handed on to. */
  readonly walks: ImpactWalks;
}

const indexes = new WeakMap<WorkspaceView, WorkspaceIndex>();

/** The last index built on a nodes map, with what else it was built from. */
interface BuiltIndex {
  readonly deps: WorkspaceView['deps'];
  readonly liveKpis: ReadonlySet<string>;
  readonly index: WorkspaceIndex;
}
const byNodes = new WeakMap<WorkspaceView['nodes'], BuiltIndex>();

/**
 * The index of a view, built on first use and remembered for as long as the view lives. A view
 * read after a change that left the nodes and the dependencies alone (the view cache hands out the
 * same maps then) and archived or added no KPI gets the previous view's index, impact walks and
 * all: everything in it is made of those three. The usual change, a reading posted, is one. A
 * change to nodes that kept what the index reads of them hands it on too (`carriedOver`).
 */
export function indexWorkspace(view: WorkspaceView): WorkspaceIndex {
  const known = indexes.get(view);
  if (known) return known;
  const liveKpis = liveKpiIds(view);
  const built = byNodes.get(view.nodes);
  if (built && sameOtherInputs(built, view, liveKpis)) {
    indexes.set(view, built.index);
    return built.index;
  }
  const index = carriedOver(view, liveKpis) ?? buildIndex(view, liveKpis);
  indexes.set(view, index);
  byNodes.set(view.nodes, { deps: view.deps, liveKpis, index });
  return index;
}

/** Whether an index built on other views of these nodes was built from the same dependencies and live KPIs. */
function sameOtherInputs(built: BuiltIndex, view: WorkspaceView, liveKpis: ReadonlySet<string>): boolean {
  return built.deps === view.deps && sameMembers(built.liveKpis, liveKpis);
}

/**
 * The index of the views this view's nodes were refreshed from, with this view's nodes in it, when
 * the nodes re-read kept all the rest is made of: their place (the tree was carried over, see
 * readTree), kind, KPI and value. A title typed or a status set then costs no tree, no index and
 * no impact walk.
 */
function carriedOver(view: WorkspaceView, liveKpis: ReadonlySet<string>): WorkspaceIndex | undefined {
  const refresh = refreshOf(view.nodes);
  const built = refresh && byNodes.get(refresh.from);
  if (!refresh || !built || !sameOtherInputs(built, view, liveKpis)) return undefined;
  // The same tree means every node re-read is still there, where it was.
  const tree = readTree(view);
  if (tree !== built.index.tree) return undefined;
  for (const id of refresh.ids) {
    const before = refresh.from.get(id)!;
    const after = view.nodes.get(id)!;
    if (before.kind !== after.kind || before.kpi !== after.kpi || !sameValueTarget(before.value, after.value)) return undefined;
  }
  return { ...built.index, nodes: tree.size === view.nodes.size ? view.nodes : visibleNodes(view, tree.preorder) };
}

function sameValueTarget(a: NodeView['value'], b: NodeView['value']): boolean {
  return a === b || (a !== null && b !== null && a.planned === b.planned && a.realised === b.realised && a.unit === b.unit);
}

function buildIndex(view: WorkspaceView, liveKpis: ReadonlySet<string>): WorkspaceIndex {
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
    if (node.kpi === null || !liveKpis.has(node.kpi)) continue;
    const list = nodesByKpi.get(node.kpi);
    if (list) list.push(node.id);
    else nodesByKpi.set(node.kpi, [node.id]);
  }
  for (const list of nodesByKpi.values()) list.sort();
  return { tree, nodes, deps, openDepsFrom, nodesByKpi, walks: { impacts: new Map(), summaries: new Map(), graph: null } };
}

/** The KPIs not archived: what decides which nodes measure a live KPI, and which KPIs an impact reaches. */
function liveKpiIds(view: WorkspaceView): Set<string> {
  const live = new Set<string>();
  for (const kpi of view.kpis.values()) if (!kpi.archived) live.add(kpi.id);
  return live;
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}

function visibleNodes(view: WorkspaceView, preorder: readonly string[]): Map<string, NodeView> {
  const nodes = new Map<string, NodeView>();
  for (const id of preorder) nodes.set(id, view.nodes.get(id)!);
  return nodes;
}
