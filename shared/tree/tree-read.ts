import { refreshOf } from '../schema/view-cache';
import type { NodeView, WorkspaceView } from '../schema/view-types';

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
  /** How many nodes are shown. */
  readonly size: number;
  /**
   * The parent a node is shown under (null for a root), or undefined when it is not shown: what
   * `parentOf.get(id)` answers, without building `parentOf` (the rules' impact walks need only this).
   */
  shownParent(id: string): string | null | undefined;
  /** The integer slots the tree is read on, for walks over the whole workspace (rollup/impact-graph). */
  readonly slots: TreeSlots;
}

/**
 * A tree's nodes as integer slots: every node of the view, shown or not. A shown node's parent is
 * shown too, so a walk that starts on shown slots and climbs `parent` stays on shown slots.
 */
export interface TreeSlots {
  /** Slot → node id. */
  readonly ids: readonly string[];
  /** Slot → the slot of the parent the node is shown under, or -1 for a root (and for a hidden node's broken link). */
  readonly parent: Int32Array;
  /** Slot → 1 when the node is shown. */
  readonly visible: Uint8Array;
  slotOf(id: string): number | undefined;
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
  const tree = carriedOver(view.nodes) ?? buildTree(view.nodes);
  trees.set(view.nodes, tree);
  return tree;
}

/** Trees by the nodes map they were read from: views share that map while no node changed. */
const trees = new WeakMap<ReadonlyMap<string, NodeView>, TreeView>();

/**
 * The tree of the views `nodes` was refreshed from, when every node re-read kept what the tree is
 * made of (its place: parent, order, archiving) and none came or went: typing in a title, or
 * setting a status, leaves the tree as it was.
 */
function carriedOver(nodes: ReadonlyMap<string, NodeView>): TreeView | undefined {
  const refresh = refreshOf(nodes);
  const tree = refresh && trees.get(refresh.from);
  if (!refresh || !tree) return undefined;
  return refresh.ids.every((id) => samePlace(refresh.from.get(id), nodes.get(id))) ? tree : undefined;
}

/** Whether a node re-read sits where it did: both views exist, with one parent, order and archiving. */
function samePlace(before: NodeView | undefined, after: NodeView | undefined): boolean {
  return before !== undefined && after !== undefined && before.parent === after.parent && before.order === after.order && before.archived === after.archived;
}

/** The children of every leaf: one shared, frozen empty list rather than thousands of new ones. */
const NO_CHILDREN: readonly string[] = Object.freeze([]);

/**
 * The tree on integer slots. What every reader needs (which nodes are shown, and under which
 * parent) is computed at once; the ordered lists and maps (`roots`, `children`, `parentOf`,
 * `preorder`) are built together on first use, since sorting siblings and filling three maps of
 * every node is most of the cost and the rules on a freshly loaded workspace need none of them.
 */
class SlotTree implements TreeView, TreeSlots {
  readonly cycleBreaks: readonly string[];
  readonly size: number;
  private walked: Pick<TreeView, 'roots' | 'children' | 'parentOf' | 'preorder'> | null = null;

  constructor(
    readonly ids: readonly string[],
    private readonly orders: readonly string[],
    private readonly slot: ReadonlyMap<string, number>,
    readonly parent: Int32Array,
    readonly visible: Uint8Array,
    cycleBreaks: readonly string[],
  ) {
    this.cycleBreaks = cycleBreaks;
    let size = 0;
    for (let i = 0; i < visible.length; i++) size += visible[i]!;
    this.size = size;
  }

  get roots(): readonly string[] {
    return this.walk().roots;
  }

  get children(): ReadonlyMap<string, readonly string[]> {
    return this.walk().children;
  }

  get parentOf(): ReadonlyMap<string, string | null> {
    return this.walk().parentOf;
  }

  get preorder(): readonly string[] {
    return this.walk().preorder;
  }

  get slots(): TreeSlots {
    return this;
  }

  slotOf(id: string): number | undefined {
    return this.slot.get(id);
  }

  shownParent(id: string): string | null | undefined {
    const i = this.slot.get(id);
    if (i === undefined || !this.visible[i]) return undefined;
    const p = this.parent[i]!;
    return p === NO_PARENT ? null : this.ids[p]!;
  }

