import * as Y from 'yjs';
import type { EntryMap } from './root-types';

/**
 * The stored values of one entry, gathered in a single walk over its items rather than one `get`
 * per field. The first read after a room loads visits every field of every entry, and there the
 * walk costs about half as much as the gets: each `get` is a hash lookup against a key string the
 * update decoder made, and lands on an item the walk would have visited anyway (bench/rules.ts).
 * The walk reads the map's items directly instead of through `Y.Map.forEach`, which takes a
 * callback per field and asks each item's content for an array of its values (a little cheaper;
 * most of the cost is waiting on memory for each item and its key). Each kind of entry has its
 * own loop: one shared loop calling `set` on three classes made the call polymorphic, and the
 * whole first read of a 5,000-node workspace about 2 ms slower. A field the entry lacks stays
 * undefined, exactly what `get` returns for it.
 */
export class NodeFields {
  kind: unknown;
  title: unknown;
  parent: unknown;
  order: unknown;
  owner: unknown;
  team: unknown;
  due: unknown;
  reviewDate: unknown;
  status: unknown;
  progress: unknown;
  weight: unknown;
  kpi: unknown;
  confidence: unknown;
  confidenceNote: unknown;
  stage: unknown;
  value: unknown;
  archived: unknown;

  set(key: string, value: unknown): void {
    switch (key) {
      case 'kind': this.kind = value; break;
      case 'title': this.title = value; break;
      case 'parent': this.parent = value; break;
      case 'order': this.order = value; break;
      case 'owner': this.owner = value; break;
      case 'team': this.team = value; break;
      case 'due': this.due = value; break;
      case 'reviewDate': this.reviewDate = value; break;
      case 'status': this.status = value; break;
      case 'progress': this.progress = value; break;
      case 'weight': this.weight = value; break;
      case 'kpi': this.kpi = value; break;
      case 'confidence': this.confidence = value; break;
      case 'confidenceNote': this.confidenceNote = value; break;
      case 'stage': this.stage = value; break;
      case 'value': this.value = value; break;
      case 'archived': this.archived = value; break;
    }
  }
}

export class KpiFields {
  name: unknown;
  unit: unknown;
  direction: unknown;
  lower: unknown;
  upper: unknown;
  baseline: unknown;
  target: unknown;
  startDate: unknown;
  targetDate: unknown;
  amberPct: unknown;
  redPct: unknown;
  cadenceDays: unknown;
  owner: unknown;
  readings: unknown;
  plan: unknown;
  createdAt: unknown;
  archived: unknown;

  set(key: string, value: unknown): void {
    switch (key) {
      case 'name': this.name = value; break;
      case 'unit': this.unit = value; break;
      case 'direction': this.direction = value; break;
      case 'lower': this.lower = value; break;
      case 'upper': this.upper = value; break;
      case 'baseline': this.baseline = value; break;
      case 'target': this.target = value; break;
      case 'startDate': this.startDate = value; break;
      case 'targetDate': this.targetDate = value; break;
      case 'amberPct': this.amberPct = value; break;
      case 'redPct': this.redPct = value; break;
      case 'cadenceDays': this.cadenceDays = value; break;
      case 'owner': this.owner = value; break;
      case 'readings': this.readings = value; break;
      case 'plan': this.plan = value; break;
      case 'createdAt': this.createdAt = value; break;
      case 'archived': this.archived = value; break;
    }
  }
}

export class DepFields {
  from: unknown;
  to: unknown;
  needBy: unknown;
  state: unknown;
  committedDate: unknown;
  proposedDate: unknown;
  owner: unknown;
  archived: unknown;

  set(key: string, value: unknown): void {
    switch (key) {
      case 'from': this.from = value; break;
      case 'to': this.to = value; break;
      case 'needBy': this.needBy = value; break;
      case 'state': this.state = value; break;
      case 'committedDate': this.committedDate = value; break;
      case 'proposedDate': this.proposedDate = value; break;
      case 'owner': this.owner = value; break;
      case 'archived': this.archived = value; break;
    }
  }
}

// A switch rather than `fields[key] = value`: a keyed store has to intern each decoded key first,
// which costs as much as the gets it replaces.

/**
 * The value a map item holds, as `Y.Map.get` returns it: the last of its content (a JSON value,
 * a nested type, a subdocument, binary).
 */
function itemValue(item: Y.Item): unknown {
  const content = item.content;
  if (content instanceof Y.ContentAny) return content.arr[content.arr.length - 1];
  if (content instanceof Y.ContentType) return content.type;
  return content.getContent()[item.length - 1];
}

/** Each live field of a node entry with its value, as `Y.Map.forEach` would walk them. */
export function nodeFields(entry: EntryMap): NodeFields {
  const f = new NodeFields();
  for (const item of entry._map.values()) if (!item.deleted) f.set(item.parentSub!, itemValue(item));
  return f;
}

export function kpiFields(entry: EntryMap): KpiFields {
  const f = new KpiFields();
  for (const item of entry._map.values()) if (!item.deleted) f.set(item.parentSub!, itemValue(item));
  return f;
}

export function depFields(entry: EntryMap): DepFields {
  const f = new DepFields();
  for (const item of entry._map.values()) if (!item.deleted) f.set(item.parentSub!, itemValue(item));
  return f;
}
