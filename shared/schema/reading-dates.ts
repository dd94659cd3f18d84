import { DAY_MS } from './utc-dates';
import type { KpiView, ReadingView } from './view-types';

/**
 * How far ahead of `now` a reading may be dated (DESIGN §4 "Readings"): one day, so a reading
 * entered in the evening in Sydney for tomorrow's date is still today somewhere. Anything later is
 * a typo (2026 for 2025): refused by every writer that validates, and left out of the rules.
 */
export const READING_LEAD_MS = DAY_MS;

/** Whether a reading at `atMs` is dated more than a day after `now`. */
export function isDatedAhead(atMs: number, now: Date | number): boolean {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return atMs - nowMs > READING_LEAD_MS;
}

/**
 * The readings the rules count at `now`: the view's readings (one per date, oldest first) without
 * those dated more than a day ahead. Readings are sorted, so these are a prefix; when there is no
 * such reading (nearly always) the view's own array is returned, allocating nothing.
 *
 * @example
 * countedReadings(kpi, now).at(-1) // the latest reading kpi-threshold judges
 */
export function countedReadings(kpi: KpiView, now: Date | number): readonly ReadingView[] {
  const readings = kpi.readings;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  let end = readings.length;
  while (end > 0 && isDatedAhead(readings[end - 1]!.atMs, nowMs)) end--;
  return end === readings.length ? readings : readings.slice(0, end);
}

/** The readings dated more than a day after `now` (what `kpi-reading-date` reports), oldest first. */
export function readingsDatedAhead(kpi: KpiView, now: Date | number): readonly ReadingView[] {
  const counted = countedReadings(kpi, now);
  return counted.length === kpi.readings.length ? [] : kpi.readings.slice(counted.length);
}
