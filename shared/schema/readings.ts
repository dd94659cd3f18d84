import * as Y from 'yjs';
import { formatDate } from '../rules/format';
import { quoted } from '../text/quoted';
import { fail, ok, type OpResult } from './op-result';
import { isDatedAhead } from './reading-dates';
import { kpisMap } from './root-types';
import { text } from './stored-values';
import type { Reading } from './types';
import { DAY_MS, parseInstant } from './utc-dates';

/** Anything with `has(id)`: a Set of ids, the view's KPI map or the document's `kpis` map. */
export interface KpiLookup {
  has(id: string): boolean;
}

export type ReadingCheck = { ok: true; kpi: string; reading: Reading } | { ok: false; problems: string[] };

const DEFAULT_SOURCE = 'manual';
/** A source names where a figure came from ("Salesforce", "warehouse job 42"), not the figure's whole story. */
const MAX_SOURCE_LENGTH = 200;

/**
 * Checks one reading `{kpi, at, value, source?}` as it arrives from the REST API, a CSV row or
 * the KPI form, and returns either the reading to store or every problem with it in plain
 * sentences. `value` may be a number or a numeric string (CSV cells are text); `at` must be a
 * real `YYYY-MM-DD` date or a full ISO timestamp with a zone, and not more than a day after
 * `now` (DESIGN §4 "Readings": a future date is a typo that would silence the rules). Pure: it
 * reads nothing but its inputs.
 *
 * @example
 * validateReading({ kpi: 'k1', at: '2025-11-03', value: 156 }, new Set(['k1']), new Date('2025-11-17T12:00:00Z'))
 * // { ok: true, kpi: 'k1', reading: { at: '2025-11-03', value: 156, source: 'manual' } }
 */
export function validateReading(input: unknown, kpis: KpiLookup, now: Date): ReadingCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: ['A reading must be an object with at, value and optionally source.'] };
  }
  const { kpi, at, value, source } = input as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof kpi !== 'string' || kpi.trim() === '') problems.push('The reading does not say which KPI it is for.');
  else if (!kpis.has(kpi)) problems.push(`There is no KPI ${quoted(kpi)} in this workspace.`);
  if (at === undefined || at === null || at === '') problems.push('The reading has no date (at).');
  else {
    const atMs = parseInstant(at);
    if (atMs === null) {
      problems.push(`${printable(at)} is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.`);
    } else if (isDatedAhead(atMs, now)) {
      problems.push(aheadProblem(atMs, now));
    }
  }
  const number = toNumber(value);
  if (value === undefined || value === null || value === '') problems.push('The reading has no value.');
  else if (number === null) problems.push(`The value ${printable(value)} is not a finite number.`);
  if (source !== undefined && source !== null && typeof source !== 'string') problems.push('The source must be text.');
  else if (typeof source === 'string' && source.trim().length > MAX_SOURCE_LENGTH) problems.push(`The source may be at most ${MAX_SOURCE_LENGTH} characters.`);
  if (problems.length > 0 || number === null) return { ok: false, problems };
  const label = typeof source === 'string' && source.trim() !== '' ? source.trim() : DEFAULT_SOURCE;
  return { ok: true, kpi: kpi as string, reading: { at: at as string, value: number, source: label } };
}

/**
 * Appends readings to a KPI in one transaction, all or nothing: if any reading is refused,
 * nothing is appended and the error says why (a single reading's problems in the message itself,
 * so the REST answer and the form's notice name the date) and lists every refused reading by its
 * position (1-based) in `details`.
 */
