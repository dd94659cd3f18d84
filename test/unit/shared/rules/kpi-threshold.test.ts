import { describe, expect, it } from 'vitest';
import { kpiThreshold } from '../../../../shared/rules/kpi-threshold';
import { addKpi, day, newWorkspace, run, severities } from '../../support/workspace-fixtures';

function bandFor(kpi: Parameters<typeof addKpi>[1], params: { periods?: number } = {}) {
  const doc = newWorkspace();
  const id = addKpi(doc, kpi);
  const findings = run(doc, kpiThreshold, params);
  return { id, findings, severity: findings[0]?.severity ?? null };
}

describe('kpi-threshold against the target (no plan)', () => {
  const increase = (value: number) => bandFor({ target: 200, readings: [[day(-1), value]] }).severity;

  it('is amber at exactly amberPct behind and silent just under it', () => {
    expect(increase(190)).toBe('amber');
    expect(increase(190.02)).toBeNull();
  });

  it('is red at exactly redPct behind and amber just under it', () => {
    expect(increase(170)).toBe('red');
    expect(increase(170.02)).toBe('amber');
  });

  it('says nothing when the KPI is ahead', () => {
    expect(increase(260)).toBeNull();
  });

  it('measures a decrease KPI by how far it is above the target', () => {
    const decrease = (value: number) =>
      bandFor({ direction: 'decrease', target: 10, unit: 'USD', readings: [[day(-1), value]] }).severity;
    expect(decrease(10.5)).toBe('amber');
    expect(decrease(10.49)).toBeNull();
    expect(decrease(11.5)).toBe('red');
    expect(decrease(11.49)).toBe('amber');
    expect(decrease(8)).toBeNull();
  });

  it("uses the KPI's own thresholds", () => {
    const kpi = { target: 100, amberPct: 10, redPct: 20 };
    expect(bandFor({ ...kpi, readings: [[day(-1), 91]] }).severity).toBeNull();
    expect(bandFor({ ...kpi, readings: [[day(-1), 90]] }).severity).toBe('amber');
    expect(bandFor({ ...kpi, readings: [[day(-1), 80]] }).severity).toBe('red');
  });
});

describe('kpi-threshold for a KPI to maintain within a range', () => {
  const maintain = (value: number) =>
    bandFor({ direction: 'maintain', lower: 40, upper: 60, target: null, readings: [[day(-1), value]] });

  it('is silent inside the range, bounds included', () => {
    expect(maintain(40).severity).toBeNull();
    expect(maintain(50).severity).toBeNull();
    expect(maintain(60).severity).toBeNull();
  });

  it('measures the distance below the lower bound against the lower bound', () => {
    expect(maintain(38).severity).toBe('amber');
    expect(maintain(34).severity).toBe('red');
    expect(maintain(38).findings[0]!.evidence).toMatchObject({ reference: 40, shortfall: 2, slipPct: 5 });
  });

  it('measures the distance above the upper bound against the upper bound', () => {
    expect(maintain(63).severity).toBe('amber');
    expect(maintain(69).severity).toBe('red');
    expect(maintain(69).findings[0]!.message).toBe('Revenue is 15% above its range (69 kUSD, range 40–60 kUSD)');
  });
});

describe('kpi-threshold against a plan', () => {
  const plan = [
    { at: day(-20), value: 100 },
    { at: day(-10), value: 200 },
  ];
  const against = (at: string, value: number) => bandFor({ target: 1000, plan, readings: [[at, value]] });

  it('interpolates linearly between plan points at the reading date', () => {
    expect(against(day(-15), 142.5).severity).toBe('amber');
    expect(against(day(-15), 142.6).severity).toBeNull();
    expect(against(day(-15), 127.5).severity).toBe('red');
    expect(against(day(-15), 127.5).findings[0]!.evidence).toMatchObject({ reference: 150, referenceSource: 'plan' });
  });

  it('interpolates to the instant of a timestamped reading', () => {
    const noon = `${day(-15)}T12:00:00Z`;
    expect(against(noon, 100).findings[0]!.evidence.reference).toBe(155);
  });

  it("holds the last point's value after the plan ends and the first point's before it starts", () => {
    expect(against(day(-1), 170).findings[0]!.evidence).toMatchObject({ reference: 200, slipPct: 15 });
    expect(against(day(-30), 95).findings[0]!.evidence).toMatchObject({ reference: 100, slipPct: 5 });
  });

  it('prefers the plan to the target', () => {
    expect(against(day(-10), 200).severity).toBeNull();
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