  /** Siblings in order (compareByOrder: the order key, then the id), parents before children. */
  private walk(): Pick<TreeView, 'roots' | 'children' | 'parentOf' | 'preorder'> {
    if (this.walked) return this.walked;
    const { ids, orders, parent, visible } = this;
    const count = ids.length;
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
    const bySiblingOrder = (a: number, b: number) =>
      orders[a]! < orders[b]! ? -1 : orders[a]! > orders[b]! ? 1 : ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0;
    const roots = rootSlots.sort(bySiblingOrder).map((i) => ids[i]!);
    const children = new Map<string, readonly string[]>();
    const parentOf = new Map<string, string | null>();
    const preorder: string[] = [];
    const stack = [...rootSlots].reverse();
    const kids: number[] = [];
    while (stack.length > 0) {
      const i = stack.pop()!;
      const id = ids[i]!;
      preorder.push(id);
      parentOf.set(id, parent[i] === NO_PARENT ? null : ids[parent[i]!]!);
      const first = firstChild[i]!;
      if (first === NO_CHILD) {
        children.set(id, NO_CHILDREN);
        continue;
      }
      kids.length = 0;
      for (let k = first; k !== NO_CHILD; k = nextSibling[k]!) kids.push(k);
      if (kids.length > 1) kids.sort(bySiblingOrder);
      const childIds = new Array<string>(kids.length);
      for (let k = 0; k < kids.length; k++) childIds[k] = ids[kids[k]!]!;
      children.set(id, childIds);
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
    }
    this.walked = { roots, children, parentOf, preorder };
    return this.walked;
  }
}

function buildTree(nodeViews: ReadonlyMap<string, NodeView>): TreeView {
  const nodes = [...nodeViews.values()];
  const count = nodes.length;
  const ids = new Array<string>(count);
  const orders = new Array<string>(count);
  const slot = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const node = nodes[i]!;
    ids[i] = node.id;
    orders[i] = node.order;
    slot.set(node.id, i);
  }
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const p = nodes[i]!.parent;
    parent[i] = p === null ? NO_PARENT : (slot.get(p) ?? NO_PARENT);
  }
  const cycleBreaks = breakCycles(nodes, parent);
  return new SlotTree(ids, orders, slot, parent, visibility(nodes, parent), cycleBreaks);
}

/**
 * Each node has at most one parent, so every cycle is a simple loop reached by walking up.
 * Walk up from each unvisited node marking the path; meeting a node on the path closes a loop,
 * which is cut above its smallest id. Every node is walked once.
 */
function breakCycles(nodes: readonly NodeView[], parent: Int32Array): string[] {
  const state = new Uint8Array(nodes.length);
  const broken: string[] = [];
  const path = new PathStack(nodes.length);
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== UNKNOWN) continue;
    path.clear();
    let i = start;
    while (i !== NO_PARENT && state[i] === UNKNOWN) {
      state[i] = ON_PATH;
      path.push(i);
      i = parent[i]!;
    }
    if (i !== NO_PARENT && state[i] === ON_PATH) {
      let smallest = i;
      for (let at = path.lastIndexOf(i); at < path.depth; at++) {
        if (nodes[path.at(at)]!.id < nodes[smallest]!.id) smallest = path.at(at);
      }
      parent[smallest] = NO_PARENT;
      broken.push(nodes[smallest]!.id);
    }
    for (let at = 0; at < path.depth; at++) state[path.at(at)] = SETTLED;
  }
  return broken.sort();
}

/** A node is shown when neither it nor any ancestor is archived (walks up once per node). */
function visibility(nodes: readonly NodeView[], parent: Int32Array): Uint8Array {
  const known = new Uint8Array(nodes.length);
  const shown = new Uint8Array(nodes.length);
  const path = new PathStack(nodes.length);
  for (let start = 0; start < nodes.length; start++) {
    path.clear();
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
    for (let at = 0; at < path.depth; at++) {
      known[path.at(at)] = 1;
      shown[path.at(at)] = result;
    }
    if (i !== NO_PARENT && !known[i]) {
      known[i] = 1;
      shown[i] = 0;
    }
  }
  return shown;
}

/**
 * The slots of one walk up the tree, reused for every walk: emptying an array with `length = 0`
 * drops its storage, so each of the thousands of walks of a big tree would allocate anew.
 */
class PathStack {
  private readonly slots: Int32Array;
  depth = 0;

  constructor(capacity: number) {
    this.slots = new Int32Array(capacity);
  }

  clear(): void {
    this.depth = 0;
  }

  push(slot: number): void {
    this.slots[this.depth++] = slot;
  }

  at(index: number): number {
    return this.slots[index]!;
  }

  /** Where `slot` is on the path (it is on it at most once), or -1. */
  lastIndexOf(slot: number): number {
    for (let at = this.depth - 1; at >= 0; at--) if (this.slots[at] === slot) return at;
    return -1;
  }
}
