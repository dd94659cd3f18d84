import { createSignal, onCleanup, type Accessor } from 'solid-js';

/** The server's time as this browser best knows it. */
export interface ServerClock {
  now(): Date;
  /** Counts the measurements taken: what read `now()` before the first one read the local clock. */
  measured: Accessor<number>;
}

const SAMPLES = 3;
const REMEASURE_MS = 10 * 60_000;

/**
 * Meeting timers and outcome stamps are written by one screen and read by every other, so they
 * are kept in the server's time rather than each laptop's: a present screen whose clock runs a
 * minute slow would otherwise show the item's timer a minute short, and a facilitator whose clock
 * runs ahead would stamp an outcome after findings she never saw. The offset is measured against
 * `GET /api/health` (its `now`), taking the sample with the shortest round trip, and measured
 * again now and then; until the first answer, and offline, the local clock stands in.
 */
export function createServerClock(): ServerClock {
  let offset = 0;
  let disposed = false;
  const [measured, setMeasured] = createSignal(0);
  const measure = async () => {
    let best: { rtt: number; offset: number } | null = null;
    for (let i = 0; i < SAMPLES && !disposed; i++) {
      try {
        const sent = Date.now();
        const response = await fetch('/api/health', { cache: 'no-store' });
        const received = Date.now();
        const { now } = (await response.json()) as { now?: unknown };
        if (typeof now !== 'number' || !Number.isFinite(now)) return;
        const sample = { rtt: received - sent, offset: now - (sent + received) / 2 };
        if (best === null || sample.rtt < best.rtt) best = sample;
      } catch {
        return;
      }
    }
    if (best === null) return;
    offset = best.offset;
    setMeasured((count) => count + 1);
  };
  void measure();
  const timer = setInterval(() => void measure(), REMEASURE_MS);
  onCleanup(() => {
    disposed = true;
    clearInterval(timer);
  });
  return { now: () => new Date(Date.now() + offset), measured };
}
