import { datesOf } from '../schema/dependency-proposal';
import { actionsOf, entriesOf, num, recordedDecision, scalar, str, type Entry } from './json-read';
// Type only: record-basis reads this module's field lists.
import type { RecordBasis } from './record-basis';

/**
 * What changed between two copies of a workspace (DESIGN §5 `changes`, SPEC M3):
 * the History view's "since last review" and the first item of the next meeting. Pure: each
 * side is a RecordBasis (a snapshot's or the live document's), read defensively.
 */

/** The node fields people care about, in the order they are shown. */
export const NODE_FIELDS = ['title', 'status', 'progress', 'owner', 'due', 'confidence', 'stage'] as const;
export const DEP_FIELDS = ['state', 'committedDate', 'proposedDate', 'needBy', 'owner'] as const;

type Scalar = string | number | boolean | null;
export type FieldChanges = Record<string, [Scalar, Scalar]>;

/**
 * A KPI's band as the kpi-threshold finding on its triage item says: none on a KPI with readings
 * is green while the rule is on, and `off` (not judged) while it is switched off.
 */
export type Band = 'red' | 'amber' | 'green' | 'off' | null;

export interface KpiMovement {
  id: string;
  name: string;
  value: [number | null, number | null];
  band: [Band, Band];
  /** Readings the later side holds that the earlier did not. */
  readingsAdded: number;
  /** The KPI is new since the earlier side: it had no value or band to move from (absent from a server before this release). */
  added?: boolean;
}

export interface ItemRef {
  id: string;
  title: string;
}

export interface ActionChange {
  item: ItemRef;
  id: string;
  text: string;
  owner: string | null;
  due: string | null;
}

export interface Changes {
  nodes: {
    added: Array<ItemRef & { kind: string | null }>;
    archived: ItemRef[];
    changed: Array<ItemRef & { fields: FieldChanges }>;
  };
  kpis: KpiMovement[];
  deps: {
    added: Array<{ id: string; from: string | null; to: string | null }>;
    changed: Array<{ id: string; from: string | null; to: string | null; fields: FieldChanges }>;
  };
  triage: { opened: ItemRef[]; decided: ItemRef[]; deferred: ItemRef[]; resolved: ItemRef[] };
  /** Decisions taken: the text of an item decided, deferred or resolved (before: as it was taken then, '' when it was not). */
  decisions: Array<ItemRef & { before: string; after: string }>;
  /** Text typed in the decision box of an item nobody has decided: a draft, never a decision (as in the minutes, M6). */
  drafts: Array<ItemRef & { text: string }>;
  actions: { added: ActionChange[]; done: ActionChange[] };
}

/**
 * @example
 * const changes = diffWorkspaces(snapshotBasis, recordBasis(doc));
 * changes.nodes.changed[0]; // { id, title, fields: { status: ['on-track', 'at-risk'] } }
 */
export function diffWorkspaces(before: RecordBasis | null, after: RecordBasis | null): Changes {
  return {
    nodes: diffNodes(entriesOf(before, 'nodes'), entriesOf(after, 'nodes')),
    kpis: diffKpis(before, after),
    deps: diffDeps(entriesOf(before, 'deps'), entriesOf(after, 'deps')),
    ...diffAgenda(entriesOf(before, 'agenda'), entriesOf(after, 'agenda')),
  };
}

function fieldChanges(before: Entry, after: Entry, fields: readonly string[]): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const was = scalar(before[field]);
    const now = scalar(after[field]);
    if (was !== now) changes[field] = [was, now];
  }
  return changes;
}

const titleOf = (entry: Entry, fallback: string): string => (typeof entry.title === 'string' && entry.title !== '' ? entry.title : fallback);

function diffNodes(before: Map<string, Entry>, after: Map<string, Entry>): Changes['nodes'] {
  const result: Changes['nodes'] = { added: [], archived: [], changed: [] };
  for (const [id, node] of after) {
    const title = titleOf(node, id);
    const was = before.get(id);
    if (!was) {
      if (node.archived !== true) result.added.push({ id, title, kind: str(node.kind) });
      continue;
    }
    if (node.archived === true) {
      if (was.archived !== true) result.archived.push({ id, title });
      continue;
    }
    const fields = fieldChanges(was, node, NODE_FIELDS);
    if (Object.keys(fields).length > 0) result.changed.push({ id, title, fields });
  }
  return result;
}

/**
 * The band is read from the side's own triage item (`triage:kpi:<id>`), whose findings the rule
 * runner keeps as the rules saw that side: no rule is re-run on a copy of the past, so a band
 * is what the room was shown then. A KPI without readings has no band; with the rule switched off
 * on that side it is not judged, so switching the rule off never reads as a KPI turning green.
 */
function bandOf(kpi: Entry | undefined, item: Entry | undefined, judged: boolean): Band {
  if (!kpi || num(kpi.latest) === null) return null;
  if (!judged) return 'off';
  const findings = item?.findings;
  let band: Band = 'green';
  if (typeof findings === 'object' && findings !== null) {
    for (const raw of Object.values(findings as Record<string, unknown>)) {
      if (typeof raw !== 'object' || raw === null) continue;
      const { rule, severity } = raw as Record<string, unknown>;
      if (rule !== 'kpi-threshold') continue;
      if (severity === 'red') return 'red';
      if (severity === 'amber') band = 'amber';
    }
  }
  return band;
}

