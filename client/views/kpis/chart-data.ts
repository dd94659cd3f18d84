import type uPlot from 'uplot';
import { referenceAt, thresholdAt } from '../../../shared/rules/kpi-math';
import { formatDate } from '../../../shared/rules/format';
import { DAY_MS } from '../../../shared/schema/utc-dates';
import type { KpiView } from '../../../shared/schema/view-types';
import { formatNumber } from '../../state/kpi-status';

/**
 * The series of the chart, on one shared time axis (uPlot wants aligned columns): the actual
 * readings, the reference `kpi-threshold` used (`referenceAt`: the plan, then the line from its
 * last point to the target at targetDate, then the target) and the amber and red thresholds
 * around it (`thresholdAt`), which is where the rule draws its bands. For `maintain`: the band's
 * bounds and the red thresholds outside them.
 */
export function chartData(kpi: KpiView): uPlot.AlignedData {
  const times = new Set<number>();
  for (const reading of kpi.readings) times.add(reading.atMs);
  for (const point of kpi.plan) times.add(point.atMs);
  if (kpi.startMs !== null) times.add(kpi.startMs);
  if (kpi.targetMs !== null) times.add(kpi.targetMs);
  const xs = [...times].sort((a, b) => a - b);
  const actual = new Map<number, number>();
  for (const reading of kpi.readings) actual.set(reading.atMs, reading.value);
  if (kpi.direction === 'maintain') {
    return [
      xs.map((ms) => ms / 1000),
      xs.map((ms) => actual.get(ms) ?? null),
      xs.map(() => kpi.lower),
      xs.map(() => kpi.upper),
      xs.map((ms) => thresholdAt(kpi, ms, kpi.redPct, 'low')),
      xs.map((ms) => thresholdAt(kpi, ms, kpi.redPct, 'high')),
    ];
  }
  return [
    xs.map((ms) => ms / 1000),
    xs.map((ms) => actual.get(ms) ?? null),
    xs.map((ms) => referenceAt(kpi, ms)?.value ?? null),
    xs.map((ms) => thresholdAt(kpi, ms, kpi.amberPct)),
    xs.map((ms) => thresholdAt(kpi, ms, kpi.redPct)),
  ];
}

export function chartOptions(kpi: KpiView, width: number): uPlot.Options {
  const maintain = kpi.direction === 'maintain';
  // The legend words each figure as the KPI table does (SPEC U39): uPlot's own format shows
  // float noise and grouping the table never does, and its time with an hour readings lack.
  const figure = (_: uPlot, value: number | null) => formatNumber(value, kpi.unit);
  const series = (options: uPlot.Series): uPlot.Series => ({ ...options, value: figure });
  const time: uPlot.Series = { value: (_, seconds) => (seconds === null ? '–' : formatDate(seconds * 1000)) };
  return {
    width,
    height: 260,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    // uPlot's first draw fires setCursor too, with the cursor off the chart.
    hooks: { setData: [restOnLatest], setCursor: [restOnLatest] },
    scales: { x: { time: true } },
    series: maintain
      ? [
          time,
          series({ label: 'Actual', stroke: '#1b1f27', width: 2, points: { size: 6, fill: '#1b1f27' }, spanGaps: true }),
          series({ label: 'Lower bound', stroke: '#1f8a4c', width: 1, spanGaps: true }),
          series({ label: 'Upper bound', stroke: '#1f8a4c', width: 1, spanGaps: true }),
          series({ label: 'Red below', stroke: '#c92a2a', width: 1, dash: [4, 4], spanGaps: true }),
          series({ label: 'Red above', stroke: '#c92a2a', width: 1, dash: [4, 4], spanGaps: true }),
        ]
      : [
          time,
          series({ label: 'Actual', stroke: '#1b1f27', width: 2, points: { size: 6, fill: '#1b1f27' }, spanGaps: true }),
          series({ label: kpi.plan.length > 0 ? 'Plan, then to target' : 'Target', stroke: '#3b5bdb', width: 2, dash: [6, 4], spanGaps: true }),
          series({ label: 'Amber threshold', stroke: '#c27a00', width: 1, spanGaps: true }),
          series({ label: 'Red threshold', stroke: '#c92a2a', width: 1, spanGaps: true }),
        ],
    bands: maintain
      ? [
          { series: [3, 2], fill: 'rgba(31, 138, 76, 0.10)' },
          { series: [2, 4], fill: 'rgba(245, 159, 0, 0.14)' },
          { series: [5, 3], fill: 'rgba(245, 159, 0, 0.14)' },
        ]
      : [
          { series: [2, 3], fill: 'rgba(245, 159, 0, 0.14)' },
          { series: [3, 4], fill: 'rgba(201, 42, 42, 0.12)' },
        ],
    axes: [
      // Readings are days: ticks a day apart or more, each a date ("4 Dec", or "Jan 2025" a month
      // apart or more), never the hours uPlot divides a short span into.
      { stroke: '#5d6675', grid: { stroke: '#eef0f3' }, incrs: TICK_STEPS, values: (_, splits) => tickLabels(splits) },
      { stroke: '#5d6675', grid: { stroke: '#eef0f3' }, label: kpi.unit, size: valuesWidth },
    ],
  };
}

