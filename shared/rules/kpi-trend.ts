import type { KpiView, ReadingView } from '../schema/view-types';
import { DAY_MS, formatDay } from '../schema/utc-dates';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, formatPct, formatQuantity, formatRange } from './format';
import { gapToTarget, leastSquares } from './kpi-math';

const ID = 'kpi-trend';
/** A line through fewer points than this says more about noise than about a trend. */
const MIN_POINTS_FOR_FORECAST = 3;

type Params = { n: number; k: number };

/**
 * DESIGN §4 `kpi-trend`, amber only (a trend is a warning, the threshold is the alarm):
 * - the last `n` readings each moved the wrong way (needs n + 1 readings: n moves). Wrong is
 *   down for `increase`, up for `decrease`, and further from the middle of the range for
 *   `maintain`; a reading equal to the one before is not a move;
 * - or a least-squares line through the last `k` readings (at least 3), projected to the KPI's
 *   `targetDate`, misses the target by ≥ redPct. Skipped without a target date, or once the
 *   latest reading is at or past it (`kpi-threshold` speaks then).
 */
export const kpiTrend: Rule<Params> = {
  id: ID,
  title: 'KPI trending the wrong way',
  defaults: { n: 3, k: 6 },
  evaluate(view, params) {
    const n = Math.max(1, Math.floor(params.n));
    const k = Math.max(MIN_POINTS_FOR_FORECAST, Math.floor(params.k));
    const findings: Finding[] = [];
    for (const kpi of view.kpis.values()) {
      const streak = wrongWayStreak(kpi, n);
      const forecast = forecastMiss(kpi, k);
      if (!streak && !forecast) continue;
      const sentences = [
        streak ? `${kpi.name} has moved the wrong way for ${n} readings in a row` : null,
        forecast
          ? `${streak ? 'it' : kpi.name} is on course to miss its target` +
            (forecast.missPct === null ? '' : ` by ${formatPct(forecast.missPct)}`) +
            ` (forecast ${formatQuantity(forecast.value, kpi.unit)} by ${formatDate(kpi.targetMs!)}, ` +
            `target ${forecast.goal})`
          : null,
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

function wrongWayStreak(kpi: KpiView, n: number): { readings: { at: string; value: number }[] } | null {
  const recent = kpi.readings.slice(-(n + 1));
  if (recent.length < n + 1) return null;
  for (let i = 1; i < recent.length; i++) {
    if (!movedWrongWay(kpi, recent[i - 1]!.value, recent[i]!.value)) return null;
  }
  return { readings: recent.map((reading) => ({ at: reading.at, value: reading.value })) };
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

function forecastMiss(kpi: KpiView, k: number): ForecastMiss | null {
  const recent: readonly ReadingView[] = kpi.readings.slice(-k);
  if (kpi.targetMs === null || recent.length < MIN_POINTS_FOR_FORECAST) return null;
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
