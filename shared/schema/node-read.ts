import { INITIATIVE_STAGES, NODE_DEFAULTS, NODE_KINDS, NODE_STATUSES, memberOf } from './constants';
import { itemValue } from './map-items';
import type { EntryMap } from './root-types';
import { day, dayText, name, number, text, textOf } from './stored-values';
import type { ValueTarget } from './types';
import { parseDay } from './utc-dates';
import type { NodeView } from './view-types';

/**
 * A node entry's view (view-types), or null when its kind is not one: what is unreadable is
 * defaulted, never thrown on (any writer can store anything, DESIGN §6).
 *
 * The fields are gathered in one walk over the entry's items into locals, not one `get` per
 * field: the first read after a room loads visits every field of every node (5,000 × 20 in
 * bench/rules.ts), and each `get` is a hash lookup against a key string the update decoder made,
 * landing on an item the walk visits anyway. The switch is on the key's length, then on the few
 * names of that length: a decoded key is never the same string as a name in the code, so each
 * `===` that gets as far as comparing characters is a call, and a switch on the names themselves
 * makes about eight of them per field where this makes one or two. The value is taken once, before
 * the switch, from one call site: a call in each branch measured slower. A field the entry lacks
 * stays undefined, exactly what `get` returns for it.
 */
export function readNode(id: string, entry: EntryMap): NodeView | null {
  let kind: unknown, title: unknown, parent: unknown, order: unknown, owner: unknown, team: unknown;
  let due: unknown, reviewDate: unknown, status: unknown, progress: unknown, weight: unknown, kpi: unknown;
  let confidence: unknown, confidenceNote: unknown, stage: unknown, value: unknown, archived: unknown;
  for (const item of entry._map.values()) {
    if (item.deleted) continue;
    const key = item.parentSub!;
    const stored = itemValue(item);
    switch (key.length) {
      case 3:
        if (key === 'due') due = stored;
        else if (key === 'kpi') kpi = stored;
        break;
      case 4:
        if (key === 'kind') kind = stored;
        else if (key === 'team') team = stored;
        break;
      case 5:
        if (key === 'title') title = stored;
        else if (key === 'order') order = stored;
        else if (key === 'owner') owner = stored;
        else if (key === 'stage') stage = stored;
        else if (key === 'value') value = stored;
        break;
      case 6:
        if (key === 'parent') parent = stored;
        else if (key === 'status') status = stored;
        else if (key === 'weight') weight = stored;
        break;
      case 8:
        if (key === 'progress') progress = stored;
        else if (key === 'archived') archived = stored;
        break;
      case 10:
        if (key === 'reviewDate') reviewDate = stored;
        else if (key === 'confidence') confidence = stored;
        break;
      case 14:
        if (key === 'confidenceNote') confidenceNote = stored;
        break;
    }
  }
  const nodeKind = memberOf(NODE_KINDS, kind);
  if (nodeKind === null) return null;
  const dueMs = parseDay(due);
  return {
    id,
    kind: nodeKind,
    title: textOf(title),
    parent: text(parent),
    order: text(order) ?? '',
    owner: name(owner),
    team: name(team),
    due: dayText(due, dueMs),
    dueMs,
    reviewDate: day(reviewDate),
    status: memberOf(NODE_STATUSES, status) ?? NODE_DEFAULTS.status,
    progress: clamp01(number(progress) ?? NODE_DEFAULTS.progress),
    weight: Math.max(0, number(weight) ?? NODE_DEFAULTS.weight),
    kpi: text(kpi),
    confidence: typeof confidence === 'number' && Number.isFinite(confidence) ? clamp01(confidence) : null,
    confidenceNote: text(confidenceNote),
    stage: nodeKind === 'initiative' ? memberOf(INITIATIVE_STAGES, stage) : null,
    value: nodeKind === 'initiative' ? valueTarget(value) : null,
    archived: archived === true,
  };
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
