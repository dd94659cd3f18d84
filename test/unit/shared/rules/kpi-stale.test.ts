import { describe, expect, it } from 'vitest';
import { kpiStale } from '../../../../shared/rules/kpi-stale';
import { addKpi, day, newWorkspace, NOW, run } from '../../support/workspace-fixtures';

function stale(kpi: Parameters<typeof addKpi>[1], now = NOW, params: { factor?: number } = {}) {
  const doc = newWorkspace();
  addKpi(doc, kpi);
  return run(doc, kpiStale, params, now);
}

describe('kpi-stale', () => {
  const lastReading = '2025-11-01T12:00:00Z';
  const weeklyKpi = { cadenceDays: 7, readings: [[lastReading, 90]] as [string, number][] };

  it('is silent up to exactly cadence × 1.5 days after the latest reading', () => {
    expect(stale(weeklyKpi, new Date('2025-11-12T00:00:00Z'))).toEqual([]);
  });

  it('warns amber just past cadence × 1.5 days', () => {
    const findings = stale(weeklyKpi, new Date('2025-11-12T00:00:01Z'));
    expect(findings.map((finding) => finding.severity)).toEqual(['amber']);
    expect(findings[0]!.message).toBe('Revenue has had no reading for 10 days (expected every 7 days)');
    expect(findings[0]!.evidence).toMatchObject({ lastReadingAt: lastReading, cadenceDays: 7, limitDays: 10.5 });
  });

  it("follows the KPI's cadence and the factor parameter", () => {
    const monthly = { cadenceDays: 30, readings: [[day(-40), 90]] as [string, number][] };
    expect(stale(monthly)).toEqual([]);
    expect(stale(monthly, NOW, { factor: 1 })).toHaveLength(1);
  });

  it('measures a KPI that never had a reading from its start date', () => {
    expect(stale({ startDate: day(-5) })).toEqual([]);
    const findings = stale({ startDate: day(-30) });
    expect(findings[0]!.message).toBe('Revenue has had no reading since it started on 18 Oct 2025 (expected every 7 days)');
  });

  it('has nothing to measure from without readings or a start date', () => {
    expect(stale({})).toEqual([]);
  });
});
