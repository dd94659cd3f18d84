import { DAY_MS } from './utc-dates';

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