export function appendReadings(
  doc: Y.Doc,
  kpiId: string,
  readings: readonly unknown[],
  now: Date,
  origin: unknown = null,
): OpResult<{ appended: number }> {
  const found = seriesOf(doc, kpiId);
  if (!found.ok) return found;
  const series = found.value;
  const accepted: Reading[] = [];
  const details: string[] = [];
  readings.forEach((input, index) => {
    // Only an object takes the KPI: spread, an array would become an object and be refused as
    // having no date and no value instead of as not being a reading at all.
    const withKpi = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input, kpi: kpiId } : input;
    const check = validateReading(withKpi, kpisMap(doc), now);
    if (check.ok) accepted.push(check.reading);
    else details.push(`Reading ${index + 1}: ${check.problems.join(' ')}`);
  });
  if (details.length > 0) {
    if (readings.length === 1) return fail('invalid', `${details[0]!.replace(/^Reading 1: /, '')} Nothing was added.`, details);
    const refused = `${details.length} of ${readings.length} readings ${details.length === 1 ? 'was' : 'were'} refused; nothing was added`;
    const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
    return fail('invalid', `${refused}. ${details[0]}${more}`, details);
  }
  if (accepted.length > 0) {
    doc.transact(() => series.push(accepted), origin);
  }
  return ok({ appended: accepted.length });
}

/** Which stored reading an edit or delete is about: its place in the array and what it held. */
export interface ReadingRef {
  /** Its position in the KPI's `readings` array (`ReadingView.index`, `StoredReading.index`). */
  index: number;
  at: string;
  value: number;
}

export interface ReadingPatch {
  at?: string;
  value?: number | string;
  source?: string;
}

/**
 * Corrects one reading's value, date or source (a typo: 2026 for 2025, 1560 for 156). Readings
 * are immutable items of a Y.Array, so the item is replaced by a corrected one at the same place
 * in one transaction: one undo step for its writer, and a replica that deleted it meanwhile keeps
 * it deleted (the correction then stands alone). The corrected reading is checked like a new one
 * (a date more than a day after `now` is refused). The reading is found by `ref`: at its index
 * when that still holds it, else wherever the one reading with that date and value now is.
 *
 * @example
 * editReading(doc, kpiId, reading, { at: '2025-11-03' }, new Date())
 */
export function editReading(doc: Y.Doc, kpiId: string, ref: ReadingRef, patch: ReadingPatch, now: Date, origin: unknown = null): OpResult {
  const found = locate(doc, kpiId, ref);
  if (!found.ok) return found;
  const { series, index, stored } = found.value;
  const check = validateReading({ kpi: kpiId, at: stored.at, value: stored.value, source: stored.source, ...patch }, kpisMap(doc), now);
  if (!check.ok) return fail('invalid', check.problems.join(' '), check.problems);
  const next = check.reading;
  if (next.at === stored.at && next.value === stored.value && next.source === stored.source) return ok();
  doc.transact(() => {
    series.delete(index, 1);
    series.insert(index, [next]);
  }, origin);
  return ok();
}

/** A reading `deleteReading` took out, and where it stood: what `restoreReading` puts back. */
export interface DeletedReading {
  readonly index: number;
  readonly reading: Reading;
}

/** Deletes one reading (found as `editReading` finds it), in one transaction: one undo step. */
export function deleteReading(doc: Y.Doc, kpiId: string, ref: ReadingRef, origin: unknown = null): OpResult<DeletedReading> {
  const found = locate(doc, kpiId, ref);
  if (!found.ok) return found;
  const { series, index, stored } = found.value;
  doc.transact(() => series.delete(index, 1), origin);
  return ok({ index, reading: stored });
}

/**
 * Puts a deleted reading back where it stood (the Undo of a deletion's notice), so of several
 * readings on its date the same one counts as before (the last written wins). Readings deleted
 * meanwhile before it leave it at the end at most. One transaction.
 *
 * @example
 * const deleted = unwrap(deleteReading(doc, kpiId, reading));
 * restoreReading(doc, kpiId, deleted);
 */
export function restoreReading(doc: Y.Doc, kpiId: string, deleted: DeletedReading, origin: unknown = null): OpResult {
  const found = seriesOf(doc, kpiId);
  if (!found.ok) return found;
  const series = found.value;
  doc.transact(() => series.insert(Math.min(deleted.index, series.length), [{ ...deleted.reading }]), origin);
  return ok();
}

/** A stored reading as the correction screen lists it, with whether the rules count it and why not. */
export interface StoredReading {
  index: number;
  at: string;
  atMs: number;
  value: number;
  source: string;
  /**
   * `counted`; `replaced` by a reading written later on the same date (the last written wins);
   * `ahead`: dated more than a day after `now`, left out until corrected.
   */
  status: 'counted' | 'replaced' | 'ahead';
}

