import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { evaluateRules } from '../../../shared/rules/index';
import { computeRollups } from '../../../shared/rollup/rollups';
import { createDependency } from '../../../shared/schema/dependency-accessors';
import { updateNode } from '../../../shared/schema/node-accessors';
import { appendReadings } from '../../../shared/schema/readings';
import { workspaceToJson } from '../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';
import { commitDependency } from '../../../shared/tree/dependency-handshake';
import type { WorkspaceView } from '../../../shared/schema/view-types';
import { readTree } from '../../../shared/tree/tree-read';
import { addNode, archiveNode, moveNode, reorderNode, restoreNode } from '../../../shared/tree/tree-ops';
import { addKpi, day, newWorkspace, NOW, nowAt } from '../support/workspace-fixtures';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`convergence property seed: ${seed} (replay with FC_SEED=${seed})`);

const REPLICAS = 3;
const KINDS = ['add', 'move', 'reorder', 'archive', 'restore', 'title', 'status', 'readings', 'kpi', 'dependency', 'deliver'] as const;
/** Moves are what make cycles, so they come up most; deliveries are rarer, so replicas diverge for a while. */
const WEIGHTS: Record<(typeof KINDS)[number], number> = {
  add: 3, move: 6, reorder: 2, archive: 1, restore: 1, title: 2, status: 2, readings: 2, kpi: 1, dependency: 2, deliver: 2,
};

const operation = fc.record({
  kind: fc.oneof(...KINDS.map((kind) => ({ arbitrary: fc.constant(kind), weight: WEIGHTS[kind] }))),
  replica: fc.nat({ max: REPLICAS - 1 }),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat({ max: 40 }),
  text: fc.string({ maxLength: 6 }),
});
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** One replica: its document and every update it made itself, in order. */
interface Replica {
  doc: Y.Doc;
  made: Uint8Array[];
  /** How many of each other replica's updates it has received. */
  received: number[];
}

function pickFrom<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** A small deterministic generator (mulberry32) for delivery order, seeded by fast-check. */
function shuffler(state: number) {
  return <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const j = (((t ^ (t >>> 14)) >>> 0) % (i + 1)) as number;
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
}

function apply(replicas: Replica[], op: Operation, shuffle: <T>(items: T[]) => T[]): void {
  const doc = replicas[op.replica]!.doc;
  const view = readWorkspaceView(doc);
  const all = [...view.nodes.keys()].sort();
  const visible = readTree(view).preorder;
  const kpi = pickFrom([...view.kpis.keys()].sort(), op.b)!;
  const node = pickFrom(visible, op.a);
  const other = pickFrom(visible, op.b);
  switch (op.kind) {
    case 'add':
      addNode(doc, { kind: 'initiative', title: op.text || 'New', parent: op.b % 3 === 0 ? null : (other ?? null), index: op.c, owner: op.a % 4 === 0 ? null : 'Ana', due: day(op.c - 20) });
      return;
    case 'move':
      if (node) moveNode(doc, node, { parent: op.c % 4 === 0 ? null : (other ?? null), index: op.c });
      return;
    case 'reorder':
      if (node) reorderNode(doc, node, op.c);
      return;
    case 'archive':
      if (node) archiveNode(doc, node, null);
      return;
    case 'restore': {
      const archived = all.filter((id) => !visible.includes(id));
      const target = pickFrom(archived, op.a);
      if (target) restoreNode(doc, target);
      return;
    }
    case 'title':
      if (node) updateNode(doc, node, { title: `${op.text}${op.c}` });
      return;
    case 'status':
      if (node) updateNode(doc, node, { status: (['on-track', 'at-risk', 'off-track', 'done'] as const)[op.c % 4], kpi: op.b % 2 ? kpi : null });
      return;
    case 'readings':
      appendReadings(doc, kpi, [{ at: day(-(op.c % 30)), value: op.a % 200 }], NOW);
      return;
    case 'kpi':
      addKpi(doc, { name: `KPI ${op.text}`, target: 100, readings: [[day(-(op.c % 20)), op.a % 130]] });
      return;
    case 'dependency':
      if (node && other && node !== other) {
        const dep = createDependency(doc, { from: node, to: other, needBy: day(op.c) });
        // Committed a while back, so dates on either side of NOW converge too.
        if (dep.ok && op.a % 2 === 0) commitDependency(doc, dep.value, day(op.c + (op.b % 10) - 5), nowAt(-10));
      }
      return;
    case 'deliver':
      deliver(replicas, op.replica, (op.replica + 1 + (op.b % (REPLICAS - 1))) % REPLICAS, op.c % 4, shuffle);
      return;
  }
}

/** Delivers up to `count` (0: all) of `from`'s updates that `to` has not seen, in a shuffled order. */
function deliver(replicas: Replica[], from: number, to: number, count: number, shuffle: <T>(items: T[]) => T[]): void {
  const source = replicas[from]!;
  const target = replicas[to]!;
  const start = target.received[from]!;
  const end = count === 0 ? source.made.length : Math.min(source.made.length, start + count);
  for (const update of shuffle(source.made.slice(start, end))) Y.applyUpdate(target.doc, update, 'remote');
  target.received[from] = end;
}

function observable(doc: Y.Doc, reversed = false) {
  const read = readWorkspaceView(doc);
  const view = reversed ? reverseEntries(read) : read;
  const tree = readTree(view);
  const findings = evaluateRules(view, view.rules, NOW);
  return {
    json: JSON.stringify(workspaceToJson(doc)),
    tree: JSON.stringify({ roots: tree.roots, children: [...tree.children].sort(), cycleBreaks: tree.cycleBreaks }),
    findings: JSON.stringify(findings),
    rollups: JSON.stringify(Object.entries(computeRollups(view, findings)).sort()),
  };
}

/**
 * The same view with its maps in the opposite order. Documents yield entries in the order this
 * replica integrated them, so what every screen shows must not depend on that order.
 */
function reverseEntries(view: WorkspaceView): WorkspaceView {
  const reverse = <V>(map: ReadonlyMap<string, V>) => new Map([...map].reverse());
  return { ...view, nodes: reverse(view.nodes), kpis: reverse(view.kpis), deps: reverse(view.deps) };
}

describe('replicas converge', () => {
  it('to the same document, tree, findings and roll-ups whatever order updates arrive in', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 5, maxLength: 40 }), fc.integer(), (operations, deliverySeed) => {
        const origin = newWorkspace();
        addKpi(origin, { target: 100, readings: [[day(-7), 90]] });
        for (const title of ['Growth', 'Margin', 'Retention', 'Platform']) addNode(origin, { kind: 'objective', title, parent: null });
        const replicas: Replica[] = Array.from({ length: REPLICAS }, (_, i) => {
          const doc = new Y.Doc();
          doc.clientID = i + 1;
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
          const replica: Replica = { doc, made: [], received: Array(REPLICAS).fill(0) };
          doc.on('update', (update: Uint8Array, from: unknown) => {
            if (from !== 'remote') replica.made.push(update);
          });
          return replica;
        });
        const shuffle = shuffler(deliverySeed);
        for (const op of operations) apply(replicas, op, shuffle);
        for (const to of shuffle([...replicas.keys()])) {
          for (const from of shuffle([...replicas.keys()])) if (from !== to) deliver(replicas, from, to, 0, shuffle);
        }
        const [first, ...rest] = replicas.map((replica) => observable(replica.doc));
        for (const other of rest) expect(other).toEqual(first);
        expect(observable(replicas[0]!.doc, true)).toEqual(first);
      }),
      { seed, numRuns: 150 },
    );
  });
});
