import type * as Y from 'yjs';
import {
  DEP_STATES,
  INITIATIVE_STAGES,
  KPI_DEFAULTS,
  KPI_DIRECTIONS,
  NODE_DEFAULTS,
  NODE_KINDS,
  NODE_STATUSES,
  WORKSPACE_MODES,
  isOneOf,
} from './constants';
import { depsMap, kpisMap, metaMap, nodesMap, type EntryMap } from './root-types';
import { readRuleSettings } from './rule-settings';
import { changesOf, refreshViews } from './view-cache';
import type { PlanPoint, Reading, ValueTarget } from './types';
import { parseDay, parseInstant } from './utc-dates';
import type { DepView, KpiView, MetaView, NodeView, PlanPointView, ReadingView, WorkspaceView } from './view-types';

/**
 * Reads the typed snapshot the rules run on (see view-types). It runs after every change on
 * the server, so it re-reads only the entries that changed since the last read (view-cache)
 * and keeps the others' views; readings are immutable JSON in a Y.Array, so each one's parsed
 * view is remembered per stored object too.
 *
 * @example
 * const view = readWorkspaceView(doc);
 * const findings = evaluateRules(view, view.rules, new Date());
 */
export function readWorkspaceView(doc: Y.Doc): WorkspaceView {
  const changes = changesOf(doc);
  const settled = changes.isSettled();
  return {
    meta: readMeta(metaMap(doc)),
    nodes: settled ? refreshViews(changes.nodes, nodesMap(doc), readNode) : readAll(nodesMap(doc), readNode),
    kpis: settled ? refreshViews(changes.kpis, kpisMap(doc), readKpi) : readAll(kpisMap(doc), readKpi),
    deps: settled ? refreshViews(changes.deps, depsMap(doc), readDep) : readAll(depsMap(doc), readDep),
    rules: readRuleSettings(doc),
  };
}

/** Just the nodes, for tree operations that need the current tree and nothing else. */
export function readNodeViews(doc: Y.Doc): ReadonlyMap<string, NodeView> {
  const changes = changesOf(doc);
  return changes.isSettled() ? refreshViews(changes.nodes, nodesMap(doc), readNode) : readAll(nodesMap(doc), readNode);
}

/** Inside a transaction the change tracker is behind: read every entry as it is now. */
function readAll<V>(map: Y.Map<EntryMap>, read: (id: string, entry: EntryMap) => V | null): Map<string, V> {
  const views = new Map<string, V>();
  for (const [id, entry] of map.entries()) {
    const view = read(id, entry);
    if (view !== null) views.set(id, view);
  }
  return views;
}

function readMeta(meta: Y.Map<unknown>): MetaView {
  const schema = meta.get('schema');
  const mode = meta.get('mode');
  return {
    schema: typeof schema === 'number' ? schema : null,
    title: text(meta.get('title')) ?? '',
    mode: isOneOf(WORKSPACE_MODES, mode) ? mode : 'review',
    pivotedAt: text(meta.get('pivotedAt')),
    pivotReason: text(meta.get('pivotReason')),
  };
}

function readNode(id: string, entry: EntryMap): NodeView | null {
  const kind = entry.get('kind');
  if (!isOneOf(NODE_KINDS, kind)) return null;
  const status = entry.get('status');
  const stage = entry.get('stage');
  const [due, dueMs] = dayAndMs(entry.get('due'));
  const confidence = entry.get('confidence');
  return {
    id,
    kind,
    title: String(entry.get('title') ?? ''),
    parent: text(entry.get('parent')),
    order: text(entry.get('order')) ?? '',
    owner: text(entry.get('owner')),
    team: text(entry.get('team')),
    due,
    dueMs,
    reviewDate: day(entry.get('reviewDate')),
    status: isOneOf(NODE_STATUSES, status) ? status : NODE_DEFAULTS.status,
    progress: clamp01(number(entry.get('progress')) ?? NODE_DEFAULTS.progress),
    weight: Math.max(0, number(entry.get('weight')) ?? NODE_DEFAULTS.weight),
    kpi: text(entry.get('kpi')),
    confidence: typeof confidence === 'number' && Number.isFinite(confidence) ? clamp01(confidence) : null,
    confidenceNote: text(entry.get('confidenceNote')),
    stage: kind === 'initiative' && isOneOf(INITIATIVE_STAGES, stage) ? stage : null,
    value: kind === 'initiative' ? valueTarget(entry.get('value')) : null,
    archived: entry.get('archived') === true,
  };
}

