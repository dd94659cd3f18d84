import type { EntryMap } from './root-types';

/**
 * The stored values of one entry, gathered in a single `forEach` over it rather than one `get`
 * per field. The first read after a room loads visits every field of every entry, and there the
 * walk costs about half as much as the gets: each `get` is a hash lookup against a key string the
 * update decoder made, and lands on an item the walk would have visited anyway (bench/rules.ts).
 * A field the entry lacks stays undefined, exactly what `get` returns for it.
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
}

export class DepFields {
  from: unknown;
  to: unknown;
  needBy: unknown;
  state: unknown;
  committedDate: unknown;
  owner: unknown;
  archived: unknown;
}

// A switch rather than `fields[key] = value`: a keyed store has to intern each decoded key first,
// which costs as much as the gets it replaces.

export function nodeFields(entry: EntryMap): NodeFields {
  const f = new NodeFields();
  entry.forEach((value, key) => {
    switch (key) {
      case 'kind': f.kind = value; break;
      case 'title': f.title = value; break;
      case 'parent': f.parent = value; break;
      case 'order': f.order = value; break;
      case 'owner': f.owner = value; break;
      case 'team': f.team = value; break;
      case 'due': f.due = value; break;
      case 'reviewDate': f.reviewDate = value; break;
      case 'status': f.status = value; break;
      case 'progress': f.progress = value; break;
      case 'weight': f.weight = value; break;
      case 'kpi': f.kpi = value; break;
      case 'confidence': f.confidence = value; break;
      case 'confidenceNote': f.confidenceNote = value; break;
      case 'stage': f.stage = value; break;
      case 'value': f.value = value; break;
      case 'archived': f.archived = value; break;
    }
  });
  return f;
}

export function kpiFields(entry: EntryMap): KpiFields {
  const f = new KpiFields();
  entry.forEach((value, key) => {
    switch (key) {
      case 'name': f.name = value; break;
      case 'unit': f.unit = value; break;
      case 'direction': f.direction = value; break;
      case 'lower': f.lower = value; break;
      case 'upper': f.upper = value; break;
      case 'baseline': f.baseline = value; break;
      case 'target': f.target = value; break;
      case 'startDate': f.startDate = value; break;
      case 'targetDate': f.targetDate = value; break;
      case 'amberPct': f.amberPct = value; break;
      case 'redPct': f.redPct = value; break;
      case 'cadenceDays': f.cadenceDays = value; break;
      case 'owner': f.owner = value; break;
      case 'readings': f.readings = value; break;
      case 'plan': f.plan = value; break;
      case 'createdAt': f.createdAt = value; break;
      case 'archived': f.archived = value; break;
    }
  });
  return f;
}

export function depFields(entry: EntryMap): DepFields {
  const f = new DepFields();
  entry.forEach((value, key) => {
    switch (key) {
      case 'from': f.from = value; break;
      case 'to': f.to = value; break;
      case 'needBy': f.needBy = value; break;
      case 'state': f.state = value; break;
      case 'committedDate': f.committedDate = value; break;
      case 'owner': f.owner = value; break;
      case 'archived': f.archived = value; break;
    }
  });
  return f;
}
