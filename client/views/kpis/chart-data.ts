import type uPlot from 'uplot';
import { referenceAt } from '../../../shared/rules/kpi-math';
import type { KpiView } from '../../../shared/schema/view-types';

/**
 * The series of the plan-versus-actual chart, on one shared time axis (uPlot wants aligned
 * columns): actual readings, the reference (the plan where there is one, else the target) and
 * the amber and red thresholds around it, which is where `kpi-threshold` draws its bands.
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
  // With the maintain direction the "reference" is the band itself: lower and upper bounds.
  const sign = kpi.direction === 'decrease' ? 1 : -1;
  const reference = (ms: number): number | null => {
    if (kpi.direction === 'maintain') return null;
    // The reference kpi-threshold uses: the plan, then the line from its last point to the target.
    return referenceAt(kpi, ms)?.value ?? null;
  };
  const threshold = (ms: number, pct: number): number | null => {
    if (kpi.direction === 'maintain') return pct === kpi.amberPct ? kpi.lower : kpi.upper;
    const ref = reference(ms);
    return ref === null ? null : ref + sign * Math.abs(ref) * (pct / 100);
  };
  return [
    xs.map((ms) => ms / 1000),
    xs.map((ms) => actual.get(ms) ?? null),
    xs.map((ms) => reference(ms)),
    xs.map((ms) => threshold(ms, kpi.amberPct)),
    xs.map((ms) => threshold(ms, kpi.redPct)),
  ];
}

export function chartOptions(kpi: KpiView, width: number): uPlot.Options {
  const maintain = kpi.direction === 'maintain';
  return {
    width,
    height: 260,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    series: [
      {},
      { label: 'Actual', stroke: '#1b1f27', width: 2, points: { size: 6, fill: '#1b1f27' }, spanGaps: true },
      { label: kpi.plan.length > 0 ? 'Plan' : 'Target', stroke: '#3b5bdb', width: 2, dash: [6, 4], spanGaps: true, show: !maintain },
      { label: maintain ? 'Lower bound' : 'Amber threshold', stroke: '#f59f00', width: 1, spanGaps: true },
      { label: maintain ? 'Upper bound' : 'Red threshold', stroke: '#c92a2a', width: 1, spanGaps: true },
    ],
    bands: maintain
      ? [{ series: [4, 3], fill: 'rgba(31, 138, 76, 0.10)' }]
      : [
          { series: [2, 3], fill: 'rgba(245, 159, 0, 0.14)' },
          { series: [3, 4], fill: 'rgba(201, 42, 42, 0.12)' },
        ],
    axes: [{ stroke: '#5d6675', grid: { stroke: '#eef0f3' } }, { stroke: '#5d6675', grid: { stroke: '#eef0f3' }, label: kpi.unit }],
  };
}
