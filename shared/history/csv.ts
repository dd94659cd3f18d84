import type { WorkspaceJson } from '../schema/types';
import { entriesOf, list, num } from './json-read';

/** One CSV record and the line of the file it starts on (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
  /** Set on the last record when a quote in it is never closed: the file's rest is its last field. */
  unclosedQuote?: true;
}

/** What separates a file's fields: a comma (RFC 4180), a semicolon (a spreadsheet that writes decimal commas), a tab (cells pasted from a spreadsheet). */
export type CsvSeparator = ',' | ';' | '\t';

/**
 * The separator a first line such as "sep=;" declares, as Excel writes one into a CSV it saves
 * for another locale's Excel to open, or null: a file with one is split on what it declares, and
 * the line itself is no row (`parseCsv` gives it as a record of its own, for the reader to drop).
 */
export function separatorLine(text: string): CsvSeparator | null {
  const declared = /^\ufeff?sep=([,;\t])(?:\r?\n|$)/i.exec(text.slice(0, 8));
  return declared ? (declared[1] as CsvSeparator) : null;
}

/**
 * The separator a file's first line uses most, outside quotes: a tie goes to the comma, then the
 * semicolon, so a comma-separated row whose last field holds a few semicolons stays one.
 *
 * @example csvSeparator('kpi;at;value\nRevenue;05/12/2026;9,5') // ';'
 */
export function csvSeparator(text: string): CsvSeparator {
  const declared = separatorLine(text);
  if (declared) return declared;
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seen = false;
  // Read by index, not by regular expression: the first line may be the whole megabyte of a file.
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '\n' || char === '\r') {
      if (seen) break;
      continue;
    } else if (char === ',' || char === ';' || char === '\t') counts[char]++;
    if (char !== ' ' && char !== '\t') seen = true;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  return counts['\t'] > counts[','] && counts['\t'] > counts[';'] ? '\t' : ',';
}

/**
 * Parses RFC 4180 CSV: fields separated by commas (or `separator`), records by CRLF or LF, a
 * field in double quotes may hold separators, line breaks and `""` for a quote. Blank lines are
 * skipped. An unterminated quote ends the file (its record is kept, to be refused by whoever
 * reads it).
 *
 * @example parseCsv('a,"b,c"\n1,"say ""hi"""') // [{line: 1, cells: ['a', 'b,c']}, {line: 2, cells: ['1', 'say "hi"']}]
 */
export function parseCsv(text: string, separator: CsvSeparator = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let started = false;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== '' || started) records.push({ line: start, cells });
    cells = [];
    cell = '';
    started = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
      continue;
    }
    if (char === '"') {
      quoted = true;
      started = true;
    } else if (char === separator) {
      cells.push(cell);
      cell = '';
      started = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += char;
  }
  if (cell !== '' || cells.length > 0 || started) endRecord();
  if (quoted) records[records.length - 1]!.unclosedQuote = true;
  return records;
}

/** One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A cell a spreadsheet would run as a formula (OWASP's CSV injection list): one starting with
 * `=`, `+`, `-`, `@` or a CR, after any spaces or apostrophes. A spreadsheet splitting cells on
 * `;` or a tab (a German or French Excel does) starts a cell after each, so each piece counts.
 */
const FORMULA = /^[ ']*[=+\-@\r]/;
const PIECES = /([;\t])/;

/**
 * A text field for a file people open in a spreadsheet: each piece a spreadsheet would take for a
 * formula (a KPI named `=HYPERLINK(…)`) is written after an apostrophe, which makes it text.
 * Exactly reversible by `unguardedText`: a piece that already starts with apostrophes before a
 * formula gets one more, so an apostrophe someone typed survives the round trip.
 */
export function csvText(value: string): string {
  return csvField(value.split(PIECES).map((piece) => (FORMULA.test(piece) ? `'${piece}` : piece)).join(''));
}

/** A text field of a file `csvText` wrote, as it was before it was guarded. */
export function unguardedText(cell: string): string {
  return cell.split(PIECES).map((piece) => (piece.startsWith("'") && FORMULA.test(piece.slice(1)) ? piece.slice(1) : piece)).join('');
}

/** An id as the document makes them (nanoid's alphabet): written as it is, for scripts that read it back. */
const PLAIN_ID = /^[\w-]+$/;

export const READINGS_HEADER = ['kpi_id', 'kpi_name', 'at', 'value', 'source'] as const;

/** Every reading of every KPI (DESIGN §5 `format=csv`), by KPI id then in stored order, CRLF-terminated. */
export function readingsCsv(doc: WorkspaceJson | null): string {
  const rows = [READINGS_HEADER.join(',')];
  const kpis = [...entriesOf(doc, 'kpis')].sort(([a], [b]) => a.localeCompare(b));
  for (const [id, kpi] of kpis) {
    const name = typeof kpi.name === 'string' ? kpi.name : '';
    for (const raw of list(kpi.readings)) {
      if (typeof raw !== 'object' || raw === null) continue;
      const { at, value, source } = raw as Record<string, unknown>;
      const number = num(value);
      if (typeof at !== 'string' || number === null) continue;
      rows.push([PLAIN_ID.test(id) ? id : csvText(id), csvText(name), csvText(at), csvField(number), csvText(typeof source === 'string' ? source : '')].join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
