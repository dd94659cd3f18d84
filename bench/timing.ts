import { performance } from 'node:perf_hooks';

export interface Row {
  label: string;
  median: number;
  p95: number;
}

/** Times `measure` after `prepare` (untimed) for each of `warmUp + runs` runs; the warm-up runs are not counted. */
export function timeRuns(warmUp: number, runs: number, label: string, measure: (i: number) => void, prepare: (i: number) => void = () => {}): Row {
  const samples: number[] = [];
  for (let i = 0; i < warmUp + runs; i++) {
    prepare(i);
    const start = performance.now();
    measure(i);
    if (i >= warmUp) samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { label, median: at(0.5), p95: at(0.95) };
}
