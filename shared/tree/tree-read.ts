import type { NodeView, WorkspaceView } from '../schema/view-types';
import { compareByOrder } from './fractional-index';

/** The objective tree as every screen shows it: visible nodes only, siblings in order. */
export interface TreeView {
  readonly roots: readonly string[];
  /** Ordered children of every visible node (an empty list for a leaf). */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** The parent each visible node is shown under; null for a root. */
  readonly parentOf: ReadonlyMap<string, string | null>;
  /** Visible nodes, parents before children, siblings in order (depth-first). */
  readonly preorder: readonly string[];
  /** Node ids whose stored parent was overridden to break a cycle, sorted. */
  readonly cycleBreaks: readonly string[];
}

const NO_PARENT = -1;
const NO_CHILD = -1;
const UNKNOWN = 0;
const ON_PATH = 1;
const SETTLED = 2;

/**
 * Reads the tree from parent pointers (DESIGN §3) in O(n log n), on integer slots rather than
 * string-keyed maps because the server does it on every evaluation:
 *
 * 1. A parent that does not exist makes the node a root.
 * 2. Two concurrent moves can make a cycle. Each cycle is broken at its node with the smallest
 *    id, which is shown under the root. Cycles depend only on the merged parent pointers, never
 *    on the order moves arrived in, so every replica shows the same tree.
 * 3. Archiving is deleting: an archived node and everything under it are not shown (and rules
 *    ignore them). Restoring the node brings the branch back as it was.
 */
export function readTree(view: Pick<WorkspaceView, 'nodes'>): TreeView {
  const known = trees.get(view.nodes);
  if (known) return known;
  const tree = buildTree(view.nodes);
  trees.set(view.nodes, tree);
  return tree;
}

/** Trees by the nodes map they were read from: views share that map while no node changed. */
const trees = new WeakMap<ReadonlyMap<string, NodeView>, TreeView>();

function buildTree(nodeViews: ReadonlyMap<string, NodeView>): TreeView {
  const nodes = [...nodeViews.values()];
  const count = nodes.length;
  const slot = new Map<string, number>();
  for (let i = 0; i < count; i++) slot.set(nodes[i]!.id, i);
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const p = nodes[i]!.parent;
    parent[i] = p === null ? NO_PARENT : (slot.get(p) ?? NO_PARENT);
  }
  const cycleBreaks = breakCycles(nodes, parent);
  const visible = visibility(nodes, parent);
  // Children as linked lists on slots rather than an array per node: most nodes are leaves.
  const firstChild = new Int32Array(count).fill(NO_CHILD);
  const nextSibling = new Int32Array(count).fill(NO_CHILD);
  const rootSlots: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue;
    const p = parent[i]!;
    if (p === NO_PARENT) {
      rootSlots.push(i);
    } else {
      nextSibling[i] = firstChild[p]!;
      firstChild[p] = i;
    }
  }
  const bySiblingOrder = (a: number, b: number) => compareByOrder(nodes[a]!, nodes[b]!);
  const roots = rootSlots.sort(bySiblingOrder).map((i) => nodes[i]!.id);
  const children = new Map<string, string[]>();
  const parentOf = new Map<string, string | null>();
  const preorder: string[] = [];
  const stack = [...rootSlots].reverse();
  while (stack.length > 0) {
    const i = stack.pop()!;
    const id = nodes[i]!.id;
    const kids: number[] = [];
    for (let k = firstChild[i]!; k !== NO_CHILD; k = nextSibling[k]!) kids.push(k);
    if (kids.length > 1) kids.sort(bySiblingOrder);
    preorder.push(id);
    parentOf.set(id, parent[i] === NO_PARENT ? null : nodes[parent[i]!]!.id);
    children.set(id, kids.map((k) => nodes[k]!.id));
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return { roots, children, parentOf, preorder, cycleBreaks };
}

/**
 * Each node has at most one parent, so every cycle is a simple loop reached by walking up.
 * Walk up from each unvisited node marking the path; meeting a node on the path closes a loop,
 * which is cut above its smallest id. Every node is walked once.
 */
function breakCycles(nodes: readonly NodeView[], parent: Int32Array): string[] {
  const state = new Uint8Array(nodes.length);
  const broken: string[] = [];
  const path: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== UNKNOWN) continue;
    path.length = 0;
    let i = start;
    while (i !== NO_PARENT && state[i] === UNKNOWN) {
      state[i] = ON_PATH;
      path.push(i);
      i = parent[i]!;
    }
    if (i !== NO_PARENT && state[i] === ON_PATH) {
      let smallest = i;
      for (let at = path.lastIndexOf(i); at < path.length; at++) {
        if (nodes[path[at]!]!.id < nodes[smallest]!.id) smallest = path[at]!;
      }
      parent[smallest] = NO_PARENT;
      broken.push(nodes[smallest]!.id);
    }
    for (const step of path) state[step] = SETTLED;
  }
  return broken.sort();
}

/** A node is shown when neither it nor any ancestor is archived (walks up once per node). */
function visibility(nodes: readonly NodeView[], parent: Int32Array): Uint8Array {
  const known = new Uint8Array(nodes.length);
  const shown = new Uint8Array(nodes.length);
  const path: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    path.length = 0;
    let i = start;
    let result = 1;
    while (i !== NO_PARENT) {
      if (known[i]) {
        result = shown[i]!;
        break;
      }
      if (nodes[i]!.archived) {
        result = 0;
        break;
      }
      path.push(i);
      i = parent[i]!;
    }
    for (const step of path) {
      known[step] = 1;
      shown[step] = result;
    }
    if (i !== NO_PARENT && !known[i]) {
      known[i] = 1;
      shown[i] = 0;
    }
  }
  return shown;
}