function diffKpis(before: RecordBasis | null, after: RecordBasis | null): KpiMovement[] {
  const was = entriesOf(before, 'kpis');
  const [agendaThen, agendaNow] = [entriesOf(before, 'agenda'), entriesOf(after, 'agenda')];
  const [judgedThen, judgedNow] = [thresholdOn(before), thresholdOn(after)];
  const movements: KpiMovement[] = [];
  for (const [id, kpi] of entriesOf(after, 'kpis')) {
    if (kpi.archived === true) continue;
    const then = was.get(id);
    const [valueThen, valueNow] = [num(then?.latest), num(kpi.latest)];
    // Readings are appended, and corrections replace in place: the growth of the series is what arrived.
    const readingsAdded = Math.max(0, (num(kpi.readingCount) ?? 0) - (num(then?.readingCount) ?? 0));
    const item = `triage:kpi:${id}`;
    const band: [Band, Band] = [bandOf(was.get(id), agendaThen.get(item), judgedThen), bandOf(kpi, agendaNow.get(item), judgedNow)];
    if (valueThen === valueNow && band[0] === band[1] && readingsAdded === 0) continue;
    const name = typeof kpi.name === 'string' && kpi.name !== '' ? kpi.name : id;
    movements.push({ id, name, value: [valueThen, valueNow], band, readingsAdded, added: then === undefined });
  }
  return movements;
}

/** Whether a side had `kpi-threshold` on: it is unless its setting says `enabled: false` (DESIGN §3 `rules`). */
function thresholdOn(side: RecordBasis | null): boolean {
  return entriesOf(side, 'rules').get('kpi-threshold')?.enabled !== false;
}

function diffDeps(before: Map<string, Entry>, after: Map<string, Entry>): Changes['deps'] {
  const result: Changes['deps'] = { added: [], changed: [] };
  for (const [id, dep] of after) {
    const ends = { from: str(dep.from), to: str(dep.to) };
    const was = before.get(id);
    if (!was) {
      if (dep.archived !== true) result.added.push({ id, ...ends });
      continue;
    }
    const fields = fieldChanges(asRead(was), asRead(dep), [...DEP_FIELDS, 'archived']);
    if (Object.keys(fields).length > 0) result.changed.push({ id, ...ends, fields });
  }
  return result;
}

/**
 * A dependency's dates as the board reads them (datesOf): a request's `committedDate` the release
 * before stored is its proposal (SPEC U6), a proposal a decline answered, in either field, is
 * none (SPEC U81, U86), so a decline of either shape is a proposal withdrawn, and an answer
 * counts for the proposal it names (SPEC U82).
 */
function asRead(dep: Entry): Entry {
  const dates = datesOf(dep);
  return { ...dep, committedDate: dates.committed, proposedDate: dates.proposed };
}

const OUTCOMES = ['decided', 'deferred', 'resolved'] as const;

/** An item's decision as the record quotes it (SPEC U108), and whether the room took it (decided, deferred or resolved the item). */
function decisionOf(item: Entry | undefined): { text: string; taken: boolean } {
  const text = item ? recordedDecision(item) : '';
  return { text, taken: (OUTCOMES as readonly unknown[]).includes(item?.state) };
}

function diffAgenda(before: Map<string, Entry>, after: Map<string, Entry>): Pick<Changes, 'triage' | 'decisions' | 'drafts' | 'actions'> {
  const triage: Changes['triage'] = { opened: [], decided: [], deferred: [], resolved: [] };
  const decisions: Changes['decisions'] = [];
  const drafts: Changes['drafts'] = [];
  const actions: Changes['actions'] = { added: [], done: [] };
  for (const [id, item] of after) {
    const ref = { id, title: titleOf(item, id) };
    const was = before.get(id);
    const state = str(item.state) ?? 'open';
    const wasState = was ? (str(was.state) ?? 'open') : null;
    if (item.kind === 'triage' && state !== wasState) {
      // Opened: new, or back to open from an outcome (a reopening).
      if (state === 'open' && (wasState === null || (OUTCOMES as readonly string[]).includes(wasState))) triage.opened.push(ref);
      else if ((OUTCOMES as readonly string[]).includes(state)) triage[state as (typeof OUTCOMES)[number]].push(ref);
    }
    // A decision is what the room took: text in the box of an item still open is a draft
    // (M6), and an item reopened since has its outcome listed under triage, not as a cleared decision.
    const decision = decisionOf(item);
    const wasDecision = decisionOf(was);
    const wasTaken = wasDecision.taken ? wasDecision.text : '';
    if (decision.taken && decision.text !== wasTaken) decisions.push({ ...ref, before: wasTaken, after: decision.text });
    else if (!decision.taken && decision.text.trim() !== '' && decision.text !== wasDecision.text) drafts.push({ ...ref, text: decision.text });
    const wasActions = new Map((was ? actionsOf(was) : []).map((action) => [action.id, action]));
    for (const action of actionsOf(item)) {
      const change = { item: ref, id: action.id, text: action.text, owner: action.owner, due: action.due };
      const old = wasActions.get(action.id);
      if (!old) actions.added.push(change);
      if (action.done && !old?.done) actions.done.push(change);
    }
  }
  return { triage, decisions, drafts, actions };
}
