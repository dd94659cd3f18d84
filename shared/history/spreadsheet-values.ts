import { parseInstant } from '../schema/utc-dates';
import { quoted } from '../text/quoted';

/**
 * How people's spreadsheets write numbers and dates in a readings file (SPEC M24, M25): "9,5",
 * "1.250,5", "15.2%", "175 kUSD", "05/12/2026", "5 Dec 2026". A cell alone often cannot say what
 * it means ("1,250": 1250 or 1.25? "05/06/2026": 5 June or 6 May?), so these readers take the
 * file's reading (`DecimalMark`, `DateOrder`), which `reading-import.ts` decides once per file
 * from all of its cells. Pure.
 */

/** Which character ends a number's whole part: "1,250.5" (point) or "1.250,5" (comma). */
export type DecimalMark = 'point' | 'comma';
/** Which part of "05/12/2026" is the day: the first (day/month) or the second (month/day). */
export type DateOrder = 'dmy' | 'mdy';

/** What a number cell says of the file's decimal mark. */
type NumberShape =
  /** No separator: every mark reads it the same. */
  | { kind: 'plain' }
  /** Only one mark reads it: "9,5" and "1.250,5" are decimal comma, "1,250.5" and "1,250,000" decimal point. */
  | { kind: 'decides'; mark: DecimalMark }
  /** Either mark reads it, differently: "1,250" is 1250 or 1.25. */
  | { kind: 'either'; mark: DecimalMark }
  | { kind: 'unreadable' };

/** Longer than any number or date a person writes: such a cell is neither, and is not searched as one. */
const MAX_CELL = 64;
/**
 * Spaces (plain, no-break, narrow no-break) and the Swiss apostrophe group thousands in either
 * style: in threes, one kind per number, before any decimal mark ("1 250,5", "1'250.5").
 */
