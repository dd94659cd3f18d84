/**
 * Dates in the document are `YYYY-MM-DD` strings read as UTC midnight, and "today" is the UTC
 * date of `now`, so the browser in Sydney and the server in Frankfurt agree on what is overdue.
 * Readings may also carry a full ISO timestamp.
 */
export const DAY_MS = 86_400_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Parsed days, remembered: a workspace uses a few hundred distinct dates across thousands of
 * nodes and readings, and the view is read after every change. Bounded so odd input cannot grow it.
 */
const parsedDays = new Map<string, number | null>();
const PARSED_DAYS_LIMIT = 20_000;

/** UTC midnight of a real calendar date (2025-02-30 is refused), or null. */
export function parseDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const known = parsedDays.get(value);
  if (known !== undefined) return known;
  if (parsedDays.size >= PARSED_DAYS_LIMIT) parsedDays.clear();
  const ms = computeDay(value);
  parsedDays.set(value, ms);
  return ms;
}

function computeDay(value: string): number | null {
  const match = DAY_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return ms;
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
