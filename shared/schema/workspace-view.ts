import * as Y from 'yjs';
import {
  DEP_STATES,
  INITIATIVE_STAGES,
  KPI_DEFAULTS,
  KPI_DIRECTIONS,
  NODE_DEFAULTS,
  NODE_KINDS,
  NODE_STATUSES,
  WORKSPACE_MODES,
  memberOf,
} from './constants';
import { depFields, kpiFields, nodeFields } from './entry-fields';
import { depsMap, kpisMap, metaMap, nodesMap, type EntryMap } from './root-types';
import { readRuleSettings } from './rule-settings';
import { name, number, text, textOf } from './stored-values';
import { readSchemaVersion } from './workspace';
import { changesOf, readEntries, refreshViews } from './view-cache';
import type { PlanPoint, ValueTarget } from './types';
import { parseDay, parseInstant } from './utc-dates';
import { ReadingSeries, sortByTime, withReadings } from './reading-series';
import { datesOf } from './dependency-proposal';
import type { DepView, KpiView, MetaView, NodeView, PlanPointView, WorkspaceView } from './view-types';

/**
 * The texts inside entries that the view leaves out (see view-types), by root and entry field:
 * no rule reads them, so typing in them cannot change a finding.
 */
export const UNVIEWED_TEXTS: Readonly<Record<string, readonly string[]>> = { nodes: ['notes'], deps: ['note'] };

/**
 * Reads the typed snapshot the rules run on (see view-types). It runs after every change on
 * the server, so it re-reads only the entries that changed since the last read (view-cache)
 * and keeps the others' views; readings and plan points are immutable JSON in a Y.Array, so a
 * re-read plan parses only the items it has not seen, and readings are read only as far as the
 * rules ask (ReadingSeries). Inside a transaction (the server's rule run is one) the entries it
 * changed so far are re-read too (view-cache).
 *
 * @example
 * const view = readWorkspaceView(doc);
 * const findings = evaluateRules(view, view.rules, new Date());
 */
export function readWorkspaceView(doc: Y.Doc): WorkspaceView {
  const changes = changesOf(doc);
  const settled = changes.isSettled();
  return {
    meta: readMeta(doc),
    nodes: settled ? refreshViews(changes.nodes, nodesMap(doc), readNode) : readEntries(nodesMap(doc), readNode),
    kpis: settled ? refreshViews(changes.kpis, kpisMap(doc), readKpi) : readEntries(kpisMap(doc), readKpi),
    deps: settled ? refreshViews(changes.deps, depsMap(doc), readDep) : readEntries(depsMap(doc), readDep),
    rules: readRuleSettings(doc),
  };
}

/** Just the nodes, for tree operations that need the current tree and nothing else. */
export function readNodeViews(doc: Y.Doc): ReadonlyMap<string, NodeView> {
  const changes = changesOf(doc);
  return changes.isSettled() ? refreshViews(changes.nodes, nodesMap(doc), readNode) : readEntries(nodesMap(doc), readNode);
}

function readMeta(doc: Y.Doc): MetaView {
  const meta = metaMap(doc);
  return {
    schema: readSchemaVersion(doc),
    title: text(meta.get('title')) ?? '',
    mode: memberOf(WORKSPACE_MODES, meta.get('mode')) ?? 'review',
    pivotedAt: text(meta.get('pivotedAt')),
    pivotReason: text(meta.get('pivotReason')),
  };
}

function readNode(id: string, entry: EntryMap): NodeView | null {
  const f = nodeFields(entry);
  const kind = memberOf(NODE_KINDS, f.kind);
  if (kind === null) return null;
  const dueMs = parseDay(f.due);
  const confidence = f.confidence;
  return {
    id,
    kind,
    title: textOf(f.title),
    parent: text(f.parent),
    order: text(f.order) ?? '',
    owner: name(f.owner),
    team: name(f.team),
    due: dayText(f.due, dueMs),
    dueMs,
    reviewDate: day(f.reviewDate),
    status: memberOf(NODE_STATUSES, f.status) ?? NODE_DEFAULTS.status,
    progress: clamp01(number(f.progress) ?? NODE_DEFAULTS.progress),
    weight: Math.max(0, number(f.weight) ?? NODE_DEFAULTS.weight),
    kpi: text(f.kpi),
    confidence: typeof confidence === 'number' && Number.isFinite(confidence) ? clamp01(confidence) : null,
    confidenceNote: text(f.confidenceNote),
    stage: kind === 'initiative' ? memberOf(INITIATIVE_STAGES, f.stage) : null,
    value: kind === 'initiative' ? valueTarget(f.value) : null,
    archived: f.archived === true,
  };
}

