import type { ValueTarget } from '../schema/types';
import type { TreeSlots } from '../tree/tree-read';
import type { WorkspaceIndex } from '../tree/workspace-index';

/** TreeSlots' parent of a root. */
const NONE = -1;

/**
 * The visible nodes and the open dependencies between them as integer slots, for impact walks.
 * Every finding walks its subject's impact, and a walk can reach most of the workspace (a long
 * chain of dependencies, a deep tree): on string ids and sets each step hashes an id, and
 * thousands of findings each reaching thousands of nodes took seconds. On slots a step is a few
 * array reads. Built on the first walk of an index and shared by the indexes it is handed on to,
 * which have the same tree, dependencies, live KPIs and node kinds, KPIs and values.
 */
export class ImpactGraph {
  /** Slot → node id: the tree's slots (TreeSlots), so no map of every node is made again. */
  readonly ids: readonly string[];
  private readonly slots: TreeSlots;
  /** Slot → the slot of the parent the node is shown under, or NONE for a root. */
  private readonly parent: Int32Array;
  /** The slots the open dependencies from slot `s` lead to: `targets[firsts[s]]` up to `targets[firsts[s + 1]]`, in dependency id order. */
  private readonly firsts: Int32Array;
  private readonly targets: Int32Array;
  /** Slot → the KPI (not archived) a shown node measures itself by, or null. */
  private readonly kpiOf: readonly (string | null)[];
  /** Slot → a shown initiative's planned value, or null. */
  private readonly valueOf: readonly (ValueTarget | null)[];
  /** Slot → the walk that last reached it (`walks`), so nothing is cleared between walks. */
  private readonly reached: Int32Array;
  private readonly marked: Int32Array;
  private readonly queue: Int32Array;
  private walks = 0;

  constructor(index: WorkspaceIndex) {
    const slots = index.tree.slots;
    const count = slots.ids.length;
    const kpiOf = new Array<string | null>(count).fill(null);
    const valueOf = new Array<ValueTarget | null>(count).fill(null);
    for (const node of index.nodes.values()) {
      const slot = slots.slotOf(node.id)!;
      if (node.kpi !== null && index.nodesByKpi.has(node.kpi)) kpiOf[slot] = node.kpi;
      if (node.kind === 'initiative') valueOf[slot] = node.value;
    }
    // Dependencies grouped by their upstream's slot (counted, then placed), each group in the
    // index's order, which is by dependency id.
    const firsts = new Int32Array(count + 1);
    const fromSlots: number[] = [];
    for (const [from, deps] of index.openDepsFrom) {
      const slot = slots.slotOf(from)!;
      fromSlots.push(slot);
      firsts[slot + 1] = deps.length;
    }
    for (let slot = 0; slot < count; slot++) firsts[slot + 1]! += firsts[slot]!;
    const targets = new Int32Array(firsts[count]!);
    for (const slot of fromSlots) {
      let at = firsts[slot]!;
      for (const dep of index.openDepsFrom.get(slots.ids[slot]!)!) targets[at++] = slots.slotOf(dep.to)!;
    }
    this.ids = slots.ids;
    this.slots = slots;
    this.parent = slots.parent;
    this.firsts = firsts;
    this.targets = targets;
    this.kpiOf = kpiOf;
    this.valueOf = valueOf;
    this.reached = new Int32Array(count);
    this.marked = new Int32Array(count);
    this.queue = new Int32Array(count);
  }

  /** The slot of a shown node; undefined for any other id. */
  slotOf(id: string): number | undefined {
    const slot = this.slots.slotOf(id);
    return slot !== undefined && this.slots.visible[slot] ? slot : undefined;
  }

  /**
   * Breadth-first from `starts` over each node's shown parent, then the nodes its open
   * dependencies lead to (in dependency id order), each reached once: the reached slots in the
   * order reached (valid until the next walk), the live KPIs they measure (with `kpi` first when
   * given), and the value at risk per unit, summed in that order (DESIGN §4 `dependency-slip`).
   */
  walk(starts: readonly number[], kpi: string | null): { slots: Int32Array; kpis: Set<string>; value: Map<string, number> } {
    const walk = this.nextWalk();
    const { reached, queue, parent, firsts, targets, kpiOf, valueOf } = this;
    let tail = 0;
    for (const start of starts) {
      if (reached[start] === walk) continue;
      reached[start] = walk;
      queue[tail++] = start;
    }
    const kpis = new Set<string>(kpi === null ? [] : [kpi]);
    let valued = 0;
    for (let head = 0; head < tail; head++) {
      const slot = queue[head]!;
      const measured = kpiOf[slot]!;
      if (measured !== null) kpis.add(measured);
      if (valueOf[slot]) valued++;
      const up = parent[slot]!;
      if (up !== NONE && reached[up] !== walk) {
        reached[up] = walk;
        queue[tail++] = up;
      }
      for (let at = firsts[slot]!, end = firsts[slot + 1]!; at < end; at++) {
        const next = targets[at]!;
        if (reached[next] === walk) continue;
        reached[next] = walk;
        queue[tail++] = next;
      }
    }
    const slots = queue.subarray(0, tail);
    return { slots, kpis, value: valued === 0 ? new Map() : this.lowestValues(slots, walk) };
  }

  /**
   * Sums the planned value of the valued initiatives reached that have no valued initiative below
   * them in the chain. Every ancestor of a reached node is reached too (the walk climbs the tree),
   * so "below it in the chain" is "a tree descendant among the valued": mark the ancestors of
   * each valued initiative, stopping at one already marked, and count the unmarked ones.
   */
  private lowestValues(slots: Int32Array, walk: number): Map<string, number> {
    const { marked, parent, valueOf } = this;
    for (const slot of slots) {
      if (!valueOf[slot]) continue;
      for (let up = parent[slot]!; up !== NONE && marked[up] !== walk; up = parent[up]!) marked[up] = walk;
    }
    const sums = new Map<string, number>();
    for (const slot of slots) {
      const value = valueOf[slot];
      if (!value || marked[slot] === walk) continue;
      sums.set(value.unit, (sums.get(value.unit) ?? 0) + value.planned);
    }
    return sums;
  }

  private nextWalk(): number {
    // Stamps wrap after 2^31 walks: start the marks afresh then.
    if (this.walks === 0x7fffffff) {
      this.walks = 0;
      this.reached.fill(0);
      this.marked.fill(0);
    }
    return ++this.walks;
  }
}