/**
 * The value axis as wide as its longest tick label: uPlot's fixed 50 px put the unit over labels
 * such as "100.025" (a band KPI kept near 100 %). uPlot asks again as the labels change; from its
 * third try on it keeps the width it has, so the layout settles.
 */
function valuesWidth(self: uPlot, values: string[] | null, axisIdx: number, cycleNum: number): number {
  const axis = self.axes[axisIdx]!;
  const settled = (axis as { _size?: number })._size;
  if (cycleNum > 1 && settled !== undefined) return settled;
  const longest = (values ?? []).reduce((widest, value) => (value.length > widest.length ? value : widest), '');
  const font = Array.isArray(axis.font) ? axis.font[0] : axis.font;
  if (font) self.ctx.font = font;
  const text = longest === '' ? 0 : self.ctx.measureText(longest).width / devicePixelRatio;
  return Math.ceil(text + (axis.ticks?.size ?? 10) + (axis.gap ?? 5) + 4);
}

const DAY_SECONDS = DAY_MS / 1000;
/**
 * Tick spacings of the time axis, in seconds: a day, two, a week, two; then a month, a quarter,
 * half a year (uPlot reads a step of 28 days or more as whole months); then one, two, five and ten years.
 */
const TICK_STEPS = [1, 2, 7, 14, 30, 91, 182, 365, 730, 1826, 3652].map((days) => days * DAY_SECONDS);

/**
 * The ticks' labels: a day without its year ("4 Dec") when they are less than a month apart (the
 * legend carries the year); the month and year ("Jan 2025") when further, as a span of years has
 * many a "1 Jan".
 */
function tickLabels(splits: readonly number[]): string[] {
  const monthly = splits.length > 1 && splits[1]! - splits[0]! >= 28 * DAY_SECONDS;
  return splits.map((seconds) => {
    const [day, ...monthYear] = formatDate(seconds * 1000).split(' ');
    return monthly ? monthYear.join(' ') : `${day} ${monthYear[0]}`;
  });
}

/**
 * With no cursor on the chart the legend reads the latest reading and what it was judged against,
 * not a row of dashes: a phone has no cursor, and a laptop's rests elsewhere. Without a reading
 * (the last one deleted) it is cleared, not left on a point the data no longer has.
 */
function restOnLatest(plot: uPlot): void {
  if (plot.cursor.idx != null) return;
  const actual = plot.data[1] ?? [];
  for (let at = actual.length - 1; at >= 0; at--) {
    if (actual[at] == null) continue;
    plot.setLegend({ idx: at });
    return;
  }
  plot.setLegend({ idxs: plot.series.map(() => null) });
}
