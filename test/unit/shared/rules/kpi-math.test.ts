import { describe, expect, it } from 'vitest';
import { gapAt, referenceAt, thresholdAt } from '../../../../shared/rules/kpi-math';
import { setPlan } from '../../../../shared/schema/kpi-accessors';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addKpi, newWorkspace } from '../../support/workspace-fixtures';

type KpiFixture = Parameters<typeof addKpi>[1];

function kpiOf(fixture: KpiFixture, plan: { at: string; value: number }[] = []) {
  const doc = newWorkspace();
  const id = addKpi(doc, fixture);
  if (plan.length > 0) setPlan(doc, id, plan);
  return readWorkspaceView(doc).kpis.get(id)!;
}

const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('[C3, C15] the chart draws the thresholds kpi-threshold uses (thresholdAt)', () => {
  it('without a plan: red and amber below the target for increase, above it for decrease', () => {
    const up = kpiOf({ target: 100, amberPct: 5, redPct: 15 });
    expect(thresholdAt(up, at('2025-11-01'), 15)).toBeCloseTo(85, 9);
    expect(thresholdAt(up, at('2025-11-01'), 5)).toBeCloseTo(95, 9);
    const down = kpiOf({ target: 40, direction: 'decrease' });
    expect(thresholdAt(down, at('2025-11-01'), 10)).toBeCloseTo(44, 9);
  });

  it('follows the plan, then the line from its last point to the target at targetDate, then the target', () => {
    const kpi = kpiOf({ target: 240, targetDate: '2025-12-31' }, [
      { at: '2025-10-01', value: 0 },
      { at: '2025-10-31', value: 200 },
    ]);
    const mid = at('2025-11-30');
    const reference = referenceAt(kpi, mid)!.value;
    expect(reference).toBeGreaterThan(200);
    expect(reference).toBeLessThan(240);
    expect(thresholdAt(kpi, mid, 10)).toBeCloseTo(reference * 0.9, 9);
    expect(thresholdAt(kpi, at('2026-02-01'), 10)).toBeCloseTo(216, 9);
  });

  it('a value exactly on the drawn red line has exactly redPct slip', () => {
    const kpi = kpiOf({ target: 240, targetDate: '2025-12-31' }, [{ at: '2025-10-31', value: 200 }]);
    const when = at('2025-11-20');
    const red = thresholdAt(kpi, when, 15)!;
    expect(gapAt(kpi, red, when)!.slipPct).toBeCloseTo(15, 5);
  });

  it('for maintain: outside the band by a share of its width (of |lower| for a one-value band)', () => {
    const uptime = kpiOf({ direction: 'maintain', target: null, lower: 99.9, upper: 100 });
    expect(thresholdAt(uptime, 0, 100, 'low')).toBeCloseTo(99.8, 9);
    expect(thresholdAt(uptime, 0, 100, 'high')).toBeCloseTo(100.1, 9);
    const point = kpiOf({ direction: 'maintain', target: null, lower: 50, upper: 50 });
    expect(thresholdAt(point, 0, 10, 'low')).toBeCloseTo(45, 9);
  });

});
