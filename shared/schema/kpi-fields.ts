import { KPI_DIRECTIONS, KPI_NAME_MAX, isOneOf, type KpiDirection } from './constants';
import { visibleOver } from '../text/visible-length';
import { isFiniteNumber } from './node-fields';
import type { IsoDay, PlanPoint } from './types';
import { isDay, parseInstant } from './utc-dates';

/** The editable definition of a KPI; readings and the plan have their own operations. */
export interface KpiDefinition {
  name: string;
  unit: string;
  direction: KpiDirection;
  /** `maintain` only: the band the value should stay within. */
  lower?: number | null;
  upper?: number | null;
  baseline?: number | null;
  /** Required for `increase` and `decrease`: what `kpi-threshold` compares with when there is no plan. */
  target?: number | null;
  startDate?: IsoDay | null;
  targetDate?: IsoDay | null;
  amberPct?: number;
  redPct?: number;
  cadenceDays?: number;
  owner?: string | null;
}

export type KpiPatch = Partial<KpiDefinition>;

/** Every problem with a complete definition (after a patch is merged), as sentences. */
export function kpiProblems(kpi: KpiDefinition): string[] {
  const problems: string[] = [];
  if (typeof kpi.name !== 'string' || kpi.name.trim() === '') problems.push('A KPI needs a name.');
  if (typeof kpi.unit !== 'string') problems.push('The unit must be text (it may be empty).');
  if (!isOneOf(KPI_DIRECTIONS, kpi.direction)) problems.push('The direction is increase, decrease or maintain.');
  for (const key of ['lower', 'upper', 'baseline', 'target'] as const) {
    const value = kpi[key];
    if (value !== undefined && value !== null && !isFiniteNumber(value)) problems.push(`${key} must be a number.`);
  }
  if (kpi.direction === 'maintain') {
    if (!isFiniteNumber(kpi.lower) || !isFiniteNumber(kpi.upper) || kpi.lower > kpi.upper) {
      problems.push('A KPI to maintain needs a lower and an upper bound, lower first.');
    }
  } else if (!isFiniteNumber(kpi.target)) {
    problems.push(`A KPI to ${kpi.direction} needs a target.`);
  }
  for (const key of ['startDate', 'targetDate'] as const) {
    const value = kpi[key];
    if (value !== undefined && value !== null && !isDay(value)) problems.push(`${key} must be a date written YYYY-MM-DD.`);
  }
  const amber = kpi.amberPct;
  const red = kpi.redPct;
  if (amber !== undefined && !(isFiniteNumber(amber) && amber > 0)) problems.push('amberPct must be above 0.');
  if (red !== undefined && !(isFiniteNumber(red) && red > 0)) problems.push('redPct must be above 0.');
  if (isFiniteNumber(amber) && isFiniteNumber(red) && amber > red) problems.push('amberPct cannot be above redPct.');
  if (kpi.cadenceDays !== undefined && !(isFiniteNumber(kpi.cadenceDays) && kpi.cadenceDays > 0)) {
    problems.push('cadenceDays must be above 0.');
  }
  if (kpi.owner !== undefined && kpi.owner !== null && typeof kpi.owner !== 'string') problems.push('owner must be text.');
  return problems;
}

/**
 * A new name's problem, if it is too long (SPEC U67), counted as it is stored (trimmed) and in the
 * characters a person sees (U73). Checked only where a name is written, so a KPI another writer
 * stored with a longer one still takes every other edit.
 */
export function kpiNameProblems(name: unknown): string[] {
  if (typeof name !== 'string') return [];
  const over = visibleOver(name.trim(), KPI_NAME_MAX);
  return over ? [`A KPI name may have at most ${KPI_NAME_MAX} characters; this one has ${over}.`] : [];
}

/** Problems with a plan trajectory: each point needs a date (or timestamp) and a finite value. */
export function planProblems(points: readonly PlanPoint[]): string[] {
  const problems: string[] = [];
  points.forEach((point, index) => {
    if (parseInstant(point?.at) === null) problems.push(`Plan point ${index + 1} has no valid date.`);
    if (!isFiniteNumber(point?.value)) problems.push(`Plan point ${index + 1} has no finite value.`);
  });
  return problems;
}

/** Plan points in date order, copied so the caller's objects never alias stored ones. */
export function sortedPlan(points: readonly PlanPoint[]): PlanPoint[] {
  return points
    .map((point) => ({ at: point.at, value: point.value }))
    .sort((a, b) => (parseInstant(a.at) ?? 0) - (parseInstant(b.at) ?? 0));
}
