import { describe, expect, it } from 'vitest';
import { RULES } from '../../../../shared/rules/index';
import { previewRuleSetting, ruleSettingsOf, writeRuleSetting } from '../../../../shared/rules/rule-settings';
import { readRuleSettings } from '../../../../shared/schema/rule-settings';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addKpi, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';

describe('[C13] writing a rule setting', () => {
  it('merges a patch into what is stored, and resets a parameter set to null', () => {
    const doc = newWorkspace();
    expect(writeRuleSetting(doc, 'kpi-threshold', { params: { periods: 3 } }, null)).toEqual({ ok: true, value: undefined });
    expect(readRuleSettings(doc)['kpi-threshold']).toEqual({ enabled: true, params: { periods: 3 } });
    expect(writeRuleSetting(doc, 'kpi-threshold', { enabled: false }, null).ok).toBe(true);
    expect(readRuleSettings(doc)['kpi-threshold']).toEqual({ enabled: false, params: { periods: 3 } });
    expect(writeRuleSetting(doc, 'kpi-threshold', { enabled: true, params: { periods: null } }, null).ok).toBe(true);
    expect(readRuleSettings(doc)['kpi-threshold']).toEqual({ enabled: true, params: {} });
  });

  it.each([
    ['no-such-rule', {}, 'not-found', 'There is no rule "no-such-rule".'],
    ['kpi-threshold', { redPct: 10 }, 'invalid', 'The rule “KPI behind plan” has no parameter "redPct".'],
    ['kpi-threshold', { periods: 0 }, 'invalid', 'Readings running before a band counts must be between 1 and 52.'],
    ['kpi-threshold', { periods: 2.5 }, 'invalid', 'Readings running before a band counts must be a whole number.'],
    ['kpi-stale', { factor: Number.NaN }, 'invalid', 'Stale after cadence × must be a number.'],
    ['low-confidence', { redAtOrBelow: 0.5 }, 'invalid', 'The red level cannot be above the amber level.'],
  ] as const)('refuses %s %j, writing nothing', (rule, params, code, message) => {
    const doc = newWorkspace();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(writeRuleSetting(doc, rule, { params }, null)).toMatchObject({ ok: false, error: { code, message } });
    expect(updates).toBe(0);
  });

  it('writes nothing for a setting that does not change', () => {
    const doc = newWorkspace();
    writeRuleSetting(doc, 'kpi-stale', { params: { factor: 2 } }, null);
    let updates = 0;
    doc.on('update', () => updates++);
    writeRuleSetting(doc, 'kpi-stale', { params: { factor: 2 } }, null);
    expect(updates).toBe(0);
  });

  it('lists every rule with its resolved setting for the panel', () => {
    const doc = newWorkspace();
    writeRuleSetting(doc, 'kpi-trend', { enabled: false, params: { n: 4 } }, null);
    const listed = ruleSettingsOf(readWorkspaceView(doc));
    expect(listed.map((entry) => entry.rule.id)).toContain('kpi-reading-date');
    expect(listed.find((entry) => entry.rule.id === 'kpi-trend')).toMatchObject({ enabled: false, params: { n: 4, k: 6 } });
  });
});

describe('previewing a rule setting', () => {
  it('says which findings would appear, disappear or change, computed by the same modules', () => {
    const doc = newWorkspace();
    const offOnce = addKpi(doc, { target: 100, readings: [[day(-15), 100], [day(-8), 100], [day(-1), 80]] });
    const offThrice = addKpi(doc, { target: 100, readings: [[day(-15), 80], [day(-8), 92], [day(-1), 80]] });
    addTreeNode(doc, { kind: 'objective', owner: null });
    const view = readWorkspaceView(doc);
    const periods = previewRuleSetting(view, 'kpi-threshold', { params: { periods: 3 } }, NOW);
    expect(periods.ok && periods.value.disappear.map((f) => f.subject.id)).toEqual([offOnce]);
    expect(periods.ok && periods.value.change.map((f) => [f.subject.id, f.severity])).toEqual([[offThrice, 'amber']]);
    const off = previewRuleSetting(view, 'missing-owner', { enabled: false }, NOW);
    expect(off.ok && off.value.disappear.map((f) => f.rule)).toEqual(['missing-owner']);
    expect(previewRuleSetting(view, 'kpi-threshold', { params: { periods: -1 } }, NOW)).toMatchObject({ ok: false });
  });
});

describe('[U37] rule parameters as people read them', () => {
  it('every parameter of every rule has its own label, never its key', () => {
    const params = RULES.flatMap((rule) => Object.keys(rule.defaults).map((key) => ({ rule: rule.id, key, label: rule.labels[key] })));
    expect(params.length).toBeGreaterThanOrEqual(6);
    for (const { rule, key, label } of params) {
      expect(typeof label, `${rule} ${key}`).toBe('string');
      expect(label!.trim(), `${rule} ${key}`).not.toBe('');
      expect(label, `${rule} ${key}`).not.toBe(key);
    }
    // Only the parameters a rule has.
    for (const rule of RULES) expect(Object.keys(rule.labels).sort(), rule.id).toEqual(Object.keys(rule.defaults).sort());
  });
});
