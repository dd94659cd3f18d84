import { isDatedAhead } from './reading-dates';
import type { Reading } from './types';
import { DAY_MS, parseInstant } from './utc-dates';
import type { KpiView, ReadingView } from './view-types';

/**
 * A KPI's stored readings (the items of its `readings` Y.Array), read only as far as a caller
 * needs. The rules look at the last few readings of every KPI, while a workspace's first read
 * would otherwise turn every stored reading into a view (25,000 in bench/rules.ts, a quarter of
 * the read's time and half of what it allocates). Readings are nearly always stored in date
 * order (they are appended as they are measured), and then the last readings are the last items:
 * `recent` checks that order once (one date parse per item, nothing allocated) and reads only the
 * items it returns. `all` makes the whole list, on first use, for screens that show it.
 */
export class ReadingSeries {
  private views: readonly ReadingView[] | null = null;
  private dateOrdered: boolean | null = null;

  constructor(private readonly items: readonly unknown[]) {}

  /**
   * One reading per UTC date, oldest first (DESIGN §4 "Readings"): of several on a date, the
   * last written wins, "last" meaning later in the stored array (every replica holds the same
   * array in the same order, so every replica keeps the same reading). Made once.
   */
  all(): readonly ReadingView[] {
    if (this.views === null) this.views = onePerDay(this.items.map(toReadingView));
    return this.views;
  }

  /** The last `count` of `all()` that are not dated more than a day after `nowMs`, oldest first. */
  recent(nowMs: number, count: number): readonly ReadingView[] {
    if (!this.inDateOrder()) return lastCounted(this.all(), nowMs, count);
    const found: ReadingView[] = [];
    this.walkBack((index, atMs) => {
      if (!isDatedAhead(atMs, nowMs)) found.push(toReadingView(this.items[index], index)!);
      return found.length < count;
    });
    return found.reverse();
  }

  /** The readings of `all()` dated more than a day after `nowMs`, oldest first. */
  ahead(nowMs: number): readonly ReadingView[] {
    if (!this.inDateOrder()) return datedAhead(this.all(), nowMs);
    const found: ReadingView[] = [];
    this.walkBack((index, atMs) => {
      if (!isDatedAhead(atMs, nowMs)) return false;
      found.push(toReadingView(this.items[index], index)!);
      return true;
    });
    return found.length === 0 ? NONE : found.reverse();
  }

  /**
   * Visits the readings of `all()` newest first, while `visit` returns true, for a series in date
   * order: there the readings of one date are next to each other and the last of them wins, so
   * walking back, the first reading met on a date is its reading and the others are skipped.
   */
  private walkBack(visit: (index: number, atMs: number) => boolean): void {
    let laterDay = Number.NaN;
    for (let i = this.items.length - 1; i >= 0; i--) {
      const atMs = atMsOf(this.items[i]);
      if (atMs === null) continue;
      const day = Math.floor(atMs / DAY_MS);
      if (day === laterDay) continue;
      laterDay = day;
      if (!visit(i, atMs)) return;
    }
  }

  /** Whether the readable items' instants never go back in the stored order (checked once). */
  private inDateOrder(): boolean {
    if (this.dateOrdered === null) {
      let previous = -Infinity;
      let ordered = true;
      for (let i = 0; i < this.items.length && ordered; i++) {
        const atMs = atMsOf(this.items[i]);
        if (atMs === null) continue;
        ordered = atMs >= previous;
        previous = atMs;
      }
      this.dateOrdered = ordered;
    }
    return this.dateOrdered;
  }
}

const NONE: readonly never[] = Object.freeze([]);

/** The series behind each KPI view `readKpi` made (a view made any other way has none). */
const seriesOfView = new WeakMap<KpiView, ReadingSeries>();

/**
 * Makes `view` a KPI view whose `readings` are `series.all()`, worked out on first use: an
 * enumerable own property like the others (spreading or comparing a view reads it), and the
 * rules' `recentReadings` reach the series behind it without making the list.
 */
