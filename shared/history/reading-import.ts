import type * as Y from 'yjs';
import { holdsReadings, listReadings, validateReading } from '../schema/readings';
import type { Reading } from '../schema/types';
import type { KpiView } from '../schema/view-types';
import { parseInstant } from '../schema/utc-dates';
import { quoted } from '../text/quoted';
import { csvSeparator, separatorLine, parseCsv, unguardedText, type CsvRecord, type CsvSeparator } from './csv';
import { dateShape, hingeValue, numberShape, readDate, readNumber, type DateOrder, type DecimalMark } from './spreadsheet-values';

/** A KPI as the import matches rows to it: by id or by its exact name. */
export interface ImportKpi {
  id: string;
  name: string;
  /** What its values are in ("%", "kUSD"): a value cell may repeat it, and no other. */
  unit: string;
  /**
   * The instants (ms) of the readings it already holds; null when a client stored something other
   * than a list under its `readings`, which takes no reading and is not overwritten (readings.ts).
   */
  storedAt: ReadonlySet<number> | null;
}

/**
 * The KPIs a file's rows may name, as the server's import and the browser's preview both match
 * them: every stored reading's instant, not the view's one per date (C1), or a second import of a
 * file with several readings on one day would add all but the day's last again.
 */
export function importKpis(kpis: Iterable<KpiView>, doc: Y.Doc, now: Date): ImportKpi[] {
  return [...kpis].map((kpi) => ({
    id: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    storedAt: holdsReadings(doc, kpi.id) ? new Set(listReadings(doc, kpi.id, now).map((reading) => reading.atMs)) : null,
  }));
}

export interface RefusedRow {
  line: number;
  reason: string;
}

/** A cell that decided, or hinges on, how the file is read: what the preview quotes. */
export interface CellRef {
  line: number;
  text: string;
}

/**
 * How the whole file is read (SPEC M24, M25), decided once from all its cells, never cell by
 * cell: the values decide where any of them can; where none can, or they disagree, the person's
 * choice does (`ImportChoices`), else a default or a question.
 */
export interface FileReading {
  separator: CsvSeparator;
  decimal: DecimalMark;
  /** What decided the mark: a value only one mark reads ("9,5"), the `;` separator, the person, or the default (point). */
  decimalBy: { by: 'values'; cell: CellRef } | { by: 'separator' | 'chosen' | 'default' };
  /** A value that reads differently with the other mark ("1,250"), when the values did not decide: the preview says how it was read. */
  decimalHinge: CellRef | null;
  /** The values leave the mark to the person: a value reads differently with each and nothing decides, or two values disagree. */
  decimalOpen: boolean;
  /** The order of numeric dates ("05/12/2026"); null when the file has none that need one. */
  dates: DateOrder | null;
  datesBy: { by: 'values'; cell: CellRef } | { by: 'chosen' } | null;
  /** Every numeric date reads either way, or two disagree: the person says which (the first such date). */
  datesOpen: CellRef | null;
}

/** The person's answers to what a file leaves open: ignored where the values decide. */
export interface ImportChoices {
  dates?: DateOrder;
  decimal?: DecimalMark;
}

export interface ImportPlan {
  /** Valid readings by KPI id, in file order. */
  accepted: Map<string, Reading[]>;
  refused: RefusedRow[];
  /** Data rows read (the header excluded). */
  rows: number;
  reading: FileReading;
  /**
   * Why nothing of the file can be imported: it leaves a question open that no choice answered.
   * Nothing is accepted then.
   */
  problem: string | null;
}

const HEADER = /^\s*kpi(_id|_name)?\s*$/i;

/** Where a row's fields are: by position (`kpi,at,value[,source]`), or as a header names them. */
interface Columns {
  /** The cells that name the KPI, by id or name, the first that matches deciding. */
  kpi: number[];
  at: number;
  value: number;
  source: number | null;
  /** How many cells a row has; cells past `max` may only be empty (a spreadsheet pads rows). */
  count: { min: number; max: number };
  /** Text is read back from the export's formula guard (`csvText`): only a file with its header can be the export. */
  guarded: boolean;
}

