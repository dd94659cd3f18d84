import { DAY_MS } from '../schema/utc-dates';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, formatNumber } from './format';

const ID = 'kpi-stale';

type Params = { factor: number };

/**
 * DESIGN §4 `kpi-stale`: no reading within `cadenceDays × factor` (1.5) days of `now` → amber.
 * Age is measured from the latest reading's instant; exactly at the limit is still fresh.
 * A KPI that never had a reading is measured from its `startDate` (a KPI created today is not
 * stale yet); with neither, there is nothing to measure from and no finding.
 */
export const kpiStale: Rule<Params> = {
  id: ID,
  title: 'KPI without a recent reading',
  defaults: { factor: 1.5 },
  evaluate(view, params, now) {
    const findings: Finding[] = [];
    const nowMs = now.getTime();
    for (const kpi of view.kpis.values()) {
      const latest = kpi.readings[kpi.readings.length - 1];
      const sinceMs = latest?.atMs ?? kpi.startMs;
      if (sinceMs === null || sinceMs === undefined) continue;
      const limitDays = kpi.cadenceDays * params.factor;
      const ageDays = (nowMs - sinceMs) / DAY_MS;
      if (ageDays <= limitDays) continue;
      const days = Math.floor(ageDays);
      const message = latest
        ? `${kpi.name} has had no reading for ${days} days (expected every ${formatNumber(kpi.cadenceDays)} days)`
        : `${kpi.name} has had no reading since it started on ${formatDate(sinceMs)} (expected every ${formatNumber(kpi.cadenceDays)} days)`;
      findings.push(
        makeFinding(ID, { type: 'kpi', id: kpi.id }, 'amber', message, {
          lastReadingAt: latest?.at ?? null,
          startDate: kpi.startDate,
          ageDays: Math.round(ageDays * 100) / 100,
          cadenceDays: kpi.cadenceDays,
          limitDays,
        }),
      );
    }
    return findings;
  },
};
