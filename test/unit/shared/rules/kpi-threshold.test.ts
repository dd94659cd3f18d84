import { describe, expect, it } from 'vitest';
import { kpiThreshold } from '../../../../shared/rules/kpi-threshold';
import { archiveKpi, restoreKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { addKpi, day, newWorkspace, pushRawReadings, run, severities } from '../../support/workspace-fixtures';

type KpiFixture = Parameters<typeof addKpi>[1];

function bandFor(kpi: KpiFixture, params: { periods?: number } = {}, raw: [string, number][] = []) {
  const doc = newWorkspace();
  const id = addKpi(doc, kpi);
  if (raw.length > 0) pushRawReadings(doc, id, raw);
  const findings = run(doc, kpiThreshold, params);
  return { doc, id, findings, severity: findings[0]?.severity ?? null };
}

describe('kpi-threshold against the target (no plan)', () => {
  // Target 200, amber 5 %, red 15 %: slip = (200 − actual) / 200 × 100.
  it.each([
    [190, 'amber', 'exactly amberPct behind'],
    [190.02, null, 'a hair under amberPct (4.99 %)'],
    [170, 'red', 'exactly redPct behind'],
    [170.02, 'amber', 'a hair under redPct (14.99 %)'],
    [200, null, 'exactly on target'],
    [260, null, 'ahead'],
  ])('reads %s as %s (%s)', (value, expected, _why) => {
    expect(bandFor({ target: 200, readings: [[day(-1), value]] }).severity).toBe(expected);
  });

  it('measures a decrease KPI by how far it is above the target', () => {
    const decrease = (value: number) => bandFor({ direction: 'decrease', target: 10, unit: 'USD', readings: [[day(-1), value]] }).severity;
    expect([10.5, 10.49, 11.5, 11.49, 8].map(decrease)).toEqual(['amber', null, 'red', 'amber', null]);
  });

  it("uses the KPI's own thresholds", () => {
    const kpi = { target: 100, amberPct: 10, redPct: 20 };
    expect([91, 90, 80].map((value) => bandFor({ ...kpi, readings: [[day(-1), value]] }).severity)).toEqual([null, 'amber', 'red']);
  });
});

describe('[C4] kpi-threshold for a KPI to maintain: slip is a share of the band\'s width', () => {
  const band = (value: number, lower = 40, upper = 60, unit = 'kUSD') =>
    bandFor({ direction: 'maintain', lower, upper, unit, target: null, readings: [[day(-1), value]] });

  // Band 40–60 is 20 wide: 1 outside is 5 % (amber), 3 outside is 15 % (red).
  it.each([
    [40, null, 'exactly on the lower bound is inside'],
    [50, null, 'the middle'],
    [60, null, 'exactly on the upper bound is inside'],
    [39, 'amber', '1 below: exactly 5 % of the width'],
    [39.02, null, '0.98 below: 4.9 %'],
    [37, 'red', '3 below: exactly 15 %'],
    [37.02, 'amber', '2.98 below: 14.9 %'],
    [61, 'amber', '1 above: 5 %'],
    [63, 'red', '3 above: 15 %'],
  ])('reads %s as %s (%s)', (value, expected, _why) => {
    expect(band(value).severity).toBe(expected);
  });

  it('is red for an uptime band of 99.9–100 at 97 (2.9 outside a 0.1 band is 2,900 %), where the old contract said green (2.9 %)', () => {
    const { findings } = band(97, 99.9, 100, '%');
    expect(findings[0]!.severity).toBe('red');
    expect(findings[0]!.evidence.slipPct).toBeCloseTo(2900, 4);
    expect(findings[0]!.evidence).toMatchObject({ reference: 99.9, slipBasis: 'band', referenceSource: 'range' });
    expect(findings[0]!.message).toBe("Revenue is below its range (97%, range 99.9–100%: 2.9% outside, 2,900% of the band's width)");
    expect(band(99.895, 99.9, 100, '%').severity).toBe('amber');
    expect(band(99.9, 99.9, 100, '%').severity).toBeNull();
  });

  it('measures a one-value band (lower = upper) against |lower|, and any shortfall against a zero band as red', () => {
    expect(band(47.5, 50, 50).severity).toBe('amber');
    expect(band(42.5, 50, 50).severity).toBe('red');
    expect(band(42.5, 50, 50).findings[0]!.evidence).toMatchObject({ slipPct: 15, slipBasis: 'bound' });
    expect(band(0.001, 0, 0).findings[0]!.evidence).toMatchObject({ slipPct: null, slipBasis: 'bound' });
    expect(band(0.001, 0, 0).severity).toBe('red');
  });

  it('writes how far outside and the share of the width', () => {
    expect(band(63).findings[0]!.message).toBe("Revenue is above its range (63 kUSD, range 40–60 kUSD: 3 kUSD outside, 15% of the band's width)");
    expect(band(63).findings[0]!.evidence).toMatchObject({ reference: 60, shortfall: 3, slipPct: 15 });
  });
});

describe('[C3] kpi-threshold against a plan, continued to the target', () => {
  const plan = [
    { at: day(-20), value: 100 },
    { at: day(-10), value: 200 },
  ];
  const against = (kpi: KpiFixture, at: string, value: number) => bandFor({ target: 1000, plan, ...kpi, readings: [[at, value]] });

  it('interpolates linearly between plan points at the reading date (150 at day −15)', () => {
    expect(against({}, day(-15), 142.5).severity).toBe('amber');
    expect(against({}, day(-15), 142.6).severity).toBeNull();
    expect(against({}, day(-15), 127.5).severity).toBe('red');
    expect(against({}, day(-15), 127.5).findings[0]!.evidence).toMatchObject({ reference: 150, referenceSource: 'plan' });
  });

  it('interpolates to the instant of a timestamped reading', () => {
    expect(against({}, `${day(-15)}T12:00:00Z`, 100).findings[0]!.evidence.reference).toBe(155);
  });

  // Plan ends at 200 on day −10; target 300 on day +10: the line gains 5 a day, 250 on day 0.
  const toTarget = { target: 300, targetDate: day(10) };

  it('after the last plan point, follows the line to the target at the target date (the old contract held 200 and saw nothing)', () => {
    expect(against(toTarget, day(0), 237.5).severity).toBe('amber');
    expect(against(toTarget, day(0), 237.6).severity).toBeNull();
    expect(against(toTarget, day(0), 212.5).severity).toBe('red');
    expect(against(toTarget, day(0), 212.5).findings[0]!.evidence).toMatchObject({ reference: 250, slipPct: 15 });
  });

  it('is exactly the last plan value at the last plan point', () => {
    expect(against(toTarget, day(-10), 170).findings[0]!.evidence).toMatchObject({ reference: 200, slipPct: 15 });
  });

  it('is the target at and after the target date', () => {
    const passed = { target: 300, targetDate: day(-5) };
    // day −8 is 2 of the 5 days from the plan's end (−10) to the target date (−5): 200 + 100 × 2/5.
    expect(against(passed, day(-8), 204).findings[0]!.evidence).toMatchObject({ reference: 240, slipPct: 15 });
    expect(against(passed, day(-5), 255).findings[0]!.evidence).toMatchObject({ reference: 300, slipPct: 15 });
    expect(against(passed, day(-1), 255).findings[0]!.evidence).toMatchObject({ reference: 300, slipPct: 15 });
  });

  it("holds the last point's value after the plan ends when there is no target date, and the first point's before it starts", () => {
    expect(against({}, day(-1), 170).findings[0]!.evidence).toMatchObject({ reference: 200, slipPct: 15 });
    expect(against({}, day(-30), 95).findings[0]!.evidence).toMatchObject({ reference: 100, slipPct: 5 });
  });

  it('prefers the plan to the target', () => {
    expect(against({}, day(-10), 200).severity).toBeNull();
  });

  it('writes the sentence a leader reads', () => {
    const { findings } = bandFor({
      name: 'Cloud cost saving',
      target: 240,
      plan: [
        { at: day(-63), value: 0 },
        { at: day(-3), value: 200 },
      ],
      readings: [[day(-3), 156]],
    });
    expect(findings[0]!.message).toBe('Cloud cost saving is 22% behind plan (156 of 200 kUSD)');
    expect(findings[0]!.key).toBe(`kpi-threshold:kpi:${findings[0]!.subject.id}`);
  });

  it('writes a small figure with the digits that tell it apart, not rounded to two decimals (an error rate read "0 against 0")', () => {
    const { findings } = bandFor({ name: 'Checkout error rate', direction: 'decrease', unit: '%', target: 0.0012, readings: [[day(-1), 0.0015]] });
    expect(findings[0]!.message).toBe('Checkout error rate is 25% above target (0.0015% against a target of 0.0012%)');
  });
});

describe('[C1] kpi-threshold counts one reading per date, the last written', () => {
  it('judges a date by the reading written last on it (a correction), whatever its time of day', () => {
    expect(bandFor({ target: 100, readings: [[day(-1), 80], [day(-1), 100]] }).severity).toBeNull();
    expect(bandFor({ target: 100, readings: [[day(-1), 100], [day(-1), 80]] }).severity).toBe('red');
    // Written later, so it wins, though it is dated earlier in the day.
    expect(bandFor({ target: 100, readings: [[`${day(-1)}T18:00:00Z`, 80], [`${day(-1)}T09:00:00Z`, 100]] }).severity).toBeNull();
  });

  it('does not count a reading entered twice on one date twice for periods (two dates are fewer than 3)', () => {
    expect(bandFor({ target: 100, readings: [[day(-8), 80], [day(-1), 80], [day(-1), 80]] }, { periods: 3 }).findings).toEqual([]);
    expect(bandFor({ target: 100, readings: [[day(-15), 80], [day(-8), 80], [day(-1), 80]] }, { periods: 3 }).severity).toBe('red');
  });
});

describe('[C2] kpi-threshold leaves out readings dated more than a day ahead', () => {
  it('judges the latest reading not dated ahead (the old contract judged the typo and saw nothing)', () => {
    const { findings } = bandFor({ target: 200, readings: [[day(-7), 150]] }, {}, [['2026-11-17', 200]]);
    expect(severities(findings)).toEqual([['red', findings[0]!.subject.id]]);
    expect(findings[0]!.evidence).toMatchObject({ actual: 150, at: day(-7) });
  });

  // NOW is 17 Nov 2025 12:00 UTC: up to 18 Nov 12:00 counts.
  it.each([
    [day(1), true, 'tomorrow (12 hours ahead)'],
    [`${day(1)}T12:00:00Z`, true, 'exactly a day ahead'],
    [`${day(1)}T12:00:01Z`, false, 'a second more than a day ahead'],
    [day(2), false, 'the day after tomorrow (36 hours ahead)'],
  ])('%s counts: %s (%s)', (at, counts) => {
    const { findings } = bandFor({ target: 200, readings: [[day(-7), 200]] }, {}, [[at, 100]]);
    expect(findings.length).toBe(counts ? 1 : 0);
  });
});

describe('kpi-threshold edge cases', () => {
  it('counts any shortfall against a zero reference as red', () => {
    const incidents = (value: number) =>
      bandFor({ name: 'Sev-1 incidents', unit: '', direction: 'decrease', target: 0, readings: [[day(-1), value]] });
    expect(incidents(0).severity).toBeNull();
    expect(incidents(1).severity).toBe('red');
    expect(incidents(1).findings[0]!.evidence.slipPct).toBeNull();
    expect(incidents(1).findings[0]!.message).toBe('Sev-1 incidents is above target (1 against a target of 0)');
  });

  it('says nothing about a KPI without readings', () => {
    expect(bandFor({ target: 200 }).findings).toEqual([]);
  });

  it('judges the latest reading by date, whatever order readings were added in', () => {
    const result = bandFor({ target: 200, readings: [[day(-1), 100], [day(-8), 200]] });
    expect(result.severity).toBe('red');
    expect(result.findings[0]!.evidence.actual).toBe(100);
  });

  it('[C9] says nothing about an archived KPI, and speaks again once it is restored', () => {
    const { doc, id } = bandFor({ target: 100, readings: [[day(-1), 50]] });
    unwrap(archiveKpi(doc, id, null));
    expect(run(doc, kpiThreshold)).toEqual([]);
    unwrap(restoreKpi(doc, id));
    expect(severities(run(doc, kpiThreshold))).toEqual([['red', id]]);
  });
});

describe('kpi-threshold with periods', () => {
  const readings = (values: number[]) => values.map((value, i) => [day(-7 * (values.length - i)), value] as const);

  it('takes the band all of the last n readings reach', () => {
    expect(bandFor({ target: 100, readings: readings([80, 80, 90]) }, { periods: 3 }).severity).toBe('amber');
    expect(bandFor({ target: 100, readings: readings([80, 80, 80]) }, { periods: 3 }).severity).toBe('red');
  });

  it('is silent when one of the last n readings is fine', () => {
    expect(bandFor({ target: 100, readings: readings([80, 100, 80]) }, { periods: 3 }).severity).toBeNull();
  });

  it('ignores readings older than the last n', () => {
    expect(bandFor({ target: 100, readings: readings([100, 80, 80]) }, { periods: 2 }).severity).toBe('red');
  });

  it('waits for n readings before speaking', () => {
    expect(bandFor({ target: 100, readings: readings([70, 70]) }, { periods: 3 }).findings).toEqual([]);
  });

  it('says how long it has been off track', () => {
    const { findings } = bandFor({ target: 100, readings: readings([80, 80, 80]) }, { periods: 3 });
    expect(findings[0]!.message).toBe('Revenue is 20% behind target for 3 readings in a row (80 of 100 kUSD)');
    expect(severities(findings)).toHaveLength(1);
  });
});