const POSITIONAL: Columns = { kpi: [0], at: 1, value: 2, source: 3, count: { min: 3, max: 4 }, guarded: false };

/**
 * The columns a first row names when it is a header, or null when it is a row of readings: a
 * header starts with a KPI column, or names the KPI, `at` and `value` columns anywhere.
 */
function headerColumns(cells: readonly string[]): Columns | null {
  const columns = columnsOf(cells);
  return HEADER.test(cells[0] ?? '') || (columns !== POSITIONAL && columns.kpi.length > 0) ? columns : null;
}

/**
 * The columns a header row names, in any order, as the readings export writes them
 * (`kpi_id,kpi_name,at,value,source`, M5) or as `kpi,at,value[,source]`; a header that names no
 * `at` and `value` column, or names them in that order, keeps the positional order. Columns the
 * header names that no reading has (a note) are let be.
 */
function columnsOf(header: readonly string[]): Columns {
  const names = header.map((cell) => cell.trim().toLowerCase());
  // A header row that ends in empty cells, as spreadsheets write them, has no columns there.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const at = names.indexOf('at');
  const value = names.indexOf('value');
  if (at === -1 || value === -1) return POSITIONAL;
  const kpi = (['kpi_id', 'kpi', 'kpi_name'] as const).map((name) => names.indexOf(name)).filter((index) => index !== -1);
  const source = names.indexOf('source');
  // `kpi,at,value` rows may still add a source without the header naming it.
  if (at === 1 && value === 2 && names.length <= 4 && (source === -1 || source === 3)) return POSITIONAL;
  const used = Math.max(at, value, source, ...kpi);
  return { kpi, at, value, source: source === -1 ? null : source, count: { min: used + 1, max: names.length }, guarded: true };
}

/** Whether a row has the cells its columns need, and nothing past them but padding. */
function fitsColumns(cells: readonly string[], columns: Columns): boolean {
  const { min, max } = columns.count;
  return cells.length >= min && !cells.slice(max).some((extra) => extra.trim() !== '');
}

/**
 * How the file reads its numbers and dates (SPEC M24, M25), from the value and date cells of the
 * rows it will import (`records`: a KPI matched, the right columns) at once: a value only one decimal mark reads ("9,5", "1,250.5") decides the mark, a date
 * only one order reads ("25/12/2026") decides the order; where none decides, a `;`-separated file
 * writes decimal commas and anything else a decimal point, unless a value such as "1,250" would
 * then be read one way without anything saying so. The person's choice answers that, dates that
 * all read either way, and values or dates that disagree; a question no choice answered is the
 * `problem` that refuses the file, worded for a caller of the API.
 */
