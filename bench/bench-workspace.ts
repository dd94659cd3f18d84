import * as Y from 'yjs';
import { seededRandom } from '../test/support/random';
import type { NodeKind, NodeStatus } from '../shared/schema/constants';
import { createDependency } from '../shared/schema/dependency-accessors';
import { createKpi } from '../shared/schema/kpi-accessors';
import { createNode } from '../shared/schema/node-accessors';
import { unwrap } from '../shared/schema/op-result';
import { appendReadings } from '../shared/schema/readings';
import { initWorkspace } from '../shared/schema/workspace';
import { addDays, formatDay } from '../shared/schema/utc-dates';
import { commitDependency } from '../shared/tree/dependency-handshake';
import { keyBetween } from '../shared/tree/fractional-index';

export interface BenchShape {
  nodes: number;
  kpis: number;
  readingsPerKpi: number;
  deps: number;
}

const STATUSES: NodeStatus[] = ['not-started', 'on-track', 'on-track', 'on-track', 'on-track', 'at-risk', 'off-track'];

/**
 * A large workspace that is busy but plausible: one intent, then objectives, key results,
 * initiatives and milestones in the proportions of a big company's tree; KPIs with weekly
 * readings, most on plan, some behind (amber) and a few far behind (red); a few percent of work
 * overdue, unowned or low in confidence; dependencies mostly committed on time, some slipping.
 * Every rule has findings to produce, a few hundred in all, as a bad week would have.
 */
export function buildBenchWorkspace(doc: Y.Doc, shape: BenchShape, now: Date, random = seededRandom(42)): void {
  const today = formatDay(now.getTime());
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const between = (low: number, high: number) => low + random() * (high - low);
  doc.transact(() => {
    initWorkspace(doc, { title: 'Benchmark review' });
    const start = addDays(today, -7 * shape.readingsPerKpi + 3);
    const end = addDays(today, 60);
    const kpiIds: string[] = [];
    for (let k = 0; k < shape.kpis; k++) {
      const target = Math.round(between(1000, 10000));
      const id = unwrap(
        createKpi(doc, {
          name: `KPI ${k}`,
          unit: 'kUSD',
          direction: 'increase',
          target,
          startDate: start,
          targetDate: end,
          plan: [
            { at: start, value: target * 0.2 },
            { at: end, value: target },
          ],
        }),
      );
      const pace = chance(0.03) ? between(0.7, 0.8) : chance(0.1) ? between(0.86, 0.94) : between(0.97, 1.05);
      const span = shape.readingsPerKpi * 7 + 57;
      const readings = Array.from({ length: shape.readingsPerKpi }, (_, week) => ({
        at: addDays(start, 7 * week),
        value: Math.round(target * (0.2 + (0.8 * 7 * week) / span) * pace * 100) / 100,
        source: 'bench',
      }));
      unwrap(appendReadings(doc, id, readings, now));
      kpiIds.push(id);
    }
    const byKind: Record<NodeKind, string[]> = { intent: [], objective: [], keyResult: [], initiative: [], milestone: [] };
    const lastChildKey = new Map<string | null, string>();
    const add = (kind: NodeKind, parent: string | null, n: number) => {
      const order = keyBetween(lastChildKey.get(parent) ?? null, null);
      lastChildKey.set(parent, order);
      const rated = kind === 'initiative' || kind === 'keyResult';
      const confidence = rated ? (chance(0.04) ? Math.round(between(0.1, 0.39) * 100) / 100 : Math.round(between(0.45, 0.95) * 100) / 100) : null;
      const dueOffset = Math.floor(between(-10, 120));
      const id = unwrap(
        createNode(doc, {
          kind,
          title: `${kind} ${n}`,
          parent,
          order,
          owner: chance(0.98) ? `Person ${Math.floor(random() * 300)}` : null,
          team: pick(['Platform', 'Growth', 'Sales', 'Finance', 'Customer Success']),
          due: addDays(today, dueOffset),
          status: dueOffset < 0 && chance(0.85) ? 'done' : pick(STATUSES),
          progress: Math.round(random() * 100) / 100,
          weight: 1 + Math.floor(random() * 3),
          kpi: kind === 'keyResult' || (kind === 'initiative' && chance(0.2)) ? pick(kpiIds) : null,
          confidence,
          confidenceNote: confidence !== null && confidence < 0.4 ? 'Benchmark note' : null,
          value: kind === 'initiative' ? { planned: Math.floor(random() * 500), realised: 0, unit: 'kUSD' } : null,
        }),
      );
      byKind[kind].push(id);
      return id;
    };
    const intent = add('intent', null, 0);
    const layout: [NodeKind, NodeKind, number][] = [
      ['objective', 'intent', Math.round(shape.nodes * 0.005)],
      ['keyResult', 'objective', Math.round(shape.nodes * 0.05)],
      ['initiative', 'keyResult', Math.round(shape.nodes * 0.3)],
    ];
    for (const [kind, parentKind, count] of layout) {
      for (let i = 0; i < count; i++) add(kind, kind === 'objective' ? intent : pick(byKind[parentKind]), i);
    }
    const used = 1 + layout.reduce((sum, [, , count]) => sum + count, 0);
    for (let i = 0; i < shape.nodes - used; i++) add('milestone', pick(byKind.initiative), i);
    const workItems = [...byKind.initiative, ...byKind.milestone];
    for (let d = 0; d < shape.deps; d++) {
      const from = pick(workItems);
      let to = pick(workItems);
      while (to === from) to = pick(workItems);
      const needBy = Math.floor(between(20, 120));
      const id = unwrap(createDependency(doc, { from, to, needBy: addDays(today, needBy) }));
      if (chance(0.9)) {
        const late = chance(0.08);
        unwrap(commitDependency(doc, id, addDays(today, needBy + (late ? Math.floor(between(1, 20)) : -Math.floor(between(0, 15)))), now));
      }
    }
  });
}

/** One reading appended to one KPI: the change the "after one change" line measures. */
export function appendOneReading(doc: Y.Doc, now: Date, value: number): void {
  const kpi = doc.getMap<Y.Map<unknown>>('kpis').keys().next().value as string;
  unwrap(appendReadings(doc, kpi, [{ at: now.toISOString(), value, source: 'bench' }], now));
}
