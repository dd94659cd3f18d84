import { recentReadings } from '../schema/reading-series';
import { DAY_MS } from '../schema/utc-dates';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, formatNumber } from './format';

const ID = 'kpi-stale';

type Params = { factor: number };

/**
 * DESIGN §4 `kpi-stale`: no reading within `cadenceDays × factor` (1.5) days of `now` → amber.
 * Age is measured from the latest counted reading's instant (a reading dated more than a day
 * ahead is left out, so a typo cannot keep a KPI fresh); exactly at the limit is still fresh. A
 * KPI that never had a reading is measured from its `startDate`, or else from its `createdAt`
 * (every KPI has one from schema 2), so a KPI nobody feeds is stale a cadence and a half after
 * it was set up. Archived KPIs are not measured.
 */
export const kpiStale: Rule<Params> = {
  id: ID,
  title: 'KPI without a recent reading',
  defaults: { factor: 1.5 },
  limits: { factor: { min: 1, max: 10 } },
  labels: { factor: 'Stale after cadence ×' },
  evaluate(view, params, now) {
    const findings: Finding[] = [];
    const nowMs = now.getTime();
    for (const kpi of view.kpis.values()) {
      if (kpi.archived) continue;
      const latest = recentReadings(kpi, nowMs, 1)[0];
      const from = latest ? 'reading' : kpi.startMs !== null ? 'start' : 'created';
      const sinceMs = latest?.atMs ?? kpi.startMs ?? kpi.createdMs;
      if (sinceMs === null) continue;
      const limitDays = kpi.cadenceDays * params.factor;
      const ageDays = (nowMs - sinceMs) / DAY_MS;
      if (ageDays <= limitDays) continue;
      const days = Math.floor(ageDays);
      const expected = `(expected every ${formatNumber(kpi.cadenceDays)} days)`;
      const message =
        from === 'reading'
          ? `${kpi.name} has had no reading for ${days} days ${expected}`
          : from === 'start'
            ? `${kpi.name} has had no reading since it started on ${formatDate(sinceMs)} ${expected}`
            : `${kpi.name} has had no reading since it was created on ${formatDate(sinceMs)} ${expected}`;
      findings.push(
        makeFinding(ID, { type: 'kpi', id: kpi.id }, 'amber', message, {
          lastReadingAt: latest?.at ?? null,
          startDate: kpi.startDate,
          createdAt: kpi.createdAt,
          countedFrom: from,
          // Whole days: the triage item keeps this evidence, and a figure that moved every quarter
          // of an hour would have the policy rewrite the item at every sweep.
          ageDays: days,
          cadenceDays: kpi.cadenceDays,
          limitDays,
        }),
      );
    }
    return findings;
  },
};
