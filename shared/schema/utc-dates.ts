/**
 * Dates in the document are `YYYY-MM-DD` strings read as UTC midnight, and "today" is the UTC
 * date of `now`, so the browser in Sydney and the server in Frankfurt agree on what is overdue.
 * Readings may also carry a full ISO timestamp.
 */
export const DAY_MS = 86_400_000;

const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ZERO = 48;
const DASH = 45;

/**
 * UTC midnight of a real calendar date written `YYYY-MM-DD` (2025-02-30 is refused, and so are
 * years before 100, which `Date.UTC` would read as 19xx), or null. Read from the characters
 * directly: a workspace's first read parses every node's dates and every KPI's readings (25,000
 * in the benchmark), and a regular expression or a lookup table of parsed days costs several
 * times more per date than this does.
 */
export function parseDay(value: unknown): number | null {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return null;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  // A character that is not a digit reads as NaN, which fails every comparison below.
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return null;
  return daysFromCivil(year, month, day) * DAY_MS;
}

/** The decimal digit at `at`, or NaN when it is not one. */
function digit(text: string, at: number): number {
  const value = text.charCodeAt(at) - ZERO;
  return value >= 0 && value <= 9 ? value : Number.NaN;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`, for years
 * from 100 on): what `Date.UTC(year, month - 1, day) / DAY_MS` is, without a call into the date
 * library.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A `YYYY-MM-DD` day or a full ISO timestamp with a zone, as epoch milliseconds; else null. */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  if (value.length === 10) return parseDay(value);
  const match = INSTANT_PATTERN.exec(value);
  if (!match || parseDay(match[1]) === null) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function isDay(value: unknown): value is string {
  return parseDay(value) !== null;
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** UTC midnight of `now`'s date: the "today" every rule compares due dates with. */
export function todayMs(now: Date): number {
  return startOfUtcDay(now.getTime());
}

export function formatDay(ms: number): string {
  return new Date(startOfUtcDay(ms)).toISOString().slice(0, 10);
}

/** The day `days` after `day` (negative for before). */
export function addDays(day: string | number, days: number): string {
  const base = typeof day === 'number' ? startOfUtcDay(day) : parseDay(day);
  if (base === null) throw new RangeError(`Not a YYYY-MM-DD date: ${String(day)}`);
  return formatDay(base + days * DAY_MS);
}