function readKpi(id: string, entry: EntryMap): KpiView | null {
  const direction = entry.get('direction');
  if (!isOneOf(KPI_DIRECTIONS, direction)) return null;
  const [startDate, startMs] = dayAndMs(entry.get('startDate'));
  const [targetDate, targetMs] = dayAndMs(entry.get('targetDate'));
  return {
    id,
    name: text(entry.get('name')) ?? id,
    unit: text(entry.get('unit')) ?? '',
    direction,
    lower: number(entry.get('lower')),
    upper: number(entry.get('upper')),
    baseline: number(entry.get('baseline')),
    target: number(entry.get('target')),
    startDate,
    startMs,
    targetDate,
    targetMs,
    amberPct: positive(entry.get('amberPct')) ?? KPI_DEFAULTS.amberPct,
    redPct: positive(entry.get('redPct')) ?? KPI_DEFAULTS.redPct,
    cadenceDays: positive(entry.get('cadenceDays')) ?? KPI_DEFAULTS.cadenceDays,
    owner: text(entry.get('owner')),
    readings: readSeries(entry.get('readings'), readingCache, toReadingView),
    plan: readSeries(entry.get('plan'), planCache, toPlanView),
  };
}

function readDep(id: string, entry: EntryMap): DepView | null {
  const from = text(entry.get('from'));
  const to = text(entry.get('to'));
  const state = entry.get('state');
  if (from === null || to === null || !isOneOf(DEP_STATES, state)) return null;
  const [needBy, needByMs] = dayAndMs(entry.get('needBy'));
  const [committedDate, committedMs] = dayAndMs(entry.get('committedDate'));
  return {
    id,
    from,
    to,
    needBy,
    needByMs,
    state,
    committedDate,
    committedMs,
    owner: text(entry.get('owner')),
  };
}

/** Stored readings and plan points are immutable objects; their parsed views are too. */
const readingCache = new WeakMap<object, ReadingView | null>();
const planCache = new WeakMap<object, PlanPointView | null>();

function readSeries<T extends { atMs: number }>(
  stored: unknown,
  cache: WeakMap<object, T | null>,
  convert: (raw: Record<string, unknown>) => T | null,
): T[] {
  const items = (stored as Y.Array<unknown> | undefined)?.toArray?.() ?? [];
  const out: T[] = [];
  let sorted = true;
  for (const raw of items) {
    if (typeof raw !== 'object' || raw === null) continue;
    let view = cache.get(raw);
    if (view === undefined) {
      view = convert(raw as Record<string, unknown>);
      cache.set(raw, view);
    }
    if (view === null) continue;
    if (out.length > 0 && out[out.length - 1]!.atMs > view.atMs) sorted = false;
    out.push(view);
  }
  // Array.prototype.sort is stable: readings on the same instant keep the document's order.
  if (!sorted) out.sort((a, b) => a.atMs - b.atMs);
  return out;
}

function toReadingView(raw: Record<string, unknown>): ReadingView | null {
  const { at, value, source } = raw as Partial<Reading>;
  const atMs = parseInstant(at);
  if (atMs === null || typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { at: at as string, atMs, value, source: typeof source === 'string' ? source : '' };
}

function toPlanView(raw: Record<string, unknown>): PlanPointView | null {
  const { at, value } = raw as Partial<PlanPoint>;
  const atMs = parseInstant(at);
  if (atMs === null || typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { at: at as string, atMs, value };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function day(value: unknown): string | null {
  return parseDay(value) === null ? null : (value as string);
}

function dayAndMs(value: unknown): [string | null, number | null] {
  const ms = parseDay(value);
  return ms === null ? [null, null] : [value as string, ms];
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function positive(value: unknown): number | null {
  const n = number(value);
  return n !== null && n > 0 ? n : null;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function valueTarget(value: unknown): ValueTarget | null {
  if (typeof value !== 'object' || value === null) return null;
  const { planned, realised, unit } = value as Partial<ValueTarget>;
  if (number(planned) === null) return null;
  return { planned: planned as number, realised: number(realised) ?? 0, unit: typeof unit === 'string' ? unit : '' };
}
