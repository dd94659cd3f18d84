import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTriagePolicy } from '../../../../shared/pivot/triage-policy';
import { evidenceChainOf, impactOf, impactOfSubject, impactSummaryOf } from '../../../../shared/rollup/impact';
import { evaluateRules } from '../../../../shared/rules/index';
import { readAgenda } from '../../../../shared/schema/agenda-read';
import type { Subject } from '../../../../shared/schema/types';
import { archiveKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { completeDependency } from '../../../../shared/tree/dependency-handshake';
import { seededRandom, testSeed } from '../../../support/random';
import { addDependency, addKpi, addTreeNode, day, newWorkspace, setRaw } from '../../support/workspace-fixtures';

describe('impactOf', () => {
  it('reaches ancestors and, through open dependencies, the nodes that need it and their ancestors', () => {
    const doc = newWorkspace();
    const arr = addKpi(doc, { name: 'ARR' });
    const objective = addTreeNode(doc, { kind: 'objective' });
    const kr = addTreeNode(doc, { kind: 'keyResult', parent: objective, kpi: arr });
    const late = addTreeNode(doc, { parent: kr, value: { planned: 100, realised: 0, unit: 'kUSD' } });
    const otherObjective = addTreeNode(doc, { kind: 'objective' });
    const needing = addTreeNode(doc, { parent: otherObjective, value: { planned: 250, realised: 50, unit: 'kUSD' } });
    const unrelated = addTreeNode(doc, { value: { planned: 999, realised: 0, unit: 'kUSD' } });
    addDependency(doc, { from: late, to: needing, needBy: day(10) });
    const done = addDependency(doc, { from: late, to: unrelated, needBy: day(10) });
    unwrap(completeDependency(doc, done));
    const impact = impactOf(readWorkspaceView(doc), late);
    expect(impact).toEqual({
      nodes: [objective, kr, late, otherObjective, needing].sort(),
      kpis: [arr],
      valueAtRisk: { kUSD: 350 },
    });
  });

  it('terminates on dependency loops and counts each node once', () => {
    const doc = newWorkspace();
    const a = addTreeNode(doc, { value: { planned: 10, realised: 0, unit: 'kUSD' } });
    const b = addTreeNode(doc, { value: { planned: 20, realised: 0, unit: 'kUSD' } });
    addDependency(doc, { from: a, to: b, needBy: day(10) });
    addDependency(doc, { from: b, to: a, needBy: day(10) });
    expect(impactOf(readWorkspaceView(doc), a)).toMatchObject({ nodes: [a, b].sort(), valueAtRisk: { kUSD: 30 } });
  });

  it('starts a KPI from the nodes it measures and a dependency from the node that needs it', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    const measured = addTreeNode(doc, { kind: 'keyResult', kpi });
    const from = addTreeNode(doc);
    const to = addTreeNode(doc);
    const dep = addDependency(doc, { from, to, needBy: day(10) });
    const view = readWorkspaceView(doc);
    expect(impactOfSubject(view, { type: 'kpi', id: kpi })).toMatchObject({ nodes: [measured], kpis: [kpi] });
    expect(impactOfSubject(view, { type: 'dep', id: dep })).toMatchObject({ nodes: [to], kpis: [] });
    expect(impactOf(view, 'missing')).toEqual({ nodes: [], kpis: [], valueAtRisk: {} });
  });
});

describe('[C10] value at risk', () => {
  const kUSD = (planned: number) => ({ planned, realised: 0, unit: 'kUSD' });

  it('sums per unit, never across units', () => {
    const doc = newWorkspace();
    const start = addTreeNode(doc, { value: kUSD(100) });
    const euro = addTreeNode(doc, { value: { planned: 40, realised: 0, unit: 'kEUR' } });
    const dollar = addTreeNode(doc, { value: kUSD(25) });
    // No writer stores a value without a unit, but another client can: it is its own "unit".
    const noUnit = addTreeNode(doc);
    setRaw(doc, 'nodes', noUnit, 'value', { planned: 7, realised: 0, unit: '' });
    for (const to of [euro, dollar, noUnit]) addDependency(doc, { from: start, to, needBy: day(10) });
    expect(impactOf(readWorkspaceView(doc), start).valueAtRisk).toEqual({ '': 7, kEUR: 40, kUSD: 125 });
  });

  // A parent initiative's figure includes its children's: count the lowest initiative that carries one.
  it.each([
    ['the child, under a valued parent', 'child', { kUSD: 300 }],
    ['the grandchild under a milestone, under a valued parent', 'grandchild', { kUSD: 120 }],
    ['the parent itself (its children are not reached)', 'parent', { kUSD: 900 }],
    ['a child without a value, under a valued parent', 'bare', { kUSD: 900 }],
  ] as const)('from %s: %j', (_label, start, expected) => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective' });
    const parent = addTreeNode(doc, { parent: objective, value: kUSD(900) });
    const child = addTreeNode(doc, { parent, value: kUSD(300) });
    const milestone = addTreeNode(doc, { kind: 'milestone', parent });
    const grandchild = addTreeNode(doc, { parent: milestone, value: kUSD(120) });
    const bare = addTreeNode(doc, { parent, value: null });
    const ids = { child, grandchild, parent, bare };
    expect(impactOf(readWorkspaceView(doc), ids[start]).valueAtRisk).toEqual(expected);
  });

  it('counts each initiative once however many paths reach it, and siblings both', () => {
    const doc = newWorkspace();
    const parent = addTreeNode(doc, { value: kUSD(900) });
    const a = addTreeNode(doc, { parent, value: kUSD(300) });
    const b = addTreeNode(doc, { parent, value: kUSD(200) });
    const start = addTreeNode(doc);
    addDependency(doc, { from: start, to: a, needBy: day(10) });
    addDependency(doc, { from: start, to: b, needBy: day(10) });
    addDependency(doc, { from: a, to: b, needBy: day(10) });
    // a and b are both below parent: 300 + 200, not 900 + 300 + 200 (the old contract said 1,400).
    expect(impactOf(readWorkspaceView(doc), start).valueAtRisk).toEqual({ kUSD: 500 });
  });

  it('[C9] leaves archived KPIs out of the chain', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    const node = addTreeNode(doc, { kind: 'keyResult', kpi });
    unwrap(archiveKpi(doc, kpi, null));
    const view = readWorkspaceView(doc);
    expect(impactOf(view, node).kpis).toEqual([]);
    expect(impactOfSubject(view, { type: 'kpi', id: kpi })).toEqual({ nodes: [], kpis: [], valueAtRisk: {} });
  });
});

