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
    switch (key.length) {
      case 3:
        if (key === 'due') this.due = value;
        else if (key === 'kpi') this.kpi = value;
        break;
      case 4:
        if (key === 'kind') this.kind = value;
        else if (key === 'team') this.team = value;
        break;
      case 5:
        if (key === 'title') this.title = value;
        else if (key === 'order') this.order = value;
        else if (key === 'owner') this.owner = value;
        else if (key === 'stage') this.stage = value;
        else if (key === 'value') this.value = value;
        break;
      case 6:
        if (key === 'parent') this.parent = value;
        else if (key === 'status') this.status = value;
        else if (key === 'weight') this.weight = value;
        break;
      case 8:
        if (key === 'progress') this.progress = value;
        else if (key === 'archived') this.archived = value;
        break;
      case 10:
        if (key === 'reviewDate') this.reviewDate = value;
        else if (key === 'confidence') this.confidence = value;
        break;
      case 14:
        if (key === 'confidenceNote') this.confidenceNote = value;
        break;
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
    switch (key.length) {
      case 4:
        if (key === 'name') this.name = value;
        else if (key === 'unit') this.unit = value;
        else if (key === 'plan') this.plan = value;
        break;
      case 5:
        if (key === 'lower') this.lower = value;
        else if (key === 'upper') this.upper = value;
        else if (key === 'owner') this.owner = value;
        break;
      case 6:
        if (key === 'target') this.target = value;
        else if (key === 'redPct') this.redPct = value;
        break;
      case 8:
        if (key === 'readings') this.readings = value;
        else if (key === 'baseline') this.baseline = value;
        else if (key === 'amberPct') this.amberPct = value;
        else if (key === 'archived') this.archived = value;
        break;
      case 9:
        if (key === 'direction') this.direction = value;
        else if (key === 'startDate') this.startDate = value;
        else if (key === 'createdAt') this.createdAt = value;
        break;
      case 10:
        if (key === 'targetDate') this.targetDate = value;
        break;
      case 11:
        if (key === 'cadenceDays') this.cadenceDays = value;
        break;
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
    switch (key.length) {
      case 2:
        if (key === 'to') this.to = value;
        break;
      case 4:
        if (key === 'from') this.from = value;
        break;
      case 5:
        if (key === 'state') this.state = value;
        else if (key === 'owner') this.owner = value;
        break;
      case 6:
        if (key === 'needBy') this.needBy = value;
        break;
      case 8:
        if (key === 'archived') this.archived = value;
        break;
      case 12:
        if (key === 'proposedDate') this.proposedDate = value;
        break;
      case 13:
        if (key === 'committedDate') this.committedDate = value;
        break;
    }
  }
}

// A switch rather than `fields[key] = value`: a keyed store has to intern each decoded key first,
// which costs as much as the gets it replaces. The switch is on the key's length, then on the few
// names of that length: a decoded key is never the same string as a name in the code, so each
// `===` that gets as far as the characters compares them, and a switch on the names themselves
// made about eight such calls per field where this makes one or two (read + evaluate on a cold
// 5,000-node workspace, alternated in one process: about 1.5–2 ms less).

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
