import { describe, expect, it } from 'vitest';
import { kpiStale } from '../../../../shared/rules/kpi-stale';
import { archiveKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { DAY_MS } from '../../../../shared/schema/utc-dates';
import { addKpi, day, newWorkspace, NOW, pushRawReadings, run } from '../../support/workspace-fixtures';

function stale(kpi: Parameters<typeof addKpi>[1], now = NOW, params: { factor?: number } = {}, createdAt = NOW, raw: [string, number][] = []) {
  const doc = newWorkspace();
  const id = addKpi(doc, kpi, createdAt);
  if (raw.length > 0) pushRawReadings(doc, id, raw);
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
    expect(findings[0]!.evidence).toMatchObject({ lastReadingAt: lastReading, cadenceDays: 7, limitDays: 10.5, countedFrom: 'reading' });
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

  it('[C6] measures a KPI that never had a reading and has no start date from when it was created (the old contract never warned)', () => {
    const limit = 10.5 * DAY_MS;
    expect(stale({}, NOW, {}, new Date(NOW.getTime() - limit))).toEqual([]);
    // 10.5 days and a second before NOW (17 Nov 12:00) is 6 Nov 23:59:59.
    const findings = stale({}, NOW, {}, new Date(NOW.getTime() - limit - 1000));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe('Revenue has had no reading since it was created on 6 Nov 2025 (expected every 7 days)');
    expect(findings[0]!.evidence).toMatchObject({ lastReadingAt: null, startDate: null, countedFrom: 'created' });
  });

  it('[C2] does not let a reading dated a year ahead keep a KPI fresh (the old contract did)', () => {
    const findings = stale({ readings: [[day(-20), 90]] }, NOW, {}, NOW, [['2026-11-17', 95]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toMatchObject({ lastReadingAt: day(-20), ageDays: 20 });
    expect(stale({ startDate: day(-30) }, NOW, {}, NOW, [['2026-11-17', 95]])[0]!.evidence).toMatchObject({ countedFrom: 'start' });
  });

  it('[C9] says nothing about an archived KPI', () => {
    const doc = newWorkspace();
    unwrap(archiveKpi(doc, addKpi(doc, { startDate: day(-30) }), null));
    expect(run(doc, kpiStale)).toEqual([]);
  });
});
