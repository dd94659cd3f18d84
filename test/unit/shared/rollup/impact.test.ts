import { describe, expect, it } from 'vitest';
import { impactOf, impactOfSubject } from '../../../../shared/rollup/impact';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { completeDependency } from '../../../../shared/tree/dependency-handshake';
import { addDependency, addKpi, addTreeNode, day, newWorkspace } from '../../support/workspace-fixtures';

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
      valueAtRisk: 350,
      valueUnits: ['kUSD'],
    });
  });

  it('terminates on dependency loops and counts each node once', () => {
    const doc = newWorkspace();
    const a = addTreeNode(doc, { value: { planned: 10, realised: 0, unit: 'kUSD' } });
    const b = addTreeNode(doc, { value: { planned: 20, realised: 0, unit: 'kUSD' } });
    addDependency(doc, { from: a, to: b, needBy: day(10) });
    addDependency(doc, { from: b, to: a, needBy: day(10) });
    expect(impactOf(readWorkspaceView(doc), a)).toMatchObject({ nodes: [a, b].sort(), valueAtRisk: 30 });
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
    expect(impactOf(view, 'missing')).toEqual({ nodes: [], kpis: [], valueAtRisk: 0, valueUnits: [] });
  });
});
