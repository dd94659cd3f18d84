import { validateReading } from '../schema/readings';
import type { Reading } from '../schema/types';
import { parseInstant } from '../schema/utc-dates';
import { parseCsv } from './csv';

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

/**
 * Reads a readings CSV (`kpi,at,value[,source]`, DESIGN §5 import; SPEC M7) into the readings to
 * append and the rows refused with their line and why: an unknown KPI, a missing or extra
 * column, anything shared/'s validateReading refuses (a bad number, a bad date), or a duplicate
 * of a row earlier in the file or of a reading already stored for that KPI at that date. A first
 * row whose first cell is `kpi` (or `kpi_id`/`kpi_name`) is a header. Pure.
 *
 * @example planImport('kpi,at,value\nRevenue,2025-11-03,156', kpis, new Date()) // accepted: {k1: [{at: '2025-11-03', value: 156, source: 'csv import'}]}
 */
export function planImport(text: string, kpis: readonly ImportKpi[], now: Date): ImportPlan {
  const byId = new Map(kpis.map((kpi) => [kpi.id, kpi]));
  const byName = new Map<string, ImportKpi | null>();
  // A name two KPIs share names neither: the row must use the id.
  for (const kpi of kpis) byName.set(kpi.name, byName.has(kpi.name) ? null : kpi);
  const records = parseCsv(text);
  if (records.length > 0 && HEADER.test(records[0]!.cells[0] ?? '')) records.shift();
  const accepted = new Map<string, Reading[]>();
  const refused: RefusedRow[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of records) {
    const refuse = (reason: string) => refused.push({ line, reason });
    if (cells.length < 3 || cells.length > 4) {
      refuse(`Expected 3 or 4 columns (kpi, at, value, source); found ${cells.length}.`);
      continue;
    }
    const [ref, at, value, source] = cells.map((cell) => cell.trim()) as [string, string, string, string | undefined];
    const kpi = byId.get(ref) ?? byName.get(ref);
    if (!kpi) {
      refuse(kpi === null ? `Two KPIs are named "${ref}": use the KPI's id.` : `There is no KPI with the id or name "${ref}".`);
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
      refuse(`The KPI "${kpi.name}" already has a reading at ${at}.`);
      continue;
    }
    if (seen.has(key)) {
      refuse(`An earlier row of this file already gives "${kpi.name}" a reading at ${at}.`);
      continue;
    }
    seen.add(key);
    const series = accepted.get(kpi.id) ?? [];
    series.push(check.reading);
    accepted.set(kpi.id, series);
  }
  return { accepted, refused, rows: records.length };
}
