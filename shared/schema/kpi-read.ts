import * as Y from 'yjs';
import { KPI_DEFAULTS, KPI_DIRECTIONS, memberOf } from './constants';
import { itemValue } from './map-items';
import { ReadingSeries, sortByTime, withReadings } from './reading-series';
import type { EntryMap } from './root-types';
import { sameItems } from './same-items';
import { dayText, name, number, positive, text } from './stored-values';
import type { PlanPoint } from './types';
import { parseDay, parseInstant } from './utc-dates';
import type { KpiView, PlanPointView } from './view-types';

/**
 * A KPI entry's view (view-types), or null when its direction is not one. Its fields are
 * gathered in one walk over the entry's items, as `readNode` gathers a node's (see there why);
 * readings and plan points are immutable JSON in a Y.Array, so a re-read plan parses only the
 * items it has not seen, and readings are read only as far as the rules ask (ReadingSeries).
 */
export function readKpi(id: string, entry: EntryMap): KpiView | null {
  let kpiName: unknown, unit: unknown, direction: unknown, lower: unknown, upper: unknown, baseline: unknown;
  let target: unknown, startDate: unknown, targetDate: unknown, amberPct: unknown, redPct: unknown;
  let cadenceDays: unknown, owner: unknown, readings: unknown, plan: unknown, createdAt: unknown, archived: unknown;
  for (const item of entry._map.values()) {
    if (item.deleted) continue;
    const key = item.parentSub!;
    const stored = itemValue(item);
    switch (key.length) {
      case 4:
        if (key === 'name') kpiName = stored;
        else if (key === 'unit') unit = stored;
        else if (key === 'plan') plan = stored;
        break;
      case 5:
        if (key === 'lower') lower = stored;
        else if (key === 'upper') upper = stored;
        else if (key === 'owner') owner = stored;
        break;
      case 6:
        if (key === 'target') target = stored;
        else if (key === 'redPct') redPct = stored;
        break;
      case 8:
        if (key === 'readings') readings = stored;
        else if (key === 'baseline') baseline = stored;
        else if (key === 'amberPct') amberPct = stored;
        else if (key === 'archived') archived = stored;
        break;
      case 9:
        if (key === 'direction') direction = stored;
        else if (key === 'startDate') startDate = stored;
        else if (key === 'createdAt') createdAt = stored;
        break;
      case 10:
        if (key === 'targetDate') targetDate = stored;
        break;
      case 11:
        if (key === 'cadenceDays') cadenceDays = stored;
        break;
    }
  }
  const kpiDirection = memberOf(KPI_DIRECTIONS, direction);
  if (kpiDirection === null) return null;
  const startMs = parseDay(startDate);
  const targetMs = parseDay(targetDate);
  const createdMs = parseInstant(createdAt);
  const view = {
    id,
    name: text(kpiName) ?? id,
    unit: text(unit) ?? '',
    direction: kpiDirection,
    lower: number(lower),
    upper: number(upper),
    baseline: number(baseline),
    target: number(target),
    startDate: dayText(startDate, startMs),
    startMs,
    targetDate: dayText(targetDate, targetMs),
    targetMs,
    amberPct: positive(amberPct) ?? KPI_DEFAULTS.amberPct,
    redPct: positive(redPct) ?? KPI_DEFAULTS.redPct,
    cadenceDays: positive(cadenceDays) ?? KPI_DEFAULTS.cadenceDays,
    owner: name(owner),
    plan: readPlan(plan),
    createdAt: createdMs === null ? null : (createdAt as string),
    createdMs,
    archived: archived === true,
  };
  return withReadings(view, readReadings(readings));
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
  const items = storedValues(stored);
  const seen = readingSeries.get(stored);
  if (seen !== undefined && sameItems(seen.items, items)) return seen.series;
  const series = new ReadingSeries(items);
  readingSeries.set(stored, { items, series });
  return series;
}

/** The plan's points, oldest first (points on one instant keep the document's order). */
function readPlan(stored: unknown): readonly PlanPointView[] {
  if (!(stored instanceof Y.Array)) return NO_ITEMS;
  const items = storedValues(stored);
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

/**
 * What `array.toArray()` returns, without copying it when the array is one run of JSON values
 * (readings appended together, or merged by Yjs as it loads): a KPI's 50 readings, 500 times over,
 * were a quarter of what a workspace's first read allocated. Yjs never changes the array of a
 * ContentAny once made (splitting or merging one makes new arrays), so handing it out is safe.
 */
function storedValues(array: Y.Array<unknown>): readonly unknown[] {
  let only: Y.Item | null = null;
  for (let item = array._start; item !== null; item = item.right) {
    if (!item.countable || item.deleted) continue;
    if (only !== null) return array.toArray();
    only = item;
  }
  if (only === null) return NO_ITEMS;
  return only.content instanceof Y.ContentAny ? only.content.arr : array.toArray();
}

function toPlanView(raw: unknown): PlanPointView | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { at, value } = raw as Partial<PlanPoint>;
  const atMs = parseInstant(at);
  if (atMs === null || typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { at: at as string, atMs, value };
}
