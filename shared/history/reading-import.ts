import { validateReading } from '../schema/readings';
import type { Reading } from '../schema/types';
import { parseInstant } from '../schema/utc-dates';
import { quoted } from '../text/quoted';
import { parseCsv, unguardedText } from './csv';

/** A KPI as the import matches rows to it: by id or by its exact name. */
export interface ImportKpi {
  id: string;
  name: string;
  /** The instants (ms) of the readings it already holds. */
  storedAt: ReadonlySet<number>;
}

export interface RefusedRow {
  line: number;
  reason: string;
}

export interface ImportPlan {
  /** Valid readings by KPI id, in file order. */
  accepted: Map<string, Reading[]>;
  refused: RefusedRow[];
  /** Data rows read (the header excluded). */
  rows: number;
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

/**
 * Reads a readings CSV (`kpi,at,value[,source]`, DESIGN §5 import; SPEC M7) into the readings to
 * append and the rows refused with their line and why: an unknown KPI, a missing or extra
 * column, anything shared/'s validateReading refuses (a bad number, a bad date), or a duplicate
 * of a row earlier in the file or of a reading already stored for that KPI at that date. A first
 * row whose first cell is `kpi` (or `kpi_id`/`kpi_name`) is a header, and so is one naming the
 * KPI, `at` and `value` in any order, which places the columns: the readings export imports as
 * it is. Pure.
 *
 * @example planImport('kpi,at,value\nRevenue,2025-11-03,156', kpis, new Date()) // accepted: {k1: [{at: '2025-11-03', value: 156, source: 'csv import'}]}
 */
export function planImport(text: string, kpis: readonly ImportKpi[], now: Date): ImportPlan {
  const byId = new Map(kpis.map((kpi) => [kpi.id, kpi]));
  const byName = new Map<string, ImportKpi | null>();
  // A name two KPIs share names neither: the row must use the id.
  for (const kpi of kpis) byName.set(kpi.name, byName.has(kpi.name) ? null : kpi);
  const records = parseCsv(text);
  const header = records.length > 0 ? headerColumns(records[0]!.cells) : null;
  if (header) records.shift();
  const columns = header ?? POSITIONAL;
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
    if (cells.length < min || cells.slice(max).some((extra) => extra.trim() !== '')) {
      refuse(columns === POSITIONAL ? `Expected 3 or 4 columns (kpi, at, value, source); found ${cells.length}.` : `Expected ${min === max ? min : `${min} to ${max}`} columns, as the header names; found ${cells.length}.`);
      continue;
    }
    const cell = (index: number | null) => {
      const text = index === null ? undefined : cells[index]?.trim();
      return text === undefined || !columns.guarded ? text : unguardedText(text);
    };
    const refs = columns.kpi.map(cell).filter((ref): ref is string => ref !== undefined && ref !== '');
    // The value is a number: the export never guards it, and an apostrophe before one is no number.
    const [at, value, source] = [cell(columns.at)!, cells[columns.value]!.trim(), cell(columns.source)];
    const matches = refs.map((ref) => byId.get(ref) ?? byName.get(ref));
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
    const check = validateReading({ kpi: kpi.id, at, value, source: source || 'csv import' }, byId, now);
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
  return { accepted, refused, rows: records.length };
}
