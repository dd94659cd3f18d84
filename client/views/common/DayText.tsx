import { formatDate } from '../../../shared/rules/format';
import { parseDay } from '../../../shared/schema/utc-dates';

/**
 * A document date (`YYYY-MM-DD`) in words, as the rules' messages and the agenda write dates
 * ("12 Dec 2026", `formatDate`); anything that is not a date shows as stored.
 *
 * @example
 * dayInWords('2026-12-12') // '12 Dec 2026'
 */
export function dayInWords(day: string): string {
  const ms = parseDay(day);
  return ms === null ? day : formatDate(ms);
}

/** A date in words, with the machine-readable date kept in `datetime` (SPEC U38). */
export function DayText(props: { day: string }) {
  return <time datetime={props.day}>{dayInWords(props.day)}</time>;
}
