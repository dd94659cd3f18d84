import { recentReadings } from '../schema/reading-series';
import type { KpiView, ReadingView } from '../schema/view-types';
import { DAY_MS, formatDay, todayMs } from '../schema/utc-dates';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, formatPct, formatQuantity, formatRange } from './format';
import { gapAt, gapToTarget, leastSquares } from './kpi-math';

const ID = 'kpi-trend';
/** A line through fewer points than this says more about noise than about a trend. */
const MIN_POINTS_FOR_FORECAST = 3;

type Params = { n: number; k: number };

/**
 * DESIGN §4 `kpi-trend`, amber only (a trend is a warning, the threshold is the alarm), on the
 * readings the rules count (one per date, none dated more than a day ahead):
 * - the last `n` readings each moved the wrong way (n moves, so n + 1 readings): down for
 *   `increase`, up for `decrease`, while the latest is not ahead of its reference (a KPI far ahead
 *   of plan that dips is not a warning). For `maintain`, each moved further from the band's middle
 *   and the latest is in the outer quarter of the band (within a quarter of its width of a bound,
 *   that quarter's edge included) or outside it, so drifting about inside the band is not a
 *   warning. A reading equal to the one before is not a move;
 * - or a least-squares line through the last `k` readings (at least 3), projected to a
 *   `targetDate` still in the future (after today), misses the target by ≥ redPct. A target date
 *   that has passed is `kpi-threshold`'s to judge, never a forecast about the past.
 */
export const kpiTrend: Rule<Params> = {
  id: ID,
  title: 'KPI trending the wrong way',
  defaults: { n: 3, k: 6 },
  limits: { n: { min: 1, max: 52, integer: true }, k: { min: MIN_POINTS_FOR_FORECAST, max: 104, integer: true } },
  labels: { n: 'Wrong-way moves in a row', k: 'Readings in the forecast line' },
  evaluate(view, params, now) {
    const n = Math.max(1, Math.floor(params.n));
    const k = Math.max(MIN_POINTS_FOR_FORECAST, Math.floor(params.k));
    const findings: Finding[] = [];
    for (const kpi of view.kpis.values()) {
      if (kpi.archived) continue;
      // The streak looks at the last n + 1 readings and the forecast at the last k.
      const readings = recentReadings(kpi, now, Math.max(n + 1, k));
      const streak = wrongWayStreak(kpi, readings, n);
      const forecast = forecastMiss(kpi, readings, k, now);
      if (!streak && !forecast) continue;
      const sentences = [
        streak ? `${kpi.name} has moved the wrong way for ${n} readings in a row` : null,
        forecast ? forecastSentence(kpi, streak ? 'it' : kpi.name, forecast) : null,
      ].filter((sentence): sentence is string => sentence !== null);
      findings.push(
        makeFinding(ID, { type: 'kpi', id: kpi.id }, 'amber', sentences.join(', and '), {
          direction: kpi.direction,
          unit: kpi.unit,
          n,
          k,
          wrongWay: streak,
          forecast,
        }),
      );
    }
    return findings;
  },
};

interface Streak {
  readings: { at: string; value: number }[];
  /** What the latest was measured against: its reference (not ahead of it), or the band's outer quarter. */
  reference: number | null;
}

function wrongWayStreak(kpi: KpiView, readings: readonly ReadingView[], n: number): Streak | null {
  const recent = readings.slice(-(n + 1));
  if (recent.length < n + 1) return null;
  for (let i = 1; i < recent.length; i++) {
    if (!movedWrongWay(kpi, recent[i - 1]!.value, recent[i]!.value)) return null;
  }
  const latest = recent[recent.length - 1]!;
  const gap = gapAt(kpi, latest.value, latest.atMs);
  if (kpi.direction === 'maintain') {
    if (!inOuterQuarter(kpi, latest.value)) return null;
  } else if (gap !== null && gap.shortfall < 0) {
    return null;
  }
  return {
    readings: recent.map((reading) => ({ at: reading.at, value: reading.value })),
    reference: kpi.direction === 'maintain' ? null : (gap?.reference ?? null),
  };
}

function movedWrongWay(kpi: KpiView, before: number, after: number): boolean {
  switch (kpi.direction) {
    case 'increase':
      return after < before;
    case 'decrease':
      return after > before;
    case 'maintain': {
      if (kpi.lower === null || kpi.upper === null) return false;
      const middle = (kpi.lower + kpi.upper) / 2;
      return Math.abs(after - middle) > Math.abs(before - middle);
    }
  }
}

/** Within a quarter of the band's width of either bound, bounds and that quarter's inner edge included, or outside. */
function inOuterQuarter(kpi: KpiView, value: number): boolean {
  if (kpi.lower === null || kpi.upper === null) return false;
  const quarter = (kpi.upper - kpi.lower) / 4;
  return value <= kpi.lower + quarter || value >= kpi.upper - quarter;
}

interface ForecastMiss {
  value: number;
  at: string;
  /** Null when the target is 0: any miss counts, as in kpi-threshold. */
  missPct: number | null;
  /** The target (or range) the forecast is compared with, as the message writes it. */
  goal: string;
  slopePerDay: number;
  points: number;
}

/**
 * The forecast in words. A KPI kept in a range is on course to leave it: its miss as a share of
 * the band's width (805% for 0.8 points outside a 0.1-point band) stays in the evidence, where
 * the chart and the detail read it, not in a sentence the room reads as "805% off target".
 */
function forecastSentence(kpi: KpiView, subject: string, forecast: ForecastMiss): string {
  const by = `forecast ${formatQuantity(forecast.value, kpi.unit)} by ${formatDate(kpi.targetMs!)}`;
  if (kpi.direction === 'maintain') return `${subject} is on course to leave its range (${by}, range ${forecast.goal})`;
  const miss = forecast.missPct === null ? '' : ` by ${formatPct(forecast.missPct)}`;
  return `${subject} is on course to miss its target${miss} (${by}, target ${forecast.goal})`;
}

function forecastMiss(kpi: KpiView, readings: readonly ReadingView[], k: number, now: Date): ForecastMiss | null {
  const recent = readings.slice(-k);
  if (kpi.targetMs === null || kpi.targetMs <= todayMs(now) || recent.length < MIN_POINTS_FOR_FORECAST) return null;
  const origin = recent[0]!.atMs;
  if (recent[recent.length - 1]!.atMs >= kpi.targetMs) return null;
  const line = leastSquares(recent.map((r) => ({ x: (r.atMs - origin) / DAY_MS, y: r.value })));
  if (!line) return null;
  const value = line.intercept + line.slope * ((kpi.targetMs - origin) / DAY_MS);
  const gap = gapToTarget(kpi, value);
  if (!gap || gap.shortfall <= 0) return null;
  if (gap.slipPct !== null && gap.slipPct < kpi.redPct) return null;
  const goal =
    kpi.direction === 'maintain'
      ? formatRange(kpi.lower!, kpi.upper!, kpi.unit)
      : formatQuantity(gap.reference, kpi.unit);
  return {
    value: Math.round(value * 100) / 100,
    at: formatDay(kpi.targetMs),
    missPct: gap.slipPct,
    goal,
    slopePerDay: line.slope,
    points: recent.length,
  };
}
