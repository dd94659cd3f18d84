import type { Severity } from '../schema/constants';
import type { KpiView, ReadingView } from '../schema/view-types';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatNumber, formatPct, formatQuantity, formatRange } from './format';
import { bandOf, gapAt, type Gap } from './kpi-math';

const ID = 'kpi-threshold';

type Params = { periods: number };

/**
 * DESIGN §4 `kpi-threshold`: how far the latest reading is behind the plan at its date (linear
 * between plan points, the nearest point's value beyond them) or, with no plan, the target.
 * Amber at slip ≥ amberPct, red at slip ≥ redPct (the KPI's own thresholds); with a zero
 * reference any shortfall is red. A KPI to maintain is judged against its range, never a plan. With `periods` = n, a band counts only when each of the last
 * n readings reaches it, measured against the plan at its own date. Too few readings, or none:
 * no finding.
 */
export const kpiThreshold: Rule<Params> = {
  id: ID,
  title: 'KPI behind plan',
  defaults: { periods: 1 },
  evaluate(view, params) {
    const periods = Math.max(1, Math.floor(params.periods));
    const findings: Finding[] = [];
    for (const kpi of view.kpis.values()) {
      const recent = kpi.readings.slice(-periods);
      if (recent.length < periods) continue;
      const gaps = recent.map((reading) => gapAt(kpi, reading.value, reading.atMs));
      const severity = weakestBand(gaps, kpi);
      if (severity === null) continue;
      const latest = recent[recent.length - 1]!;
      const gap = gaps[gaps.length - 1]!;
      findings.push(
        makeFinding(ID, { type: 'kpi', id: kpi.id }, severity, message(kpi, latest, gap, periods), {
          direction: kpi.direction,
          unit: kpi.unit,
          at: latest.at,
          actual: latest.value,
          reference: gap.reference,
          referenceSource: gap.source,
          lower: kpi.lower,
          upper: kpi.upper,
          shortfall: gap.shortfall,
          slipPct: gap.slipPct,
          amberPct: kpi.amberPct,
          redPct: kpi.redPct,
          periods,
          readings: recent.map((reading, i) => ({
            at: reading.at,
            value: reading.value,
            reference: gaps[i]!.reference,
            slipPct: gaps[i]!.slipPct,
          })),
        }),
      );
    }
    return findings;
  },
};

/** The band every one of the readings reaches: red only if all are red, amber if all are at least amber. */
function weakestBand(gaps: readonly (Gap | null)[], kpi: KpiView): Severity | null {
  let weakest: Severity = 'red';
  for (const gap of gaps) {
    const band = gap === null ? null : bandOf(gap, kpi.amberPct, kpi.redPct);
    if (band === null) return null;
    if (band === 'amber') weakest = 'amber';
  }
  return weakest;
}

function message(kpi: KpiView, latest: ReadingView, gap: Gap, periods: number): string {
  const actual = formatQuantity(latest.value, kpi.unit);
  const reference = formatQuantity(gap.reference, kpi.unit);
  const streak = periods > 1 ? ` for ${periods} readings in a row` : '';
  if (gap.source === 'range') {
    const range = formatRange(kpi.lower!, kpi.upper!, kpi.unit);
    const side = latest.value < gap.reference ? 'below' : 'above';
    const by = gap.slipPct === null ? '' : ` ${formatPct(gap.slipPct)}`;
    return `${kpi.name} is${by} ${side} its range${streak} (${actual}, range ${range})`;
  }
  const against = gap.source === 'plan' ? 'plan' : 'target';
  if (gap.slipPct === null) {
    const side = kpi.direction === 'increase' ? 'below' : 'above';
    return `${kpi.name} is ${side} ${against}${streak} (${actual} against a ${against} of ${reference})`;
  }
  if (kpi.direction === 'increase') {
    return `${kpi.name} is ${formatPct(gap.slipPct)} behind ${against}${streak} (${formatNumber(latest.value)} of ${reference})`;
  }
  return `${kpi.name} is ${formatPct(gap.slipPct)} above ${against}${streak} (${actual} against a ${against} of ${reference})`;
}
