import type { Severity } from '../schema/constants';
import type { KpiView, PlanPointView } from '../schema/view-types';

/** How far a value is from where it should be, in the terms of DESIGN §4 `kpi-threshold`. */
export interface Gap {
  reference: number;
  /**
   * Where the reference came from: the plan at that date (or the line from its last point to the
   * target), the target, or the maintain band (then `reference` is the nearer bound).
   */
  source: 'plan' | 'target' | 'range';
  /** Positive when the value is on the wrong side of the reference (outside the band for `maintain`). */
  shortfall: number;
  /**
   * shortfall / basis × 100, where the basis is |reference|, or for `maintain` the band's width
   * (|lower| when the band is a single value). Null when the basis is 0: any shortfall is then red.
   */
  slipPct: number | null;
  /** What the slip is a percentage of: |reference|, the band's width, or |lower| for a one-value band. */
  basis: 'reference' | 'band' | 'bound';
}

/** The reference a KPI is judged against at an instant: a plan value or the target. */
export interface Reference {
  value: number;
  source: 'plan' | 'target';
}

/**
 * The plan as drawn between its points: linear between the points around `atMs`, the first
 * point's value before it starts and the last point's value after it ends. The rules use
 * `referenceAt`, which continues the plan to the target after its last point.
 */
export function planValueAt(plan: readonly PlanPointView[], atMs: number): number | null {
  if (plan.length === 0) return null;
  const first = plan[0]!;
  const last = plan[plan.length - 1]!;
  if (atMs <= first.atMs) return first.value;
  if (atMs >= last.atMs) return last.value;
  let low = 0;
  let high = plan.length - 1;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (plan[mid]!.atMs <= atMs) low = mid;
    else high = mid;
  }
  const a = plan[low]!;
  const b = plan[high]!;
  if (b.atMs === a.atMs) return b.value;
  return a.value + ((b.value - a.value) * (atMs - a.atMs)) / (b.atMs - a.atMs);
}

/**
 * DESIGN §4 `kpi-threshold`'s reference at `atMs`, for a KPI with a direction (not `maintain`):
 * - with a plan: linear between plan points (the first point's value before the plan starts);
 *   after the last plan point, linear from it to `target` at `targetDate`; after `targetDate`,
 *   `target`. Without a target or a target date after the plan's end there is nothing to draw
 *   the line to, and the last plan value holds;
 * - without a plan: `target`.
 * Null when there is neither. The KPI chart draws this same line, so it shows what the rule used.
 *
 * @example
 * // plan 0 → 200 over Oct, target 240 on 31 Dec: mid-Nov is on the line from 200 to 240
 * referenceAt(kpi, Date.UTC(2025, 10, 15)) // { value: 219.67…, source: 'plan' }
 */
export function referenceAt(kpi: KpiView, atMs: number): Reference | null {
  if (kpi.direction === 'maintain') return null;
  const plan = kpi.plan;
  if (plan.length === 0) return kpi.target === null ? null : { value: kpi.target, source: 'target' };
  const last = plan[plan.length - 1]!;
  if (atMs <= last.atMs || kpi.target === null || kpi.targetMs === null) return { value: planValueAt(plan, atMs)!, source: 'plan' };
  if (atMs >= kpi.targetMs) return { value: kpi.target, source: 'plan' };
  const value = last.value + ((kpi.target - last.value) * (atMs - last.atMs)) / (kpi.targetMs - last.atMs);
  return { value, source: 'plan' };
}

/**
 * The value at which a KPI's slip reaches `pct` at `atMs`: the line the KPI chart draws for its
 * amber and red thresholds around `referenceAt` (below it for `increase`, above it for
 * `decrease`), so the chart's bands are where `kpi-threshold` puts them. For `maintain` the
 * thresholds lie outside [lower, upper] by `pct` of the band's width (of |lower| for a one-value
 * band): `side` picks which. Null when there is no reference or band.
 *
 * @example
 * // target 100, no plan, redPct 15: red from 85 down
 * thresholdAt(kpi, now, 15) // 85
 */
