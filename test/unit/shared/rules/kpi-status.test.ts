import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../../shared/rules/index';
import { kpiStatus } from '../../../../shared/rules/kpi-status';
import { setRuleSetting } from '../../../../shared/schema/rule-settings';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addKpi, day, newWorkspace, NOW, pushRawReadings } from '../../support/workspace-fixtures';

type KpiFixture = Parameters<typeof addKpi>[1];

function statusOf(kpi: KpiFixture, options: { periods?: number; raw?: [string, number][]; thresholdOff?: boolean } = {}) {
  const doc = newWorkspace();
  const id = addKpi(doc, kpi);
  if (options.raw) pushRawReadings(doc, id, options.raw);
  if (options.periods) setRuleSetting(doc, 'kpi-threshold', { enabled: true, params: { periods: options.periods } }, null);
  if (options.thresholdOff) setRuleSetting(doc, 'kpi-threshold', { enabled: false, params: {} }, null);
  const view = readWorkspaceView(doc);
  const findings = evaluateRules(view, view.rules, NOW).filter((f) => f.subject.id === id);
  return { status: kpiStatus(view.kpis.get(id)!, findings, view.rules, NOW), findings };
}

const values = (list: number[]): [string, number][] => list.map((value, i) => [day(-7 * (list.length - i)), value]);

describe('[C12] a KPI\'s band and slip come from one finding, on every screen', () => {
  it.each([
    [100, 'green', 0, 'on target'],
    [92, 'amber', 8, '8% behind target'],
    [80, 'red', 20, '20% behind target'],
    [110, 'green', -10, '10% ahead of target'],
  ])('at %s of 100: %s, slip %s, "%s"', (value, band, slip, text) => {
    const { status, findings } = statusOf({ target: 100, readings: [[day(-1), value]] });
    expect(status).toMatchObject({ band, slipText: text, onWatch: false });
    expect(status.slipPct).toBeCloseTo(slip, 6);
    const threshold = findings.find((f) => f.rule === 'kpi-threshold');
    expect(status.finding).toBe(threshold ?? null);
    if (threshold) expect(status.slipPct).toBe(threshold.evidence.slipPct);
  });

  it('is red with the band-width slip for uptime at 97 in a 99.9–100 band (the old table said green, "2.9% behind")', () => {
    const { status } = statusOf({ unit: '%', direction: 'maintain', lower: 99.9, upper: 100, target: null, readings: [[day(-1), 97]] });
    expect(status.band).toBe('red');
    expect(status.slipPct).toBeCloseTo(2900, 4);
    expect(status.slipText).toBe("2,900% of the band's width outside the band");
  });

  it('takes band and slip from the finding it is given, so a screen showing the server\'s finding shows its figures', () => {
    const doc = newWorkspace();
    const id = addKpi(doc, { target: 100, readings: [[day(-1), 80]] });
    const view = readWorkspaceView(doc);
    const finding = evaluateRules(view, view.rules, NOW).find((f) => f.rule === 'kpi-threshold')!;
    const given = { ...finding, severity: 'amber' as const, evidence: { ...finding.evidence, slipPct: 12.5 } };
    expect(kpiStatus(view.kpis.get(id)!, [given], view.rules, NOW)).toMatchObject({ band: 'amber', slipPct: 12.5, slipText: '12.5% behind target' });
  });

  it('reads inside a band as no slip', () => {
    const { status } = statusOf({ unit: '%', direction: 'maintain', lower: 99.9, upper: 100, target: null, readings: [[day(-1), 99.95]] });
    expect(status).toMatchObject({ band: 'green', slipPct: 0, slipText: 'inside the band' });
  });

  it('never shows green beside a red slip without saying so: on watch while periods wants more readings running', () => {
    const { status, findings } = statusOf({ target: 100, readings: values([100, 100, 80]) }, { periods: 3 });
    expect(findings.filter((f) => f.rule === 'kpi-threshold')).toEqual([]);
    expect(status).toMatchObject({ band: 'green', slipPct: 20, onWatch: true, finding: null });
  });

  it('[C12] with the kpi-threshold rule switched off a failing KPI is not judged ("off"), never green, and its slip is a plain figure', () => {
    const { status, findings } = statusOf({ target: 100, readings: [[day(-1), 80]] }, { thresholdOff: true });
    expect(findings.filter((f) => f.rule === 'kpi-threshold')).toEqual([]);
    expect(status).toMatchObject({ band: 'off', slipText: '20% behind target', onWatch: false, finding: null });
    expect(statusOf({ target: 100, readings: [[day(-1), 110]] }, { thresholdOff: true }).status).toMatchObject({ band: 'off', slipText: '10% ahead of target' });
    expect(statusOf({ target: 100 }, { thresholdOff: true }).status.band).toBeNull();
  });

  it('has no band without a counted reading, and judges the latest reading not dated ahead', () => {
    expect(statusOf({ target: 100 }).status).toMatchObject({ band: null, latest: null, slipPct: null });
    const { status } = statusOf({ target: 100, readings: [[day(-1), 80]] }, { raw: [['2026-11-17', 100]] });
    expect(status).toMatchObject({ band: 'red', slipPct: 20, latest: { at: day(-1), value: 80 } });
  });

  it('judges the trend by the direction the KPI wants', () => {
    expect(statusOf({ target: 100, readings: values([90, 95]) }).status).toMatchObject({ trend: 'up', trendGood: true });
    expect(statusOf({ target: 100, readings: values([95, 90]) }).status).toMatchObject({ trend: 'down', trendGood: false });
    expect(statusOf({ direction: 'decrease', target: 100, readings: values([95, 90]) }).status).toMatchObject({ trend: 'down', trendGood: true });
  });
});
