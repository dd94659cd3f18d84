import { recentReadings } from '../schema/reading-series';
import type { RuleSetting } from '../schema/types';
import type { KpiView, ReadingView } from '../schema/view-types';
import type { Finding } from './finding';
import { formatPct } from './format';
import { bandOf, gapAt, type Gap } from './kpi-math';
import { assessThreshold } from './kpi-threshold';

export type KpiBand = 'green' | 'amber' | 'red';
/** What a screen shows for the band: a judged band, or `off` when the `kpi-threshold` rule is switched off (not judged, never green). */
export type ShownBand = KpiBand | 'off';
export type Trend = 'up' | 'down' | 'flat' | null;

/** What every screen shows for a KPI's standing: the band and the slip, from one calculation. */
export interface KpiStatus {
  /**
   * The `kpi-threshold` finding's severity; green without one; `off` when the rule is switched
   * off (nothing judged the KPI, so calling it green would invent a verdict); null without a
   * counted reading.
   */
  readonly band: ShownBand | null;
  /** The finding the band and slip come from, when there is one. */
  readonly finding: Finding | null;
  /** The latest reading the rules count (one per date, none dated more than a day ahead). */
  readonly latest: ReadingView | null;
  /**
   * Percent behind the reference (outside the band, as a share of its width, for `maintain`) at
   * the latest reading: the finding's own figure when there is a finding, else the same maths on
   * the same reading. Negative when ahead, 0 inside a band, null when it cannot be measured.
   */
  readonly slipPct: number | null;
  /** "22% behind plan", "2,900% of the band's width outside", "on plan": the slip as every screen words it. */
  readonly slipText: string | null;
  readonly reference: number | null;
  readonly referenceSource: Gap['source'] | null;
  /**
   * True when the latest reading alone is amber or red but the rule, switched on, raised no
   * finding: `periods` wants more readings running first. The band stays green (the rule
   * decides), and a screen can say the KPI is on watch rather than show a bare red slip. With the
   * rule off the band is `off` and the slip is a plain figure, so nothing is on watch.
   */
  readonly onWatch: boolean;
  readonly trend: Trend;
  /** Whether the last move went the way the KPI wants (for `maintain`: it is inside the band, or did not move). */
  readonly trendGood: boolean | null;
}

/**
 * A KPI's band and slip, for the KPI table, its detail, the present screen and anything else
 * that shows them (DESIGN §4 `kpi-threshold`: "every screen shows the band and the slip from this
 * one finding"). `findings` are the findings on this KPI (any rule; the kpi-threshold one is
 * picked out), as `evaluateRules` gives them, with the same `now` and the same `rules` (the
 * workspace's settings: without a finding, an enabled rule means green and a disabled one means
 * not judged).
 *
 * @example
 * const status = kpiStatus(kpi, findingsBySubject.get(`kpi:${kpi.id}`) ?? [], view.rules, now);
 * status.band // 'red'; status.slipText // '22% behind plan'
 */
export function kpiStatus(kpi: KpiView, findings: readonly Finding[], rules: Readonly<Record<string, RuleSetting>>, now: Date): KpiStatus {
  const readings = recentReadings(kpi, now, 2);
  const latest = readings[readings.length - 1] ?? null;
  const finding =
    findings.find((candidate) => candidate.rule === 'kpi-threshold' && candidate.subject.type === 'kpi' && candidate.subject.id === kpi.id) ?? null;
  const assessment = assessThreshold(kpi, 1, now);
  const gap = assessment?.gap ?? null;
  const slipPct = finding ? evidenceSlip(finding) : gap === null ? null : gap.source === 'range' ? Math.max(0, gap.slipPct ?? 0) : gap.slipPct;
  const judged = thresholdJudges(rules);
  const band: ShownBand | null = finding ? finding.severity : latest === null ? null : judged ? 'green' : 'off';
  // The latest reading alone reaches amber or red: said as a slip, whether or not a finding followed.
  const pastThreshold = gap !== null && bandOf(gap, kpi.amberPct, kpi.redPct) !== null;
  const onWatch = judged && finding === null && pastThreshold;
  const previous = readings[readings.length - 2] ?? null;
  let trend: Trend = null;
  let trendGood: boolean | null = null;
  if (latest && previous) {
    const delta = latest.value - previous.value;
    trend = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
    if (kpi.direction === 'increase') trendGood = delta >= 0;
    else if (kpi.direction === 'decrease') trendGood = delta <= 0;
    else trendGood = gapAt(kpi, latest.value, latest.atMs)?.shortfall === 0 || delta === 0;
  }
  return {
    band,
    finding,
    latest,
    slipPct,
    slipText: slipWords(kpi, gap, slipPct, finding !== null || pastThreshold),
    reference: gap?.reference ?? null,
    referenceSource: gap?.source ?? null,
    onWatch,
    trend,
    trendGood,
  };
}

/** Whether the workspace's settings leave `kpi-threshold` on (it is unless switched off: DESIGN §3 `rules`). */
export function thresholdJudges(rules: Readonly<Record<string, RuleSetting>>): boolean {
  return rules['kpi-threshold']?.enabled !== false;
}

/** The finding's own slip: a number, or null for a zero reference (any shortfall is red). */
function evidenceSlip(finding: Finding): number | null {
  const slip = finding.evidence.slipPct;
  return typeof slip === 'number' && Number.isFinite(slip) ? slip : null;
}

function slipWords(kpi: KpiView, gap: Gap | null, slipPct: number | null, off: boolean): string | null {
  if (gap === null) return null;
  if (gap.source === 'range') {
    if (!off && (slipPct === null || slipPct <= 0)) return 'inside the band';
    const share = slipPct === null ? '' : `${formatPct(slipPct)} of ${gap.basis === 'bound' ? 'the bound' : "the band's width"} `;
    return `${share}outside the band`;
  }
  const against = gap.source === 'plan' ? 'plan' : 'target';
  if (slipPct === null) return off ? `${kpi.direction === 'increase' ? 'below' : 'above'} ${against}` : `on ${against}`;
  if (slipPct > 0) return `${formatPct(slipPct)} ${kpi.direction === 'increase' ? 'behind' : 'above'} ${against}`;
  if (slipPct < 0) return `${formatPct(-slipPct)} ahead of ${against}`;
  return `on ${against}`;
}