export function thresholdAt(kpi: KpiView, atMs: number, pct: number, side: 'low' | 'high' = 'low'): number | null {
  if (kpi.direction === 'maintain') {
    const { lower, upper } = kpi;
    if (lower === null || upper === null || lower > upper) return null;
    const basis = upper > lower ? upper - lower : Math.abs(lower);
    const margin = (basis * pct) / 100;
    return side === 'low' ? lower - margin : upper + margin;
  }
  const reference = referenceAt(kpi, atMs);
  if (reference === null) return null;
  const margin = (Math.abs(reference.value) * pct) / 100;
  return kpi.direction === 'increase' ? reference.value - margin : reference.value + margin;
}

/** The gap of `actual` measured at `atMs`: against the reference there, or the band for `maintain`. */
export function gapAt(kpi: KpiView, actual: number, atMs: number): Gap | null {
  if (kpi.direction === 'maintain') return rangeGap(kpi, actual);
  const reference = referenceAt(kpi, atMs);
  return reference === null ? null : directedGap(kpi, actual, reference.value, reference.source);
}

/** The gap of a value against the KPI's end goal: its target, or its range for `maintain`. */
export function gapToTarget(kpi: KpiView, value: number): Gap | null {
  if (kpi.direction === 'maintain') return rangeGap(kpi, value);
  return kpi.target === null ? null : directedGap(kpi, value, kpi.target, 'target');
}

/** Amber at slip ≥ amberPct, red at slip ≥ redPct; with a zero basis any shortfall is red. */
export function bandOf(gap: Gap, amberPct: number, redPct: number): Severity | null {
  if (gap.shortfall <= 0) return null;
  if (gap.slipPct === null || gap.slipPct >= redPct) return 'red';
  return gap.slipPct >= amberPct ? 'amber' : null;
}

/** Least-squares line through (x, y); null when every x is the same. */
export function leastSquares(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } | null {
  const n = points.length;
  if (n < 2) return null;
  let sumX = 0;
  let sumY = 0;
  for (const p of points) {
    sumX += p.x;
    sumY += p.y;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - meanX) ** 2;
    sxy += (p.x - meanX) * (p.y - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

function directedGap(kpi: KpiView, actual: number, reference: number, source: 'plan' | 'target'): Gap {
  const shortfall = kpi.direction === 'increase' ? reference - actual : actual - reference;
  return { reference, source, shortfall, slipPct: slipOf(shortfall, Math.abs(reference)), basis: 'reference' };
}

/**
 * For `maintain`: the shortfall is the distance outside [lower, upper] (a value exactly on a bound
 * is inside) and the slip is measured against the band's own width, so an uptime band of
 * 99.9–100 is red at 97 (DESIGN §4); a one-value band (lower = upper) is measured against
 * |lower|. The reference is the bound on the side the value is (the nearer one inside). A band
 * written upside down (lower > upper, which no writer allows) says nothing.
 */
function rangeGap(kpi: KpiView, actual: number): Gap | null {
  const { lower, upper } = kpi;
  if (lower === null || upper === null || lower > upper) return null;
  const below = actual < lower;
  const above = actual > upper;
  const reference = below ? lower : above ? upper : actual - lower <= upper - actual ? lower : upper;
  const shortfall = below ? lower - actual : above ? actual - upper : 0;
  const width = upper - lower;
  const basis = width > 0 ? 'band' : 'bound';
  return { reference, source: 'range', shortfall, slipPct: slipOf(shortfall, width > 0 ? width : Math.abs(lower)), basis };
}

/**
 * Rounded to a millionth of a percent, so float noise in an interpolated plan cannot put a slip
 * that is exactly at a threshold (15 %) a hair under it.
 */
function slipOf(shortfall: number, basis: number): number | null {
  if (basis === 0) return null;
  return Math.round((shortfall / basis) * 100 * 1e6) / 1e6;
}
