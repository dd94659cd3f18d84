import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { computeRollups } from '../../../../shared/rollup/rollups';
import { evaluateRules } from '../../../../shared/rules/index';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { writeRuleSetting } from '../../../../shared/rules/rule-settings';
import { addDependency, addKpi, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';

function rollups(doc: Y.Doc) {
  const view = readWorkspaceView(doc);
  return computeRollups(view, evaluateRules(view, view.rules, NOW));
}

describe('computeRollups: progress', () => {
  it("rolls a parent's progress up as the weighted mean of its children, through every level", () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', progress: 0.9 });
    const kr = addTreeNode(doc, { kind: 'keyResult', parent: objective, weight: 3 });
    addTreeNode(doc, { parent: kr, progress: 1 });
    addTreeNode(doc, { parent: kr, progress: 0 });
    addTreeNode(doc, { kind: 'keyResult', parent: objective, progress: 0.1, weight: 1 });
    const result = rollups(doc);
    expect(result[kr]!.progress).toBe(0.5);
    expect(result[objective]!.progress).toBeCloseTo(0.4);
    // What the progress is rolled up from: the details show it instead of a figure to type (C22).
    expect([result[kr]!.from, result[objective]!.from]).toEqual([2, 2]);
  });

  it('leaves archived children out, and a parent whose children all weigh 0 keeps its own progress', () => {
    const doc = newWorkspace();
    const parent = addTreeNode(doc, { progress: 0.3 });
    addTreeNode(doc, { parent, progress: 1 });
    unwrap(archiveNode(doc, addTreeNode(doc, { parent, progress: 0 }), null));
    expect(rollups(doc)[parent]!.progress).toBe(1);
    expect(rollups(doc)[parent]!.from).toBe(1);
    const weightless = addTreeNode(doc, { progress: 0.3 });
    addTreeNode(doc, { parent: weightless, progress: 1, weight: 0 });
    expect(rollups(doc)[weightless]!.progress).toBe(0.3);
    expect(rollups(doc)[weightless]!.from).toBe(0);
  });
});

describe('computeRollups: health', () => {
  it('takes the worst of own status, children, KPI band and findings on the node', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', status: 'on-track' });
    const atRisk = addTreeNode(doc, { parent: objective, status: 'at-risk' });
    const fine = addTreeNode(doc, { status: 'on-track' });
    expect(rollups(doc)[objective]!.health).toBe('amber');
    expect(rollups(doc)[atRisk]!.health).toBe('amber');
    expect(rollups(doc)[fine]!.health).toBe('green');

    const redKpi = addKpi(doc, { target: 100, readings: [[day(-1), 50]] });
    const measured = addTreeNode(doc, { kind: 'keyResult', kpi: redKpi, status: 'on-track' });
    expect(rollups(doc)[measured]!.health).toBe('red');

    const unowned = addTreeNode(doc, { kind: 'objective', owner: null, status: 'on-track' });
    expect(rollups(doc)[unowned]!.health).toBe('amber');
  });

  it('[C11] colours the node waiting on a red dependency, and its ancestors, never the upstream (the old contract coloured nothing)', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', status: 'on-track' });
    const waiting = addTreeNode(doc, { parent: objective, status: 'on-track' });
    const upstream = addTreeNode(doc, { kind: 'milestone', status: 'on-track', due: day(20) });
    // Requested and not committed, needed in 5 days: dependency-slip is red on the dependency.
    const dep = addDependency(doc, { from: upstream, to: waiting, needBy: day(5) });
    const view = readWorkspaceView(doc);
    const findings = evaluateRules(view, view.rules, NOW);
    expect(findings.map((f) => [f.rule, f.subject.id, f.severity])).toEqual([['dependency-slip', dep, 'red']]);
    const result = computeRollups(view, findings);
    expect([result[waiting]!.health, result[objective]!.health, result[upstream]!.health]).toEqual(['red', 'red', 'green']);
  });

  it('[C11] colours the waiting node amber for an amber dependency finding', () => {
    const doc = newWorkspace();
    const waiting = addTreeNode(doc, { status: 'on-track' });
    const upstream = addTreeNode(doc, { kind: 'milestone', status: 'on-track', due: day(45) });
    // Due 15 days after it is needed, with the need-by date 30 days away: amber.
    addDependency(doc, { from: upstream, to: waiting, needBy: day(30) });
    expect(rollups(doc)[waiting]!.health).toBe('amber');
  });

  it('reports off-track as red and every visible node once', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { status: 'off-track' });
    unwrap(archiveNode(doc, addTreeNode(doc), null));
    const result = rollups(doc);
    expect(Object.keys(result)).toEqual([node]);
    expect(result[node]!.health).toBe('red');
  });
});

