import type { Severity } from '../schema/constants';
import { recentReadings } from '../schema/reading-series';
import type { KpiView, ReadingView } from '../schema/view-types';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatNumber, formatPct, formatQuantity, formatRange } from './format';
import { bandOf, gapAt, type Gap } from './kpi-math';

const ID = 'kpi-threshold';

type Params = { periods: number };

/** What `kpi-threshold` concludes about one KPI at `now`: the one calculation every screen shows. */
export interface ThresholdAssessment {
  /** Amber or red when each of the last `periods` readings reaches it, else null (on track). */
  readonly band: Severity | null;
  /** The latest reading the rule counts, and its gap (the slip every screen shows). */
  readonly latest: ReadingView;
  readonly gap: Gap;
  /** The last `periods` readings, oldest first, each with its gap; fewer while there are fewer readings. */
  readonly recent: readonly { reading: ReadingView; gap: Gap | null }[];
  readonly periods: number;
}

/**
 * DESIGN §4 `kpi-threshold` for one KPI: how far the latest counted reading (one per date, none
 * dated more than a day ahead) is behind its reference (the plan at its date, continued to the
 * target after the plan's last point; the target without a plan) or outside its band
 * (`maintain`). Null when the KPI is archived, has no counted reading, or has nothing to be
 * measured against. `band` is amber/red only when each of the last `periods` readings reaches it,
 * each measured at its own date; with fewer readings than `periods` there is no band yet.
 *
 * @example
 * assessThreshold(kpi, 1, now) // { band: 'red', gap: { reference: 200, shortfall: 44, slipPct: 22, … }, … }
 */
export function assessThreshold(kpi: KpiView, periods: number, now: Date): ThresholdAssessment | null {
  if (kpi.archived) return null;
  const n = Math.max(1, Math.floor(periods));
  const readings = recentReadings(kpi, now, n);
  const latest = readings[readings.length - 1];
  if (latest === undefined) return null;
  const gap = gapAt(kpi, latest.value, latest.atMs);
  if (gap === null) return null;
  const recent = readings.map((reading) => ({ reading, gap: reading === latest ? gap : gapAt(kpi, reading.value, reading.atMs) }));
  const band = recent.length < n ? null : weakestBand(recent.map((entry) => entry.gap), kpi);
  return { band, latest, gap, recent, periods: n };
}

/**
 * DESIGN §4 `kpi-threshold`: amber at slip ≥ amberPct, red at slip ≥ redPct (the KPI's own
 * thresholds); with a zero basis any shortfall is red. See `assessThreshold`. No readings: no
 * finding.
 */
export const kpiThreshold: Rule<Params> = {
  id: ID,
  title: 'KPI behind plan',
  defaults: { periods: 1 },
  limits: { periods: { min: 1, max: 52, integer: true } },
  labels: { periods: 'Readings running before a band counts' },
  evaluate(view, params, now) {
    const findings: Finding[] = [];
    for (const kpi of view.kpis.values()) {
      const assessment = assessThreshold(kpi, params.periods, now);
      if (assessment === null || assessment.band === null) continue;
      const { latest, gap, recent, periods } = assessment;
      findings.push(
        makeFinding(ID, { type: 'kpi', id: kpi.id }, assessment.band, message(kpi, latest, gap, periods), {
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
          slipBasis: gap.basis,
          amberPct: kpi.amberPct,
          redPct: kpi.redPct,
          periods,
          readings: recent.map(({ reading, gap: own }) => ({
            at: reading.at,
            value: reading.value,
            reference: own!.reference,
            slipPct: own!.slipPct,
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
    const outside = formatQuantity(gap.shortfall, kpi.unit);
    const share = gap.slipPct === null ? '' : `, ${formatPct(gap.slipPct)} of ${gap.basis === 'band' ? "the band's width" : 'the bound'}`;
    return `${kpi.name} is ${side} its range${streak} (${actual}, range ${range}: ${outside} outside${share})`;
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