describe('[H17] what findings keep of an impact', () => {
  /** A ring of `size` initiatives, each needing the next by a date ten days out: every dependency slips. */
  function ring(size: number): { doc: Y.Doc; nodes: string[]; deps: string[] } {
    const doc = newWorkspace();
    const nodes = Array.from({ length: size }, (_, i) => addTreeNode(doc, { title: `Step ${i}` }));
    const deps = nodes.map((from, i) => addDependency(doc, { from, to: nodes[(i + 1) % size]!, needBy: day(10) }));
    return { doc, nodes, deps };
  }

  it('evidence lists the first 25 node ids of a chain in id order, and how many it reaches', () => {
    const { doc, nodes, deps } = ring(60);
    const finding = evaluateRules(readWorkspaceView(doc), {}, new Date()).find((f) => f.subject.id === deps[0])!;
    expect(finding.evidence.chain).toEqual({ nodes: [...nodes].sort().slice(0, 25), kpis: [], nodeCount: 60, kpiCount: 0 });
    expect(finding.evidence.impact).toEqual({ size: 60, valueAtRisk: {} });
  });

  it('the triage items a ring of 300 dependencies raises each carry at most 25 ids of its chain', () => {
    const { doc } = ring(300);
    const view = readWorkspaceView(doc);
    applyTriagePolicy(doc, view, evaluateRules(view, view.rules, new Date()), new Date(), 'rules');
    const findings = readAgenda(doc).flatMap((item) => item.findings);
    const chains = findings.map((f) => f.evidence.chain as { nodes: string[]; nodeCount: number } | undefined).filter((chain) => chain !== undefined);
    expect(chains).toHaveLength(300);
    expect(chains.every((chain) => chain.nodes.length === 25 && chain.nodeCount === 300)).toBe(true);
  });

  it('size, value at risk and the listed chain are those of the whole impact, on random workspaces', () => {
    const seed = testSeed('impact summaries');
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let round = 0; round < 30; round++) {
      const doc = newWorkspace();
      const kpis = Array.from({ length: 3 }, () => addKpi(doc));
      const nodes: string[] = [];
      for (let i = 0; i < 40; i++) {
        const parent = nodes.length > 0 && random() < 0.8 ? pick(nodes) : null;
        const value = random() < 0.4 ? { planned: Math.floor(random() * 100), realised: 0, unit: pick(['kUSD', 'kEUR']) } : null;
        nodes.push(addTreeNode(doc, { parent, value, kpi: random() < 0.3 ? pick(kpis) : null }));
      }
      const deps = Array.from({ length: 25 }, () => {
        const from = pick(nodes);
        const to = pick(nodes.filter((id) => id !== from));
        return addDependency(doc, { from, to, needBy: day(10) });
      });
      if (random() < 0.5) unwrap(archiveKpi(doc, pick(kpis), null));
      const subjects: Subject[] = [
        ...nodes.map((id) => ({ type: 'node' as const, id })),
        ...kpis.map((id) => ({ type: 'kpi' as const, id })),
        ...deps.map((id) => ({ type: 'dep' as const, id })),
      ];
      // Each read on its own replica, so no function hands on what another worked out.
      const replica = () => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        return readWorkspaceView(copy);
      };
      const [whole, summaries, chains] = [replica(), replica(), replica()];
      for (const subject of subjects) {
        const impact = impactOfSubject(whole, subject);
        const expected = { size: impact.nodes.length + impact.kpis.length, valueAtRisk: impact.valueAtRisk };
        expect(impactSummaryOf(summaries, subject), JSON.stringify(subject)).toEqual(expected);
        expect(evidenceChainOf(chains, subject), JSON.stringify(subject)).toEqual({
          ...expected,
          chain: { nodes: impact.nodes.slice(0, 25), kpis: impact.kpis.slice(0, 25), nodeCount: impact.nodes.length, kpiCount: impact.kpis.length },
        });
      }
    }
  });
});
