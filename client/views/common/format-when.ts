import { formatDate } from '../../../shared/rules/format';

/**
 * An instant as people read it in lists: "12 Mar 2025, 14:05" (or "2:05 PM", as their locale
 * writes times), in their own time zone. The date is written as every screen writes dates
 * (SPEC U38), not in the browser's order ("Mar 12, 2025"), so a log entry and the card beside
 * it agree.
 */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const localDay = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  return `${formatDate(localDay)}, ${date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** Whether `date` fell on the reader's day `now` (their time zone). */
function isSameLocalDay(date: Date, now: Date): boolean {
  return date.toDateString() === now.toDateString();
}

/**
 * An instant said against the reader's today: its time alone when it fell today ("10:56 AM"),
 * else with its date as `formatWhen` writes it. A meeting that "ended at 10:56" or a review "in
 * triage since 10:56", opened a week later, read as this morning.
 */
export function formatMoment(iso: string, now: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return isSameLocalDay(date, now) ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : formatWhen(iso);
}

/** `formatMoment` after a verb: "at 10:56 AM" today, "on 7 Dec 2026, 10:56 AM" on another day. */
export function atMoment(iso: string, now: Date): string {
  return `${isSameLocalDay(new Date(iso), now) ? 'at' : 'on'} ${formatMoment(iso, now)}`;
}
