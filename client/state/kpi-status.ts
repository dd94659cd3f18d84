import type { Health } from '../../shared/rollup/rollups';
import type { Finding } from '../../shared/rules/finding';
import { gapAt } from '../../shared/rules/kpi-math';
import type { KpiView, ReadingView } from '../../shared/schema/view-types';

export type Trend = 'up' | 'down' | 'flat' | null;

/** What the KPI table shows for one KPI. */
export interface KpiStatus {
  band: Health | null;
  latest: ReadingView | null;
  /** Percent behind the reference at the latest reading; negative when ahead. */
  slipPct: number | null;
  trend: Trend;
  /** Whether the last move went the way the KPI wants. */
  trendGood: boolean | null;
}

/**
 * The band is the `kpi-threshold` finding's severity (green when it has none), so the table and
 * the rules never disagree; slip and trend are read off the latest readings.
 */
export function kpiStatus(kpi: KpiView, findings: readonly Finding[]): KpiStatus {
  const latest = kpi.readings[kpi.readings.length - 1] ?? null;
  const previous = kpi.readings[kpi.readings.length - 2] ?? null;
  const threshold = findings.find((finding) => finding.rule === 'kpi-threshold');
  const band: Health | null = latest === null ? null : (threshold?.severity ?? 'green');
  const gap = latest ? gapAt(kpi, latest.value, latest.atMs) : null;
  const slipPct = gap === null || gap.slipPct === null ? null : gap.shortfall > 0 ? gap.slipPct : -Math.abs(gap.slipPct);
  let trend: Trend = null;
  let trendGood: boolean | null = null;
  if (latest && previous) {
    const delta = latest.value - previous.value;
    trend = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
    if (kpi.direction === 'increase') trendGood = delta >= 0;
    else if (kpi.direction === 'decrease') trendGood = delta <= 0;
    else trendGood = gapAt(kpi, latest.value, latest.atMs)?.shortfall === 0 || delta === 0;
  }
  return { band, latest, slipPct, trend, trendGood };
}

export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return '–';
  const text = Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toFixed(2)).toString();
  return unit ? `${text} ${unit}` : text;
}