function readKpi(id: string, entry: EntryMap): KpiView | null {
  const f = kpiFields(entry);
  const direction = memberOf(KPI_DIRECTIONS, f.direction);
  if (direction === null) return null;
  const startMs = parseDay(f.startDate);
  const targetMs = parseDay(f.targetDate);
  const createdMs = parseInstant(f.createdAt);
  const view = {
    id,
    name: text(f.name) ?? id,
    unit: text(f.unit) ?? '',
    direction,
    lower: number(f.lower),
    upper: number(f.upper),
    baseline: number(f.baseline),
    target: number(f.target),
    startDate: dayText(f.startDate, startMs),
    startMs,
    targetDate: dayText(f.targetDate, targetMs),
    targetMs,
    amberPct: positive(f.amberPct) ?? KPI_DEFAULTS.amberPct,
    redPct: positive(f.redPct) ?? KPI_DEFAULTS.redPct,
    cadenceDays: positive(f.cadenceDays) ?? KPI_DEFAULTS.cadenceDays,
    owner: name(f.owner),
    plan: readPlan(f.plan),
    createdAt: createdMs === null ? null : (f.createdAt as string),
    createdMs,
    archived: f.archived === true,
  };
  return withReadings(view, readReadings(f.readings));
}

function readDep(id: string, entry: EntryMap): DepView | null {
  const f = depFields(entry);
  const from = text(f.from);
  const to = text(f.to);
  const state = memberOf(DEP_STATES, f.state);
  if (from === null || to === null || state === null) return null;
  const needByMs = parseDay(f.needBy);
  const dates = datesOf(f.state, f.committedDate, f.proposedDate);
  const committedMs = parseDay(dates.committed);
  const proposedMs = parseDay(dates.proposed);
  return {
    id,
    from,
    to,
    needBy: dayText(f.needBy, needByMs),
    needByMs,
    state,
    committedDate: dayText(dates.committed, committedMs),
    committedMs,
    proposedDate: dayText(dates.proposed, proposedMs),
    proposedMs,
    owner: name(f.owner),
    archived: f.archived === true,
  };
}

/**
 * What each stored plan (a KPI's `plan` Y.Array) held when last read, and the views made of it.
 * Stored items are immutable objects, so when a plan is re-read an item that is the same object
 * at the same place keeps its view; only the rest are parsed, and a plan whose items are all the
 * same hands out the same result as before. Remembered per series rather than per item.
 */
interface PlanMemo {
  items: readonly unknown[];
  views: readonly (PlanPointView | null)[];
  result: readonly PlanPointView[];
}
const planSeries = new WeakMap<object, PlanMemo>();
/** Each stored `readings` Y.Array's items when last read, and the series made of them. */
const readingSeries = new WeakMap<object, { items: readonly unknown[]; series: ReadingSeries }>();
const NO_ITEMS: readonly never[] = Object.freeze([]);
const NO_READINGS = new ReadingSeries(NO_ITEMS);

/**
 * A KPI's readings (see ReadingSeries, which reads only what a caller asks for). A series whose
 * items are all the same as when last read hands out the same series, so its list is made once.
 */
function readReadings(stored: unknown): ReadingSeries {
  if (!(stored instanceof Y.Array)) return NO_READINGS;
  const items = stored.toArray();
  const seen = readingSeries.get(stored);
  if (seen !== undefined && sameItems(seen.items, items)) return seen.series;
  const series = new ReadingSeries(items);
  readingSeries.set(stored, { items, series });
  return series;
}

/** The plan's points, oldest first (points on one instant keep the document's order). */
function readPlan(stored: unknown): readonly PlanPointView[] {
  if (!(stored instanceof Y.Array)) return NO_ITEMS;
  const items = stored.toArray();
  const seen = planSeries.get(stored);
  if (seen !== undefined && sameItems(seen.items, items)) return seen.result;
  const views = new Array<PlanPointView | null>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    views[i] = seen !== undefined && i < seen.items.length && seen.items[i] === item ? seen.views[i]! : toPlanView(item);
  }
  const result = sortByTime(views);
  planSeries.set(stored, { items, views, result });
  return result;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function toPlanView(raw: unknown): PlanPointView | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { at, value } = raw as Partial<PlanPoint>;
  const atMs = parseInstant(at);
  if (atMs === null || typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { at: at as string, atMs, value };
}

function day(value: unknown): string | null {
  return dayText(value, parseDay(value));
}

/** A stored day beside its parsed time (`parseDay(value)`, already in hand): the day when it parsed. */
function dayText(value: unknown, ms: number | null): string | null {
  return ms === null ? null : (value as string);
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