function readingOf(records: readonly CsvRecord[], columns: Columns, separator: CsvSeparator, choices: ImportChoices): { reading: FileReading; problem: string | null } {
  const marks: Partial<Record<DecimalMark, CellRef>> = {};
  const hinges: Partial<Record<DecimalMark, CellRef>> = {};
  const orders: Partial<Record<DateOrder, CellRef>> = {};
  let eitherDate: CellRef | null = null;
  for (const { line, cells } of records) {
    const value = cells[columns.value]?.trim() ?? '';
    const at = cells[columns.at]?.trim() ?? '';
    const number = numberShape(value);
    if (number.kind === 'decides') marks[number.mark] ??= { line, text: value };
    if (number.kind === 'either') hinges[number.mark] ??= { line, text: value };
    const date = dateShape(at);
    if (date.kind === 'decides') orders[date.order] ??= { line, text: at };
    if (date.kind === 'either') eitherDate ??= { line, text: at };
  }
  const problems: string[] = [];
  const byValues = marks.point && marks.comma ? null : (marks.point ?? marks.comma);
  const usual: DecimalMark = separator === ';' ? 'comma' : 'point';
  // A "1,250" with nothing to explain it was refused before files were read as a whole: asking
  // about it costs no file that imported.
  const hinge = !byValues && usual === 'point' ? hinges.comma : undefined;
  const decimalOpen = (marks.point !== undefined && marks.comma !== undefined) || hinge !== undefined;
  if (decimalOpen && !choices.decimal) {
    problems.push(
      marks.point && marks.comma
        ? `Line ${marks.comma.line} writes ${quoted(marks.comma.text)} with a decimal comma, but line ${marks.point.line} writes ${quoted(marks.point.text)} with a decimal point: say which the file uses (decimal=comma or decimal=point).`
        : `${quoted(hinge!.text)} on line ${hinge!.line} could be ${hingeValue(hinge!.text, 'point')} or ${hingeValue(hinge!.text, 'comma')}, and no number in this file says which: say how its numbers are written (decimal=point or decimal=comma).`,
    );
  }
  const decided = orders.dmy && orders.mdy ? null : (orders.dmy ?? orders.mdy);
  const datesOpen = orders.dmy && orders.mdy ? orders.mdy : decided ? null : eitherDate;
  if (datesOpen && !choices.dates) {
    problems.push(
      orders.dmy && orders.mdy
        ? `Line ${orders.dmy.line} writes ${quoted(orders.dmy.text)} day first, but line ${orders.mdy.line} writes ${quoted(orders.mdy.text)} month first: say which order the file's dates are in (dates=dmy or dates=mdy).`
        : `Every date in this file could be day/month or month/day, such as ${quoted(datesOpen.text)} on line ${datesOpen.line}: say which order they are in (dates=dmy or dates=mdy).`,
    );
  }
  const chosenMark = decimalOpen ? choices.decimal : undefined;
  const reading: FileReading = {
    separator,
    decimal: byValues ? (marks.point ? 'point' : 'comma') : (chosenMark ?? usual),
    decimalBy: byValues ? { by: 'values', cell: byValues } : { by: chosenMark ? 'chosen' : usual === 'comma' ? 'separator' : 'default' },
    decimalHinge: byValues ? null : (hinges.comma ?? hinges.point ?? null),
    decimalOpen,
    dates: decided ? (orders.dmy ? 'dmy' : 'mdy') : datesOpen ? (choices.dates ?? null) : null,
    datesBy: decided ? { by: 'values', cell: decided } : datesOpen && choices.dates ? { by: 'chosen' } : null,
    datesOpen,
  };
  return { reading, problem: problems.length > 0 ? problems.join(' ') : null };
}

/**
 * Reads a readings CSV (`kpi,at,value[,source]`, DESIGN §5 import; SPEC M7) into the readings to
 * append and the rows refused with their line and why: an unknown KPI or one with no list of
 * readings (a client stored something else there), a missing or extra column, anything shared/'s validateReading refuses (a bad number, a bad date), or a duplicate
 * of a row earlier in the file or of a reading already stored for that KPI at that date. A first
 * row whose first cell is `kpi` (or `kpi_id`/`kpi_name`) is a header, and so is one naming the
 * KPI, `at` and `value` in any order, which places the columns: the readings export imports as
 * it is. Numbers and dates are read as the whole file writes them (`readingOf`, M24, M25), with
 * `choices` answering what it leaves open; a question left unanswered is the plan's `problem`. Pure.
 *
 * @example planImport('kpi,at,value\nRevenue,2025-11-03,156', kpis, new Date()) // accepted: {k1: [{at: '2025-11-03', value: 156, source: 'csv import'}]}
 */
