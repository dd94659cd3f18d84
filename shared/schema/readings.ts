import * as Y from 'yjs';
import { fail, ok, type OpResult } from './op-result';
import { kpisMap } from './root-types';
import type { Reading } from './types';
import { parseInstant } from './utc-dates';

/** Anything with `has(id)`: a Set of ids, the view's KPI map or the document's `kpis` map. */
export interface KpiLookup {
  has(id: string): boolean;
}

export type ReadingCheck = { ok: true; kpi: string; reading: Reading } | { ok: false; problems: string[] };

const DEFAULT_SOURCE = 'manual';

/**
 * Checks one reading `{kpi, at, value, source?}` as it arrives from the REST API or a CSV row,
 * and returns either the reading to store or every problem with it in plain sentences.
 * `value` may be a number or a numeric string (CSV cells are text); `at` must be a real
 * `YYYY-MM-DD` date or a full ISO timestamp with a zone. Pure: it reads nothing but its inputs.
 *
 * @example
 * validateReading({ kpi: 'k1', at: '2025-11-03', value: 156 }, new Set(['k1']))
 * // { ok: true, kpi: 'k1', reading: { at: '2025-11-03', value: 156, source: 'manual' } }
 */
export function validateReading(input: unknown, kpis: KpiLookup): ReadingCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: ['A reading must be an object with at, value and optionally source.'] };
  }
  const { kpi, at, value, source } = input as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof kpi !== 'string' || kpi.trim() === '') problems.push('The reading does not say which KPI it is for.');
  else if (!kpis.has(kpi)) problems.push(`There is no KPI "${kpi}" in this workspace.`);
  if (at === undefined || at === null || at === '') problems.push('The reading has no date (at).');
  else if (parseInstant(at) === null) {
    problems.push(`"${String(at)}" is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.`);
  }
  const number = toNumber(value);
  if (value === undefined || value === null || value === '') problems.push('The reading has no value.');
  else if (number === null) problems.push(`The value "${String(value)}" is not a finite number.`);
  if (source !== undefined && source !== null && typeof source !== 'string') problems.push('The source must be text.');
  if (problems.length > 0 || number === null) return { ok: false, problems };
  const label = typeof source === 'string' && source.trim() !== '' ? source.trim() : DEFAULT_SOURCE;
  return { ok: true, kpi: kpi as string, reading: { at: at as string, value: number, source: label } };
}

/**
 * Appends readings to a KPI in one transaction, all or nothing: if any reading is refused,
 * nothing is appended and the error lists every refused reading by its position (1-based).
 */
export function appendReadings(
  doc: Y.Doc,
  kpiId: string,
  readings: readonly unknown[],
  origin: unknown = null,
): OpResult<{ appended: number }> {
  const kpi = kpisMap(doc).get(kpiId);
  if (!(kpi instanceof Y.Map)) return fail('not-found', `There is no KPI "${kpiId}" in this workspace.`);
  const series = kpi.get('readings');
  // A client may have stored anything under `readings`: refused rather than overwritten.
  if (!(series instanceof Y.Array)) return fail('conflict', `The KPI "${kpiId}" has no list of readings to append to.`);
  const accepted: Reading[] = [];
  const details: string[] = [];
  readings.forEach((input, index) => {
    const withKpi = typeof input === 'object' && input !== null ? { ...input, kpi: kpiId } : input;
    const check = validateReading(withKpi, kpisMap(doc));
    if (check.ok) accepted.push(check.reading);
    else details.push(`Reading ${index + 1}: ${check.problems.join(' ')}`);
  });
  if (details.length > 0) {
    const refused = `${details.length} of ${readings.length} readings ${details.length === 1 ? 'was' : 'were'} refused`;
    return fail('invalid', `${refused}; nothing was added.`, details);
  }
  if (accepted.length > 0) {
    doc.transact(() => series.push(accepted), origin);
  }
  return ok({ appended: accepted.length });
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : null;
}