const SPACE_GROUPED = /^\d{1,3}([ '\u00a0\u202f])\d{3}(?:\1\d{3})*(?:[.,]\d+)?$/;
const GROUPING = /[ '\u00a0\u202f]/g;
/**
 * A number cell: an optional sign, an optional unit before the number ("$", "USD"), the number
 * with its separators, and an optional unit after it ("%", "kUSD", "h (FTE)"). One unit at most,
 * and none that starts with a parenthesis: those wrap an accounting negative whole
 * (`PARENTHESISED`), and half a pair ("(12", "12)") is no number.
 */
const NUMBER_CELL = /^([+\-\u2212]?)\s*([^\d\s.,+\-\u2212()][^\d]*?)?\s*([+\-\u2212]?)\s*(\d+(?:[.,'\s\u00a0\u202f]+\d+)*)\s*([^\d\s()][^\d]*)?$/;
/**
 * What the import has always read (`validateReading`'s numeric strings): "108.5", "-3", ".5", "1e3".
 * Each digit can be matched one way only: `\d+\.?\d*` splits a run of digits n ways and takes
 * seconds on a long cell that ends in a letter.
 */
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

interface NumberParts {
  negative: boolean;
  digits: string;
  unit: string | null;
}

/** A negative as accounting formats show one: "(175)", "(1,250.5)", "($175)". */
const PARENTHESISED = /^\((.*)\)$/;

function numberParts(cell: string): NumberParts | null {
  const text = cell.trim();
  if (text.length > MAX_CELL) return null;
  const parenthesised = PARENTHESISED.exec(text);
  const match = NUMBER_CELL.exec(parenthesised ? parenthesised[1]!.trim() : text);
  if (!match) return null;
  const [, outerSign, before, innerSign, digits, after] = match;
  // "(-3)" says minus twice: nobody means it, and its sign is no one's guess.
  if ((outerSign && innerSign) || (before && after) || (parenthesised && (outerSign || innerSign))) return null;
  // "12 15" and "3'5" group no thousands: stripped, they would land as 1215 and 35, which nobody wrote.
  if (/[\s']/.test(digits!) && !SPACE_GROUPED.test(digits!)) return null;
  const unit = (before ?? after ?? '').trim();
  const sign = outerSign || innerSign;
  return { negative: parenthesised !== null || (sign !== '' && sign !== '+'), digits: digits!.replace(GROUPING, ''), unit: unit === '' ? null : unit };
}

/** The number `parts` writes, its separators read with `mark`. */
function valueOf(parts: NumberParts, mark: DecimalMark): number {
  const [grouping, decimal] = mark === 'point' ? [/,/g, '.'] : [/\./g, ','];
  const value = Number(parts.digits.replace(grouping, '').replace(decimal, '.'));
  return parts.negative ? -value : value;
}

/** What a cell says of the file's decimal mark, judged on its number alone (its unit set aside). */
export function numberShape(cell: string): NumberShape {
  const text = cell.trim();
  if (text.length > MAX_CELL) return { kind: 'unreadable' };
  if (PLAIN_DECIMAL.test(text)) {
    if (!text.includes('.')) return { kind: 'plain' };
    // "1.250" could group thousands, as a decimal-comma file writes 1250.
    return /^[+-]?[1-9]\d{0,2}\.\d{3}$/.test(text) ? { kind: 'either', mark: 'point' } : { kind: 'decides', mark: 'point' };
  }
  const parts = numberParts(text);
  if (!parts) return { kind: 'unreadable' };
  const { digits } = parts;
  const commas = digits.split(',').length - 1;
  const points = digits.split('.').length - 1;
  if (commas > 0 && points > 0) {
    // The last mark is the decimal one; the other groups thousands before it.
    if (digits.lastIndexOf('.') > digits.lastIndexOf(',') && points === 1 && /^\d{1,3}(,\d{3})*\.\d+$/.test(digits)) return { kind: 'decides', mark: 'point' };
    if (digits.lastIndexOf(',') > digits.lastIndexOf('.') && commas === 1 && /^\d{1,3}(\.\d{3})*,\d+$/.test(digits)) return { kind: 'decides', mark: 'comma' };
    return { kind: 'unreadable' };
  }
  if (commas > 0) return oneMark(digits, ',', 'comma', 'point');
  if (points > 0) return oneMark(digits, '.', 'point', 'comma');
  return { kind: 'plain' };
}

/** A number written with one kind of mark: a decimal one ("9,5"), thousands ("1,250,000"), or either ("1,250"). */
function oneMark(digits: string, mark: ',' | '.', asDecimal: DecimalMark, asGrouping: DecimalMark): NumberShape {
  const pieces = digits.split(mark);
  const grouped = pieces.length > 1 && /^\d{1,3}$/.test(pieces[0]!) && pieces.slice(1).every((piece) => /^\d{3}$/.test(piece));
  if (pieces.length > 2) return grouped ? { kind: 'decides', mark: asGrouping } : { kind: 'unreadable' };
  // "0,250" groups nothing: a leading zero is only ever a decimal's.
  if (grouped && pieces[0] !== '0') return { kind: 'either', mark: asDecimal };
  return { kind: 'decides', mark: asDecimal };
}

/** A number cell read with the file's decimal mark, or why it cannot be read as one. */
type NumberReading = { ok: true; value: number } | { ok: false; reason: string };

/**
 * A value cell as a number in the KPI's unit: a unit written with it must be the KPI's
 * (compared without regard to case), and its separators must be the file's. Null when the cell
 * is no number at all, for `validateReading` to say so as it always has.
 *
 * @example readNumber('1.250,5 kUSD', 'comma', { name: 'Revenue', unit: 'kUSD' }) // { ok: true, value: 1250.5 }
 */
export function readNumber(cell: string, mark: DecimalMark, kpi: { name: string; unit: string }): NumberReading | null {
  const text = cell.trim();
  // Left to `validateReading`, which refuses it as no number.
  if (text.length > MAX_CELL) return null;
  if (mark === 'point' && PLAIN_DECIMAL.test(text)) return { ok: true, value: Number(text) };
  const parts = numberParts(text);
  if (!parts) return null;
  if (parts.unit !== null && !sameUnit(parts.unit, kpi.unit)) {
    return { ok: false, reason: `${quoted(text)} is in ${parts.unit}, but ${quoted(kpi.name)} ${kpi.unit.trim() === '' ? 'has no unit' : `is in ${kpi.unit.trim()}`}.` };
  }
  const shape = numberShape(text);
  if (shape.kind === 'unreadable') return { ok: false, reason: `${quoted(text)} is not a number this import can read: write it as 1250.5, 1,250.5 or 1.250,5.` };
  if (shape.kind === 'decides' && shape.mark !== mark) {
    return { ok: false, reason: `${quoted(text)} is written with a decimal ${shape.mark}, but this file's numbers are read with a decimal ${mark}.` };
  }
  const value = valueOf(parts, mark);
  return Number.isFinite(value) ? { ok: true, value } : null;
}

/**
 * What a value such as "1,250" or "1.250" (`numberShape` says either) is with `mark`, its unit
 * set aside: the preview says how such a value was read, and the question which reading is meant.
 *
 * @example hingeValue('1,250', 'comma') // 1.25
 */
export function hingeValue(cell: string, mark: DecimalMark): number {
  const parts = numberParts(cell);
  return parts ? valueOf(parts, mark) : Number.NaN;
}

function sameUnit(written: string, unit: string): boolean {
  const plain = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return plain(written) === plain(unit);
}

/** What a date cell says of the file's date order. */
type DateShape =
  /** ISO, year first, a month in words, or dotted (always day first): no order needed. */
  | { kind: 'fixed' }
  /** "25/12/2026" can only be day/month; "12/25/2026" only month/day. */
  | { kind: 'decides'; order: DateOrder }
  /** "05/12/2026": either order reads it, differently. */
  | { kind: 'either' }
  | { kind: 'unreadable' };

const ISO = /^\d{4}-\d{2}-\d{2}(T.*)?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * An ISO timestamp with its zone and a space where the T goes ("2026-11-25 21:15:00Z",
 * "2026-11-25 21:15+01:00"), as spreadsheets and databases print one: the zone makes it one
 * instant, so it is read as the T form is (M25), not as a date with a time of day and no zone.
 */
const ISO_SPACED = /^(\d{4}-\d{2}-\d{2}) +((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))$/;
const YEAR_FIRST = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})$/i;
const MONTH_NAME_DAY = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The month (1–12) an English name or its abbreviation ("Sept" too) names, or null. */
function monthNamed(word: string): number | null {
  const lower = word.toLowerCase();
  const index = lower === 'sept' ? 8 : lower.length === 3 ? MONTHS.indexOf(lower) : MONTH_NAMES.indexOf(lower);
  return index === -1 ? null : index + 1;
}

/**
 * A time of day after a date ("2026-12-05 00:00:00", "25/11/2026 0:00", "12/1/2026 12:00 AM"), as
 * a spreadsheet exports a date cell. ISO's own "T" form is not one: it is read as it always was.
 */
const TIME_AFTER = /^(.+?)\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:\s*([ap])\.?m\.?)?$/i;

interface TimedCell {
  date: string;
  /** The time as ISO writes it ("21:15:00"), or null at midnight: then the cell is the date alone. */
  time: string | null;
}

function timedCell(text: string): TimedCell | null {
  const match = TIME_AFTER.exec(text);
  if (!match) return null;
  const [, date, hours, minutes, seconds = '00', half] = match;
  const hour = half ? (Number(hours) % 12) + (half.toLowerCase() === 'p' ? 12 : 0) : Number(hours);
  if (hour > 23 || Number(minutes) > 59 || Number(seconds) > 59 || (half && (Number(hours) < 1 || Number(hours) > 12))) return null;
  const midnight = hour === 0 && Number(minutes) === 0 && Number(seconds) === 0;
  return { date: date!, time: midnight ? null : `${String(hour).padStart(2, '0')}:${minutes}:${seconds}` };
}

export function dateShape(cell: string): DateShape {
  const whole = cell.trim();
  if (whole.length > MAX_CELL) return { kind: 'unreadable' };
  const timed = timedCell(whole);
  // A line with a time of day other than midnight is refused (readDate), and decides nothing.
  if (timed && timed.time !== null) return { kind: 'unreadable' };
  const text = timed?.date ?? whole;
  if (ISO.test(text) || ISO_SPACED.test(text) || YEAR_FIRST.test(text) || DAY_MONTH_NAME.test(text) || MONTH_NAME_DAY.test(text)) return { kind: 'fixed' };
  const match = NUMERIC.exec(text);
  if (!match) return { kind: 'unreadable' };
  const [first, second] = [Number(match[1]), Number(match[3])];
  // Dots are how the day-first countries write dates (05.12.2026); nobody writes month.day.year.
  // So "12.25.2025" is no date, and a dotted date says nothing of how the file's slashed ones are written.
  if (match[2] === '.') return second > 12 ? { kind: 'unreadable' } : { kind: 'fixed' };
  if (first > 12 && second <= 12) return { kind: 'decides', order: 'dmy' };
  if (second > 12 && first <= 12) return { kind: 'decides', order: 'mdy' };
  if (first > 12) return { kind: 'unreadable' };
  return { kind: 'either' };
}

/**
 * A date cell as `YYYY-MM-DD` (or, for a spaced ISO timestamp, as its T form), or why it is not
 * one; null for ISO text and an empty cell, left to `validateReading`.
 */
type DateReading = { ok: true; day: string } | { ok: false; reason: string } | null;

/**
 * A date cell as the day it names with the file's date order: ISO text is left as it is
 * (timestamps keep their time), and a timestamp with a space for its T becomes the T form;
 * two-digit years are this century's.
 *
 * @example readDate('05/12/2026', 'dmy') // { ok: true, day: '2026-12-05' }
 * @example readDate('2026-11-25 21:15:00+01:00', null) // { ok: true, day: '2026-11-25T21:15:00+01:00' }
 */
export function readDate(cell: string, order: DateOrder | null): DateReading {
  const text = cell.trim();
  if (text === '' || text.length > MAX_CELL || ISO.test(text)) return null;
  const spaced = ISO_SPACED.exec(text);
  if (spaced) {
    const instant = `${spaced[1]}T${spaced[2]}`;
    // Refused here rather than by `validateReading`, so the refusal quotes the cell as written.
    return parseInstant(instant) === null ? { ok: false, reason: `${quoted(text)} is not a date on the calendar.` } : { ok: true, day: instant };
  }
  const timed = timedCell(text);
  if (!timed) return readDay(text, order, text);
  // Midnight is how a spreadsheet exports a date cell: the date alone. Any other time, with no
  // zone, names a different moment in every zone, and readings are kept per UTC date.
  if (timed.time === null) return ISO_DAY.test(timed.date) ? { ok: true, day: timed.date } : readDay(timed.date, order, text);
  // The example's date: as the file reads it, else as the date itself decides, else day first.
  const shape = dateShape(timed.date);
  const date: DateReading & object = ISO_DAY.test(timed.date) ? { ok: true, day: timed.date } : readDay(timed.date, shape.kind === 'decides' ? shape.order : (order ?? 'dmy'), text);
  if (!date.ok) return date;
  return { ok: false, reason: `${quoted(text)} has a time of day but no time zone, so it names no one moment: write it with its zone, as ${date.day}T${timed.time}Z, or the date alone.` };
}

/** A date with no time after it as the day it names; `shown` is the cell as a refusal quotes it. */
function readDay(text: string, order: DateOrder | null, shown: string): NonNullable<DateReading> {
  let parts: [year: string, month: number | null, day: string] | null = null;
  const yearFirst = YEAR_FIRST.exec(text);
  const numeric = NUMERIC.exec(text);
  const dayMonth = DAY_MONTH_NAME.exec(text);
  const monthDay = MONTH_NAME_DAY.exec(text);
  if (yearFirst) parts = [yearFirst[1]!, Number(yearFirst[2]), yearFirst[3]!];
  else if (dayMonth) parts = [dayMonth[3]!, monthNamed(dayMonth[2]!), dayMonth[1]!];
  else if (monthDay) parts = [monthDay[3]!, monthNamed(monthDay[1]!), monthDay[2]!];
  // A dotted date is day first whatever the file's order (see dateShape).
  const taken = numeric?.[2] === '.' ? 'dmy' : order;
  if (numeric) {
    if (taken === null) return { ok: false, reason: `${quoted(shown)} could be day/month or month/day: say which the file uses.` };
    const [day, month] = taken === 'dmy' ? [numeric[1]!, numeric[3]!] : [numeric[3]!, numeric[1]!];
    parts = [numeric[4]!, Number(month), day];
  }
  if (!parts) return { ok: false, reason: `${quoted(shown)} is not a date: write it as 2026-12-05, 05/12/2026 or 5 Dec 2026.` };
  const [yearText, month, dayText] = parts;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const day = Number(dayText);
  const iso = month === null ? null : `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (iso === null || month! > 12 || month! < 1 || day < 1 || new Date(`${iso}T00:00:00Z`).getUTCDate() !== day) {
    const read = numeric ? ` read as ${taken === 'mdy' ? 'month/day' : 'day/month'}` : '';
    return { ok: false, reason: `${quoted(shown)} is not a date on the calendar${read}.` };
  }
  return { ok: true, day: iso };
}
