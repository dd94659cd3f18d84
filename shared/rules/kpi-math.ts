import type { Severity } from '../schema/constants';
import type { KpiView, PlanPointView } from '../schema/view-types';

/** How far a value is from where it should be, in the terms of DESIGN §4 `kpi-threshold`. */
export interface Gap {
  reference: number;
  /** Where the reference came from: the plan at that date, the target, or the maintain band. */
  source: 'plan' | 'target' | 'range';
  /** Positive when the value is on the wrong side of the reference. */
  shortfall: number;
  /** shortfall / |reference| × 100; null when the reference is 0 (any shortfall is then red). */
  slipPct: number | null;
}

/**
 * The plan value at `atMs`: linear between the plan points around it; before the first point
 * and after the last, the nearest point's value (the plan says nothing beyond its ends, and
 * extrapolating a ramp would invent a plan nobody agreed to).
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

/** The gap of `actual` measured at `atMs`: against the plan there when there is one, else the target. */
export function gapAt(kpi: KpiView, actual: number, atMs: number): Gap | null {
  if (kpi.direction === 'maintain') return rangeGap(kpi, actual);
  const planned = planValueAt(kpi.plan, atMs);
  if (planned !== null) return directedGap(kpi, actual, planned, 'plan');
  return kpi.target === null ? null : directedGap(kpi, actual, kpi.target, 'target');
}

/** The gap of a value against the KPI's end goal: its target, or its range for `maintain`. */
export function gapToTarget(kpi: KpiView, value: number): Gap | null {
  if (kpi.direction === 'maintain') return rangeGap(kpi, value);
  return kpi.target === null ? null : directedGap(kpi, value, kpi.target, 'target');
}

/** Amber at slip ≥ amberPct, red at slip ≥ redPct; with a zero reference any shortfall is red. */
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
  return { reference, source, shortfall, slipPct: slipOf(shortfall, reference) };
}

/** For `maintain` the shortfall is the distance outside [lower, upper]; the reference is the nearer bound. */
function rangeGap(kpi: KpiView, actual: number): Gap | null {
  if (kpi.lower === null || kpi.upper === null) return null;
  const below = actual < kpi.lower;
  const reference = below || Math.abs(actual - kpi.lower) < Math.abs(actual - kpi.upper) ? kpi.lower : kpi.upper;
  const shortfall = below ? kpi.lower - actual : Math.max(0, actual - kpi.upper);
  return { reference, source: 'range', shortfall, slipPct: slipOf(shortfall, reference) };
}

/**
 * Rounded to a millionth of a percent, so float noise in an interpolated plan cannot put a slip
 * that is exactly at a threshold (15 %) a hair under it.
 */
function slipOf(shortfall: number, reference: number): number | null {
  if (reference === 0) return null;
  return Math.round((shortfall / Math.abs(reference)) * 100 * 1e6) / 1e6;
}
