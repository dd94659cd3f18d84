import { describe, expect, it } from 'vitest';
import { kpiTrend } from '../../../../shared/rules/kpi-trend';
import { addKpi, day, newWorkspace, run } from '../../support/workspace-fixtures';

/** Weekly readings ending yesterday. */
function weekly(values: number[]): [string, number][] {
  return values.map((value, i) => [day(-1 - 7 * (values.length - 1 - i)), value]);
}

function trend(kpi: Parameters<typeof addKpi>[1], params: { n?: number; k?: number } = {}) {
  const doc = newWorkspace();
  addKpi(doc, kpi);
  return run(doc, kpiTrend, params);
}

describe('kpi-trend: moving the wrong way', () => {
  it('warns after n readings in a row that each moved the wrong way', () => {
    const findings = trend({ target: 50, readings: weekly([100, 99, 98, 97]) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('amber');
    expect(findings[0]!.message).toBe('Revenue has moved the wrong way for 3 readings in a row');
  });

  it('needs n moves, so n + 1 readings', () => {
    expect(trend({ target: 50, readings: weekly([99, 98, 97]) })).toEqual([]);
    expect(trend({ target: 50, readings: weekly([99, 98, 97]) }, { n: 2 })).toHaveLength(1);
  });

  it('does not count a reading equal to the one before as a move', () => {
    expect(trend({ target: 50, readings: weekly([100, 99, 99, 98]) })).toEqual([]);
  });

  it('treats up as the wrong way for a KPI to decrease', () => {
    expect(trend({ direction: 'decrease', target: 20, readings: weekly([10, 11, 12, 13]) })).toHaveLength(1);
    expect(trend({ direction: 'decrease', target: 20, readings: weekly([13, 12, 11, 10]) })).toEqual([]);
  });

  it('treats drifting away from the middle of the range as the wrong way for a KPI to maintain', () => {
    const range = { direction: 'maintain' as const, lower: 40, upper: 60, target: null };
    expect(trend({ ...range, readings: weekly([50, 52, 55, 58]) })).toHaveLength(1);
    expect(trend({ ...range, readings: weekly([58, 55, 52, 50]) })).toEqual([]);
  });
});

describe('kpi-trend: forecast to the target date', () => {
  const rising = weekly([100, 105, 110, 115, 120, 125]);

  it('warns when the least-squares line misses the target by redPct or more, with the forecast', () => {
    const findings = trend({ target: 200, targetDate: day(30), readings: rising });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence.forecast).toMatchObject({ value: 147.14, at: day(30), points: 6 });
    expect(findings[0]!.message).toBe(
      'Revenue is on course to miss its target by 26.4% (forecast 147.14 kUSD by 17 Dec 2025, target 200 kUSD)',
    );
  });

  it('is silent when the forecast misses by less than redPct', () => {
    expect(trend({ target: 170, targetDate: day(30), readings: rising })).toEqual([]);
  });

  it('fits only the last k readings', () => {
    const turnaround = weekly([100, 100, 100, 100, 140, 180]);
    expect(trend({ target: 300, targetDate: day(30), readings: turnaround })).toHaveLength(1);
    expect(trend({ target: 300, targetDate: day(30), readings: turnaround }, { k: 3 })).toEqual([]);
  });

  it('does not forecast without a target date, from fewer than 3 readings, or after the target date', () => {
    expect(trend({ target: 200, readings: rising })).toEqual([]);
    expect(trend({ target: 200, targetDate: day(30), readings: weekly([100, 101]) })).toEqual([]);
    expect(trend({ target: 200, targetDate: day(-2), readings: rising })).toEqual([]);
  });

  it('reports both signals in one finding', () => {
    const findings = trend({ target: 200, targetDate: day(30), readings: weekly([120, 110, 100, 90]) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/^Revenue has moved the wrong way for 3 readings in a row, and it is on course/);
    expect(findings[0]!.evidence).toMatchObject({ wrongWay: { readings: expect.any(Array) }, forecast: expect.any(Object) });
  });
});
