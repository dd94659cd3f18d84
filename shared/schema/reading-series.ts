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
 * `recent` checks that order once (comparing the dates, nothing allocated) and makes views of only
 * the last items. `all` makes the whole list, on first use, for screens that show it.
 */
export class ReadingSeries {
  private views: readonly ReadingView[] | null = null;
  private dateOrdered: boolean | null = null;
  private tail: readonly ReadingView[] | null = null;
  private tailIsAll = false;

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
    for (let want = count; ; ) {
      const tail = this.lastViews(want);
      const ahead = aheadCount(tail, nowMs);
      if (tail.length - ahead >= count || this.tailIsAll) return lastCounted(tail, ahead, count);
      want = tail.length + count;
    }
  }

  /** The readings of `all()` dated more than a day after `nowMs`, oldest first. */
  ahead(nowMs: number): readonly ReadingView[] {
    for (let want = 1; ; ) {
      const tail = this.lastViews(want);
      const ahead = aheadCount(tail, nowMs);
      if (ahead < tail.length || this.tailIsAll) return ahead === 0 ? NONE : tail.slice(tail.length - ahead);
      want = tail.length + 1;
    }
  }

  /**
   * At least the last `want` readings of `all()` (all of them when there are fewer), oldest
   * first, kept for the next caller: the rules ask each series for a few of its last readings
   * several times per evaluation, and again at every evaluation while it is unchanged.
   */
  private lastViews(want: number): readonly ReadingView[] {
    if (this.tail !== null && (this.tail.length >= want || this.tailIsAll)) return this.tail;
    if (!this.inDateOrder()) {
      this.tail = this.all();
      this.tailIsAll = true;
      return this.tail;
    }
    // In date order the readings of one date are next to each other and the last of them wins:
    // walking back, the first reading met on a date is its reading and the others are replaced.
    const size = Math.max(want, MIN_TAIL, 2 * (this.tail?.length ?? 0));
    const found: ReadingView[] = [];
    let laterDay = Number.NaN;
    let i = this.items.length - 1;
    for (; i >= 0 && found.length < size; i--) {
      const atMs = atMsOf(this.items[i]);
      if (atMs === null) continue;
      const day = Math.floor(atMs / DAY_MS);
      if (day === laterDay) continue;
      laterDay = day;
      found.push(toReadingView(this.items[i], i)!);
    }
    this.tailIsAll = !this.hasReadingAtOrBefore(i);
    this.tail = found.reverse();
    return this.tail;
  }

  /** Whether any item at `index` or before it is a reading. */
  private hasReadingAtOrBefore(index: number): boolean {
    for (let i = index; i >= 0; i--) if (atMsOf(this.items[i]) !== null) return true;
    return false;
  }

  /** Whether the readable items' instants never go back in the stored order (checked once). */
  private inDateOrder(): boolean {
    if (this.dateOrdered === null) this.dateOrdered = daysAscending(this.items) || instantsAscending(this.items);
    return this.dateOrdered;
  }
}

/**
 * True when every item's `at` is a `YYYY-MM-DD` text and they never go back in the stored order,
 * compared as text: for such dates text order is date order, and comparing costs less than
 * parsing (readings are nearly always stored so). False when that is not known.
 */
function daysAscending(items: readonly unknown[]): boolean {
  let previous = '';
  for (const raw of items) {
    if (typeof raw !== 'object' || raw === null) continue;
    const at = (raw as Partial<Reading>).at;
    if (typeof at !== 'string') continue;
    if (at.length !== 10 || at < previous) return false;
    previous = at;
  }
  return true;
}

/** Whether the readable items' instants never go back in the stored order. */
function instantsAscending(items: readonly unknown[]): boolean {
  let previous = -Infinity;
  for (const raw of items) {
    const atMs = atMsOf(raw);
    if (atMs === null) continue;
    if (atMs < previous) return false;
    previous = atMs;
  }
  return true;
}

const NONE: readonly never[] = Object.freeze([]);
/** The fewest readings `lastViews` makes: enough for the rules' defaults (kpi-trend looks at 6). */
const MIN_TAIL = 8;

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
  if (series) return series.recent(nowMs, count);
  return lastCounted(kpi.readings, aheadCount(kpi.readings, nowMs), count);
}

/** The readings dated more than a day after `now` (what `kpi-reading-date` reports), oldest first. */
export function readingsDatedAhead(kpi: KpiView, now: Date | number): readonly ReadingView[] {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const series = seriesOfView.get(kpi);
  if (series) return series.ahead(nowMs);
  const ahead = aheadCount(kpi.readings, nowMs);
  return ahead === 0 ? NONE : kpi.readings.slice(kpi.readings.length - ahead);
}

/** How many readings at the end of a one-per-date list (oldest first) are dated more than a day after `nowMs`. */
function aheadCount(readings: readonly ReadingView[], nowMs: number): number {
  let ahead = 0;
  while (ahead < readings.length && isDatedAhead(readings[readings.length - 1 - ahead]!.atMs, nowMs)) ahead++;
  return ahead;
}

/** The last `count` readings before the `ahead` ones at the end. */
function lastCounted(readings: readonly ReadingView[], ahead: number, count: number): readonly ReadingView[] {
  const end = readings.length - ahead;
  const start = Math.max(0, end - count);
  return start === 0 && end === readings.length ? readings : readings.slice(start, end);
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
