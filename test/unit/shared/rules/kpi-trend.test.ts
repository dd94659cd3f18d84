import { describe, expect, it } from 'vitest';
import { kpiTrend } from '../../../../shared/rules/kpi-trend';
import { archiveKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { addKpi, day, newWorkspace, pushRawReadings, run } from '../../support/workspace-fixtures';

/** Weekly readings ending yesterday. */
function weekly(values: number[]): [string, number][] {
  return values.map((value, i) => [day(-1 - 7 * (values.length - 1 - i)), value]);
}

function trend(kpi: Parameters<typeof addKpi>[1], params: { n?: number; k?: number } = {}, raw: [string, number][] = []) {
  const doc = newWorkspace();
  const id = addKpi(doc, kpi);
  if (raw.length > 0) pushRawReadings(doc, id, raw);
  return run(doc, kpiTrend, params);
}

describe('kpi-trend: moving the wrong way', () => {
  it('warns after n readings in a row that each moved the wrong way while behind', () => {
    const findings = trend({ target: 200, readings: weekly([100, 99, 98, 97]) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('amber');
    expect(findings[0]!.message).toBe('Revenue has moved the wrong way for 3 readings in a row');
    expect(findings[0]!.evidence.wrongWay).toMatchObject({ reference: 200 });
  });

  it('needs n moves, so n + 1 readings', () => {
    expect(trend({ target: 200, readings: weekly([99, 98, 97]) })).toEqual([]);
    expect(trend({ target: 200, readings: weekly([99, 98, 97]) }, { n: 2 })).toHaveLength(1);
  });

  it('does not count a reading equal to the one before as a move', () => {
    expect(trend({ target: 200, readings: weekly([100, 99, 99, 98]) })).toEqual([]);
  });

  it('treats up as the wrong way for a KPI to decrease', () => {
    expect(trend({ direction: 'decrease', target: 5, readings: weekly([10, 11, 12, 13]) })).toHaveLength(1);
    expect(trend({ direction: 'decrease', target: 5, readings: weekly([13, 12, 11, 10]) })).toEqual([]);
  });
});

describe('[C5] kpi-trend: no wrong-way warning while the latest is ahead of its reference', () => {
  // 100 → 99 → 98 → 97 moves the wrong way three times; whether it warns depends on the reference.
  it.each([
    [200, 1, 'behind the target'],
    [97, 1, 'exactly on the target (not ahead)'],
    [96.99, 0, 'a hair ahead of the target'],
    [50, 0, 'far ahead of the target (the old contract warned)'],
  ])('with target %s: %s finding (%s)', (target, count) => {
    expect(trend({ target, readings: weekly([100, 99, 98, 97]) })).toHaveLength(count);
  });

  it('measures "ahead" against the plan at the latest date, as kpi-threshold does', () => {
    const plan = [
      { at: day(-30), value: 50 },
      { at: day(-1), value: 60 },
    ];
    expect(trend({ target: 200, plan, readings: weekly([100, 99, 98, 97]) })).toEqual([]);
    expect(trend({ direction: 'decrease', target: 20, readings: weekly([10, 11, 12, 13]) })).toEqual([]);
  });
});

describe('[C5] kpi-trend for a KPI to maintain: away from the middle and in the outer quarter or outside', () => {
  // Band 40–60: the middle is 50, the outer quarters are 40–45 and 55–60 (a quarter of 20 is 5).
  const range = { direction: 'maintain' as const, lower: 40, upper: 60, target: null };
  it.each([
    [[50, 52, 54, 56], 1, 'ends in the upper outer quarter'],
    [[50, 52, 53, 55], 1, 'ends exactly on the outer quarter (55)'],
    [[50, 52, 53, 54.99], 0, 'drifts about inside the inner half (the old contract warned)'],
    [[50, 48, 46, 45], 1, 'ends exactly on the lower outer quarter (45)'],
    [[58, 60, 62, 65], 1, 'moves further outside'],
    [[58, 55, 52, 50], 0, 'moves back towards the middle'],
    [[50, 52, 54, 48], 0, 'does not move away every time'],
  ])('%j → %s finding (%s)', (values, count) => {
    expect(trend({ ...range, readings: weekly(values) })).toHaveLength(count);
  });
});

describe('[C1] kpi-trend counts days, not keystrokes', () => {
  it('does not count a reading entered twice on one date as a move', () => {
    const readings: [string, number][] = [[day(-15), 100], [day(-8), 99], [day(-1), 98], [day(-1), 97]];
    expect(trend({ target: 200, readings })).toEqual([]);
    expect(trend({ target: 200, readings: [[day(-22), 101], ...readings] })).toHaveLength(1);
  });

  it('[C2] leaves out a reading dated more than a day ahead', () => {
    // Without the typo the last three moves are all down; with it counted, the last would be up.
    expect(trend({ target: 200, readings: weekly([100, 99, 98, 97]) }, {}, [['2026-11-10', 150]])).toHaveLength(1);
  });
});

describe('kpi-trend: forecast to the target date', () => {
  const rising = weekly([100, 105, 110, 115, 120, 125]);

  it('[C5] says a KPI kept in a range is on course to leave it, not to miss a target by a share of the band', () => {
    const findings = trend({ direction: 'maintain', lower: 40, upper: 60, target: null, targetDate: day(30), readings: weekly([50, 48, 46, 44, 42, 41]) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe('Revenue has moved the wrong way for 3 readings in a row, and it is on course to leave its range (forecast 32.3 kUSD by 17 Dec 2025, range 40–60 kUSD)');
    expect(findings[0]!.evidence.forecast).toMatchObject({ at: day(30), points: 6 });
  });

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

  it('does not forecast without a target date or from fewer than 3 readings', () => {
    expect(trend({ target: 200, readings: rising })).toEqual([]);
    expect(trend({ target: 200, targetDate: day(30), readings: weekly([100, 101]) })).toEqual([]);
  });

  // The latest reading is yesterday; the old contract forecast for any target date after it.
  it.each([
    [day(1), 1, 'tomorrow: still in the future'],
    [day(0), 0, 'today: not in the future (the old contract said "on course to miss … by 17 Nov" on 17 Nov)'],
    [day(-2), 0, 'past'],
  ])('with the target date %s: %s finding (%s)', (targetDate, count) => {
    expect(trend({ target: 200, targetDate, readings: rising })).toHaveLength(count);
  });

  it('reports both signals in one finding', () => {
    const findings = trend({ target: 200, targetDate: day(30), readings: weekly([120, 110, 100, 90]) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/^Revenue has moved the wrong way for 3 readings in a row, and it is on course/);
    expect(findings[0]!.evidence).toMatchObject({ wrongWay: { readings: expect.any(Array) }, forecast: expect.any(Object) });
  });

  it('[C9] says nothing about an archived KPI', () => {
    const doc = newWorkspace();
    const id = addKpi(doc, { target: 200, targetDate: day(30), readings: weekly([120, 110, 100, 90]) });
    unwrap(archiveKpi(doc, id, null));
    expect(run(doc, kpiTrend)).toEqual([]);
  });
});