export function withReadings(view: Omit<KpiView, 'readings'>, series: ReadingSeries): KpiView {
  Object.defineProperty(view, 'readings', READINGS);
  seriesOfView.set(view as KpiView, series);
  return view as KpiView;
}

const READINGS: PropertyDescriptor = {
  enumerable: true,
  get(this: KpiView) {
    return seriesOfView.get(this)!.all();
  },
};

/**
 * The last `count` readings the rules count at `now` (DESIGN §4 "Readings": one per date, none
 * dated more than a day ahead), oldest first; fewer when there are fewer.
 *
 * @example
 * recentReadings(kpi, now, 1)[0] // the latest reading kpi-threshold judges
 */
export function recentReadings(kpi: KpiView, now: Date | number, count: number): readonly ReadingView[] {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const series = seriesOfView.get(kpi);
  return series ? series.recent(nowMs, count) : lastCounted(kpi.readings, nowMs, count);
}

/** The readings dated more than a day after `now` (what `kpi-reading-date` reports), oldest first. */
export function readingsDatedAhead(kpi: KpiView, now: Date | number): readonly ReadingView[] {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const series = seriesOfView.get(kpi);
  return series ? series.ahead(nowMs) : datedAhead(kpi.readings, nowMs);
}

/** The last `count` readings of a one-per-date list (oldest first) not dated more than a day after `nowMs`. */
function lastCounted(readings: readonly ReadingView[], nowMs: number, count: number): readonly ReadingView[] {
  const end = readings.length - datedAhead(readings, nowMs).length;
  return readings.slice(Math.max(0, end - count), end);
}

/** The readings of a one-per-date list (oldest first) dated more than a day after `nowMs`: a suffix. */
function datedAhead(readings: readonly ReadingView[], nowMs: number): readonly ReadingView[] {
  let start = readings.length;
  while (start > 0 && isDatedAhead(readings[start - 1]!.atMs, nowMs)) start--;
  return start === readings.length ? NONE : readings.slice(start);
}

/** A stored item's instant when it is a reading (a date that parses and a finite value), else null. */
function atMsOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { at, value } = raw as Partial<Reading>;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return parseInstant(at);
}

function toReadingView(raw: unknown, index: number): ReadingView | null {
  const atMs = atMsOf(raw);
  if (atMs === null) return null;
  const { at, value, source } = raw as Reading;
  return { at, atMs, value, source: typeof source === 'string' ? source : '', index };
}

/**
 * The views (readings or plan points) in time order, unreadable items left out;
 * Array.prototype.sort is stable, so equal instants keep the stored order.
 */
export function sortByTime<T extends { atMs: number }>(views: readonly (T | null)[]): T[] {
  const out: T[] = [];
  let sorted = true;
  for (const view of views) {
    if (view === null) continue;
    if (out.length > 0 && out[out.length - 1]!.atMs > view.atMs) sorted = false;
    out.push(view);
  }
  if (!sorted) out.sort((a, b) => a.atMs - b.atMs);
  return out;
}

/** Sorted by time, then one reading per UTC date: the one latest in the stored array. */
function onePerDay(views: readonly (ReadingView | null)[]): ReadingView[] {
  const out = sortByTime(views);
  let repeats = false;
  for (let i = 1; i < out.length && !repeats; i++) repeats = dayOf(out[i - 1]!) === dayOf(out[i]!);
  if (!repeats) return out;
  const kept: ReadingView[] = [];
  for (const reading of out) {
    const last = kept[kept.length - 1];
    if (last === undefined || dayOf(last) !== dayOf(reading)) kept.push(reading);
    else if (reading.index > last.index) kept[kept.length - 1] = reading;
  }
  return kept;
}

function dayOf(reading: ReadingView): number {
  return Math.floor(reading.atMs / DAY_MS);
}