describe('[C23] computeRollups with the threshold rule off: not judged is not on track', () => {
  /** A key result measured by a KPI far behind its target (50 against 100: red while the rule is on). */
  function measured(doc: Y.Doc, parent: string | null, fields: Parameters<typeof addTreeNode>[1] = {}): string {
    const kpi = addKpi(doc, { target: 100, readings: [[day(-1), 50]] });
    return addTreeNode(doc, { kind: 'keyResult', parent, kpi, status: 'on-track', ...fields });
  }

  it('rolls a branch whose only evidence is un-judged KPIs up as not judged, a mixed one as the judged part with a count, and keeps what people say', () => {
    const doc = newWorkspace();
    const intent = addTreeNode(doc, { kind: 'intent' });
    const onlyKpis = addTreeNode(doc, { kind: 'objective', parent: intent });
    const [first, second] = [measured(doc, onlyKpis), measured(doc, onlyKpis)];
    const mixed = addTreeNode(doc, { kind: 'objective', parent: intent });
    measured(doc, mixed);
    addTreeNode(doc, { kind: 'initiative', parent: mixed, status: 'on-track' });
    const atRisk = addTreeNode(doc, { kind: 'objective' });
    measured(doc, atRisk);
    addTreeNode(doc, { kind: 'initiative', parent: atRisk, status: 'at-risk' });
    const saysOffTrack = measured(doc, null, { status: 'off-track' });

    // With the rule on every KPI is judged red, and so is everything above it.
    const judged = rollups(doc);
    expect([intent, onlyKpis, first, mixed, atRisk, saysOffTrack].map((id) => [judged[id]!.health, judged[id]!.notJudged])).toEqual([
      ['red', 0], ['red', 0], ['red', 0], ['red', 0], ['red', 0], ['red', 0],
    ]);

    unwrap(writeRuleSetting(doc, 'kpi-threshold', { enabled: false }, 'Ana Diaz'));
    const result = rollups(doc);
    const shown = (id: string) => [result[id]!.health, result[id]!.notJudged];
    // Nothing judges the two key results, so nothing judges their objective.
    expect([shown(first), shown(second), shown(onlyKpis)]).toEqual([['off', 1], ['off', 1], ['off', 2]]);
    // An objective with one judged child (a plain initiative, on track) and one that is not.
    expect(shown(mixed)).toEqual(['green', 1]);
    // The intent counts every un-judged node below it; the objective that is not judged is no evidence.
    expect(shown(intent)).toEqual(['green', 3]);
    // A person's at risk or off track still counts.
    expect(shown(atRisk)).toEqual(['amber', 1]);
    expect(shown(saysOffTrack)).toEqual(['red', 1]);
  });

  it('leaves a node nothing measures green, as before the rule was switched off', () => {
    const doc = newWorkspace();
    const plain = addTreeNode(doc, { kind: 'objective' });
    addTreeNode(doc, { parent: plain, status: 'on-track' });
    unwrap(writeRuleSetting(doc, 'kpi-threshold', { enabled: false }, 'Ana Diaz'));
    expect(rollups(doc)[plain]).toMatchObject({ health: 'green', notJudged: 0 });
  });
});