/**
 * Every readable reading of a KPI as stored, oldest first (then in the order written), for a
 * screen that corrects or deletes them; what the rules make of each (DESIGN §4 "Readings"). Items
 * that are not readings at all (a hostile writer's) are left out.
 */
export function listReadings(doc: Y.Doc, kpiId: string, now: Date): StoredReading[] {
  const found = seriesOf(doc, kpiId);
  if (!found.ok) return [];
  const rows: StoredReading[] = [];
  const winner = new Map<number, number>();
  found.value.toArray().forEach((item, index) => {
    const reading = readingOf(item);
    if (reading === null) return;
    const atMs = parseInstant(reading.at)!;
    winner.set(Math.floor(atMs / DAY_MS), index);
    rows.push({ index, at: reading.at, atMs, value: reading.value, source: reading.source, status: 'counted' });
  });
  for (const row of rows) {
    if (winner.get(Math.floor(row.atMs / DAY_MS)) !== row.index) row.status = 'replaced';
    else if (isDatedAhead(row.atMs, now)) row.status = 'ahead';
  }
  return rows.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

/** Both dates in words, as the rules' finding about such a reading and every screen write them (SPEC U38). */
function aheadProblem(atMs: number, now: Date): string {
  return `The date ${formatDate(atMs)} is more than a day after today (${formatDate(now.getTime())}): a reading cannot be dated in the future. Check the year.`;
}

/** Whether the KPI exists and holds a list of readings that readings can be added to (appendReadings). */
export function holdsReadings(doc: Y.Doc, kpiId: string): boolean {
  return seriesOf(doc, kpiId).ok;
}

function seriesOf(doc: Y.Doc, kpiId: string): OpResult<Y.Array<unknown>> {
  const kpi = kpisMap(doc).get(kpiId);
  if (!(kpi instanceof Y.Map)) return fail('not-found', `There is no KPI ${quoted(kpiId)} in this workspace.`);
  const series = kpi.get('readings');
  // A client may have stored anything under `readings`: refused rather than overwritten.
  // Named as a person knows it, whether they add a reading, correct or delete one.
  if (!(series instanceof Y.Array)) return fail('conflict', `The KPI ${quoted(text(kpi.get('name')) ?? kpiId)} has no list of readings: something else is stored in its place.`);
  return ok(series);
}

function locate(doc: Y.Doc, kpiId: string, ref: ReadingRef): OpResult<{ series: Y.Array<unknown>; index: number; stored: Reading }> {
  const found = seriesOf(doc, kpiId);
  if (!found.ok) return found;
  const series = found.value;
  const matches = (item: unknown) => {
    const reading = readingOf(item);
    return reading !== null && reading.at === ref.at && reading.value === ref.value ? reading : null;
  };
  if (Number.isInteger(ref.index) && ref.index >= 0 && ref.index < series.length) {
    const stored = matches(series.get(ref.index));
    if (stored) return ok({ series, index: ref.index, stored });
  }
  const items = series.toArray();
  const candidates = items.flatMap((item, index) => (matches(item) ? [index] : []));
  if (candidates.length !== 1) return fail('conflict', 'That reading was changed or deleted meanwhile; nothing was changed.');
  return ok({ series, index: candidates[0]!, stored: matches(items[candidates[0]!])! });
}

/** A stored item as a reading, when it is one: a date that parses and a finite value. */
function readingOf(item: unknown): Reading | null {
  if (typeof item !== 'object' || item === null) return null;
  const { at, value, source } = item as Partial<Reading>;
  if (parseInstant(at) === null || typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { at: at as string, value, source: typeof source === 'string' ? source : '' };
}

/** A value for a sentence without converting what may not convert (`{toString: 1}` throws in `String`). */
function printable(value: unknown): string {
  return quoted(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : `a value of type ${typeof value}`);
}

/**
 * A decimal number as people and spreadsheets write one: no hex, binary or octal prefixes, which
 * `Number()` reads. Each digit matches one way only, so a megabyte of digits is refused in linear time.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) return null;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : null;
}
