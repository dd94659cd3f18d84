import { createEffect, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { KpiView } from '../../../shared/schema/view-types';
import { chartData, chartOptions } from './chart-data';

/** Plan versus actual with the threshold bands (uPlot); redrawn in place when data changes. */
export function KpiChart(props: { kpi: KpiView }) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  onMount(() => {
    const width = Math.max(320, host.clientWidth);
    // In UTC, as every date of the document (utc-dates): a day's ticks fall on its readings, wherever the browser is.
    const utc = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');
    plot = new uPlot({ ...chartOptions(props.kpi, width), tzDate: utc }, chartData(props.kpi), host);
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(320, host.clientWidth), height: 260 }));
    resize.observe(host);
    onCleanup(() => {
      resize.disconnect();
      plot?.destroy();
    });
  });
  createEffect(() => plot?.setData(chartData(props.kpi)));
  return (
    <figure class="kpi-chart">
      <div ref={host} role="img" aria-label={`${props.kpi.name}: actual readings against the reference the rule uses, with the amber and red thresholds`} data-testid="kpi-chart" />
    </figure>
  );
}