export function planImport(text: string, kpis: readonly ImportKpi[], now: Date, choices: ImportChoices = {}): ImportPlan {
  const byId = new Map(kpis.map((kpi) => [kpi.id, kpi]));
  const byName = new Map<string, ImportKpi | null>();
  // A name two KPIs share names neither: the row must use the id.
  for (const kpi of kpis) byName.set(kpi.name, byName.has(kpi.name) ? null : kpi);
  const separator = csvSeparator(text);
  const records = parseCsv(text, separator);
  if (separatorLine(text)) records.shift();
  const header = records.length > 0 ? headerColumns(records[0]!.cells) : null;
  if (header) records.shift();
  const columns = header ?? POSITIONAL;
  const cell = (cells: readonly string[], index: number | null) => {
    const text = index === null ? undefined : cells[index]?.trim();
    return text === undefined || !columns.guarded ? text : unguardedText(text);
  };
  const refsOf = (cells: readonly string[]) => columns.kpi.map((index) => cell(cells, index)).filter((ref): ref is string => ref !== undefined && ref !== '');
  const kpiOf = (refs: readonly string[]) => refs.map((ref) => byId.get(ref) ?? byName.get(ref));
  // A row that will be refused whatever its cells say (no KPI, or one with no list of readings;
  // wrong columns) does not decide how the others are read.
  const importable = records.filter(
    ({ cells, unclosedQuote }) => !unclosedQuote && fitsColumns(cells, columns) && (kpiOf(refsOf(cells)).find((kpi) => kpi)?.storedAt ?? null) !== null,
  );
  const { reading, problem } = readingOf(importable, columns, separator, choices);
  if (problem !== null) return { accepted: new Map(), refused: [], rows: records.length, reading, problem };
  const accepted = new Map<string, Reading[]>();
  const refused: RefusedRow[] = [];
  const seen = new Set<string>();
  for (const { line, cells, unclosedQuote } of records) {
    const refuse = (reason: string) => refused.push({ line, reason });
    if (unclosedQuote) {
      refuse(`A quote opened in this row is never closed, so the rest of the file was read as one field: close it with another ".`);
      continue;
    }
    const { min, max } = columns.count;
    if (!fitsColumns(cells, columns)) {
      refuse(columns === POSITIONAL ? `Expected 3 or 4 columns (kpi, at, value, source); found ${cells.length}.` : `Expected ${min === max ? min : `${min} to ${max}`} columns, as the header names; found ${cells.length}.`);
      continue;
    }
    const refs = refsOf(cells);
    // The value is a number: the export never guards it, and an apostrophe before one is no number.
    const [at, value, source] = [cell(cells, columns.at)!, cells[columns.value]!.trim(), cell(cells, columns.source)];
    const matches = kpiOf(refs);
    const kpi = matches.find((match) => match);
    if (!kpi) {
      const shared = refs[matches.indexOf(null)];
      refuse(
        shared !== undefined
          ? `Two KPIs are named ${quoted(shared)}: use the KPI's id.`
          : `There is no KPI with the id or name ${refs.map(quoted).join(' or ') || '""'}.`,
      );
      continue;
    }
    // Refused here, by line like any other row: left to appendReadings, it would fail in the middle
    // of the import's one change, after the rows of every KPI before it were written.
    if (kpi.storedAt === null) {
      refuse(`The KPI ${quoted(kpi.name)} has no list of readings to add to: something else is stored in its place.`);
      continue;
    }
    const date = readDate(at, reading.dates);
    const number = readNumber(value, reading.decimal, kpi);
    const unread = [date, number].flatMap((read) => (read && !read.ok ? [read.reason] : []));
    if (unread.length > 0) {
      refuse(unread.join(' '));
      continue;
    }
    const day = date?.ok ? date.day : at;
    const check = validateReading({ kpi: kpi.id, at: day, value: number?.ok ? number.value : value, source: source || 'csv import' }, byId, now);
    if (!check.ok) {
      refuse(check.problems.join(' '));
      continue;
    }
    const atMs = parseInstant(check.reading.at)!;
    const key = `${kpi.id}|${atMs}`;
    if (kpi.storedAt.has(atMs)) {
      refuse(`The KPI ${quoted(kpi.name)} already has a reading at ${at}.`);
      continue;
    }
    if (seen.has(key)) {
      refuse(`An earlier row of this file already gives ${quoted(kpi.name)} a reading at ${at}.`);
      continue;
    }
    seen.add(key);
    const series = accepted.get(kpi.id) ?? [];
    series.push(check.reading);
    accepted.set(kpi.id, series);
  }
  return { accepted, refused, rows: records.length, reading, problem: null };
}
