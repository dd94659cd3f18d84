import { describe, expect, it } from 'vitest';
import { evaluateRules, RULES } from '../../../../shared/rules/index';
import { setRuleSetting } from '../../../../shared/schema/rule-settings';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addKpi, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';
import type * as Y from 'yjs';

function evaluate(doc: Y.Doc) {
  const view = readWorkspaceView(doc);
  return evaluateRules(view, view.rules, NOW);
}

const threeWeeks = (values: number[]) => values.map((value, i) => [day(-7 * (3 - i)), value] as const);

describe('evaluateRules', () => {
  it('registers the seven rules of DESIGN §4 and kpi-reading-date', () => {
    expect(RULES.map((rule) => rule.id)).toEqual([
      'kpi-threshold',
      'kpi-trend',
      'kpi-stale',
      'kpi-reading-date',
      'milestone-overdue',
      'dependency-slip',
      'missing-owner',
      'low-confidence',
    ]);
  });

  it('skips a rule the workspace disabled', () => {
    const doc = newWorkspace();
    addTreeNode(doc, { kind: 'objective', owner: null });
    expect(evaluate(doc).map((f) => f.rule)).toEqual(['missing-owner']);
    setRuleSetting(doc, 'missing-owner', { enabled: false, params: {} }, null);
    expect(evaluate(doc)).toEqual([]);
  });

  it("lets the workspace's params override the defaults", () => {
    const doc = newWorkspace();
    addKpi(doc, { target: 100, readings: threeWeeks([70, 100, 70]) });
    expect(evaluate(doc).filter((f) => f.rule === 'kpi-threshold')).toHaveLength(1);
    setRuleSetting(doc, 'kpi-threshold', { enabled: true, params: { periods: 3 } }, null);
    expect(evaluate(doc).filter((f) => f.rule === 'kpi-threshold')).toEqual([]);
  });

  it('ignores params a rule does not have', () => {
    const doc = newWorkspace();
    addKpi(doc, { target: 100, readings: threeWeeks([70, 70, 70]) });
    setRuleSetting(doc, 'kpi-threshold', { enabled: true, params: { redPct: 99, bogus: 1 } }, null);
    expect(evaluate(doc).find((f) => f.rule === 'kpi-threshold')!.severity).toBe('red');
  });

  it('orders red first, then by impact size, then by key, and records the impact', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', title: 'Grow', owner: 'Ana' });
    const deep = addTreeNode(doc, { parent: objective, owner: null, value: { planned: 50, realised: 0, unit: 'kUSD' } });
    const shallowA = addTreeNode(doc, { owner: null });
    const shallowB = addTreeNode(doc, { owner: null });
    const red = addTreeNode(doc, { kind: 'keyResult', confidence: 0.1, confidenceNote: 'No budget' });
    const findings = evaluate(doc);
    expect(findings.map((f) => f.subject.id)).toEqual([red, deep, ...[shallowA, shallowB].sort()]);
    expect(findings[1]!.evidence.impact).toEqual({ size: 2, valueAtRisk: { kUSD: 50 } });
  });

  it('clamps a stored parameter into the rule\'s limits, whoever wrote it', () => {
    const doc = newWorkspace();
    addKpi(doc, { target: 100, readings: threeWeeks([70, 70, 70]) });
    setRuleSetting(doc, 'kpi-threshold', { enabled: true, params: { periods: -4 } }, null);
    expect(evaluate(doc).find((f) => f.rule === 'kpi-threshold')!.evidence.periods).toBe(1);
    setRuleSetting(doc, 'kpi-threshold', { enabled: true, params: { periods: 1e9 } }, null);
    expect(evaluate(doc).filter((f) => f.rule === 'kpi-threshold')).toEqual([]);
  });
});
