import { describe, expect, it } from 'vitest';
import { impactOf, impactOfSubject } from '../../../../shared/rollup/impact';
import { archiveKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { completeDependency } from '../../../../shared/tree/dependency-handshake';
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
    unwrap(archiveKpi(doc, kpi));
    const view = readWorkspaceView(doc);
    expect(impactOf(view, node).kpis).toEqual([]);
    expect(impactOfSubject(view, { type: 'kpi', id: kpi })).toEqual({ nodes: [], kpis: [], valueAtRisk: {} });
  });
});
