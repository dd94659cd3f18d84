import * as Y from 'yjs';
import { writeAgendaItem } from '../../../shared/schema/agenda-accessors';
import { addAction, setVote } from '../../../shared/schema/agenda-actions';
import { createAgendaItem, setDecision } from '../../../shared/schema/agenda-accessors';
import { decideItem } from '../../../shared/schema/agenda-outcomes';
import { appendLog } from '../../../shared/schema/log';
import { unwrap } from '../../../shared/schema/op-result';
import { archiveDependency, restoreDependency } from '../../../shared/schema/dependency-accessors';
import { archiveKpi } from '../../../shared/schema/kpi-accessors';
import { setRuleSetting } from '../../../shared/schema/rule-settings';
import { acceptProposedDate, commitDependency, declineProposedDate } from '../../../shared/tree/dependency-handshake';
import type { AgendaItemFields, StoredFinding, Subject } from '../../../shared/schema/types';
import { pushPoison, pushRaw, putPoison, setRaw, unconvertible, type PoisonKind } from './poison-values';
import { NOW, addDependency, addKpi, addTreeNode, day, newWorkspace, nowAt, pushRawReadings } from './workspace-fixtures';

/** The ids of a workspace's entries that poison goes into, and of the KPI it must not hide. */
export interface PoisonIds {
  /** Far behind plan: a red finding that pivots the review whatever else the document holds. */
  goodKpi: string;
  kpi: string;
  /** A KPI to keep in a band, with a same-date correction and a reading dated a year ahead (C1, C2, C4). */
  bandKpi: string;
  node: string;
  /** An initiative with a value under `node`, which also carries one (C10). */
  childNode: string;
  dep: string;
  /** A dependency whose commitment was missed (C7), archived and restored once. */
  missedDep: string;
  reviewItem: string;
  action: string;
  /** A triage item whose findings are gone: the rules resolve it, writing its title to the log. */
  clearedItem: string;
  /** A resolved triage item whose finding is live: the rules reopen it (its finding is new to it), writing its title to the log. */
  returningItem: string;
}

/**
 * A small workspace with one entry of every kind, all valid, as stored (one update) with its
 * ids. Its KPI `goodKpi` is 50 % behind target, so the rules pivot it into triage.
 */
export function poisonBase(): { update: Uint8Array; ids: PoisonIds } {
  const doc = newWorkspace('Poison review');
  const goodKpi = addKpi(doc, { name: 'Net revenue', target: 100, readings: [[day(-1), 50]] });
  const kpi = addKpi(doc, {
    name: 'Churn',
    unit: '%',
    direction: 'decrease',
    target: 5,
    startDate: day(-60),
    targetDate: day(60),
    plan: [{ at: day(-60), value: 8 }, { at: day(60), value: 5 }],
    readings: [[day(-20), 7], [day(-10), 7.5], [day(-2), 8]],
  });
  const objective = addTreeNode(doc, { kind: 'objective', title: 'Grow', owner: 'Ana', kpi: goodKpi });
  const upstream = addTreeNode(doc, { parent: objective, title: 'Warehouse cut-over', owner: 'Bo', team: 'Platform', due: day(-3) });
  const node = addTreeNode(doc, {
    parent: objective,
    title: 'Enterprise tier',
    owner: null,
    team: 'Sales',
    kpi,
    due: day(10),
    confidence: 0.3,
    confidenceNote: 'waiting on the warehouse',
    value: { planned: 300, realised: 20, unit: 'kUSD' },
  });
  const childNode = addTreeNode(doc, { parent: node, title: 'Self-serve tier', value: { planned: 120, realised: 0, unit: 'kEUR' } });
  const dep = addDependency(doc, { from: upstream, to: node, needBy: day(5), owner: 'Bo', note: 'usage data' });
  const bandKpi = addKpi(doc, {
    name: 'Uptime',
    unit: '%',
    direction: 'maintain',
    lower: 99.9,
    upper: 100,
    target: null,
    readings: [[day(-15), 99.95], [day(-8), 99.97], [day(-1), 99.92], [day(-1), 99.5]],
  });
  pushRawReadings(doc, bandKpi, [['2026-11-17', 97]]);
  unwrap(archiveKpi(doc, addKpi(doc, { name: 'Old KPI', target: 100, readings: [[day(-1), 1]] }), null));
  const missedDep = addDependency(doc, { from: childNode, to: upstream, needBy: day(30) });
  unwrap(commitDependency(doc, missedDep, day(-2), nowAt(-20)));
  unwrap(archiveDependency(doc, missedDep, null));
  unwrap(restoreDependency(doc, missedDep));
  const reviewItem = unwrap(createAgendaItem(doc, { title: 'Hiring plan', owner: 'Ana', timeboxMin: 10 }));
  const action = unwrap(addAction(doc, reviewItem, { text: 'Post the role', owner: 'Ana', due: day(7) }));
  unwrap(setVote(doc, reviewItem, 'ana', 2));
  unwrap(setDecision(doc, reviewItem, 'Hire two engineers'));
  const clearedItem = 'triage:node:gone';
  const returningItem = `triage:node:${node}`;
  doc.transact(() => {
    writeAgendaItem(doc, clearedItem, triageFields({ type: 'node', id: 'gone' }, 'open'), new Map([['missing-owner:node:gone', held('missing-owner')]]));
    writeAgendaItem(doc, returningItem, triageFields({ type: 'node', id: node }, 'resolved'));
  });
  setRuleSetting(doc, 'kpi-stale', { enabled: true, params: { factor: 2 } }, null);
  appendLog(doc, { at: NOW, kind: 'decision', by: 'ana', text: 'Decided on "Hiring plan".', ref: reviewItem });
  const ids = { goodKpi, kpi, bandKpi, node, childNode, dep, missedDep, reviewItem, action, clearedItem, returningItem };
  return { update: Y.encodeStateAsUpdate(doc), ids };
}

function triageFields(subject: Subject, state: 'open' | 'resolved'): AgendaItemFields {
  const outcome = state === 'resolved';
  return {
    kind: 'triage',
    title: `Item on ${subject.id}`,
    subject,
    severity: 'amber',
    order: 'V',
    state,
    owner: null,
    timeboxMin: 5,
    standing: false,
    cleared: outcome,
    acceptedSeverity: outcome ? 'amber' : null,
    revisitOn: null,
    outcomeAt: outcome ? NOW.toISOString() : null,
  };
}

function held(rule: string): StoredFinding {
  return { rule, severity: 'amber', message: `${rule} finding`, evidence: { kind: 'objective' }, since: NOW.toISOString() };
}

/** Where poison goes. `kinds` says which values can go there: any, JSON content only, or one fixed payload. */
export interface PoisonLocation {
  readonly name: string;
  readonly kinds: 'all' | 'plain' | 'fixed';
  /** False where the poison may rightly stop the pivot (a document without a schema version is not initialised). */
  readonly pivots: boolean;
  place(client: Y.Doc, ids: PoisonIds, kind: PoisonKind): void;
  /**
   * A colleague's later write into what `place` stored, relayed as its own update: a page's watch
   * reads a write into an entry only once the entry is stored before it (SPEC U74, U79).
   */
  colleagueWrites?(client: Y.Doc, ids: PoisonIds): void;
}

const entry = (client: Y.Doc, root: string, id: string) => client.getMap<Y.Map<unknown>>(root).get(id)!;
const list = (map: Y.Map<unknown>, key: string) => map.get(key) as Y.Array<unknown>;

const NODE_FIELDS = ['id', 'kind', 'title', 'parent', 'order', 'owner', 'team', 'due', 'reviewDate', 'status', 'progress', 'weight', 'kpi', 'confidence', 'confidenceNote', 'stage', 'value', 'notes', 'archived'];
const KPI_FIELDS = ['id', 'name', 'unit', 'direction', 'lower', 'upper', 'baseline', 'target', 'startDate', 'targetDate', 'amberPct', 'redPct', 'cadenceDays', 'owner', 'readings', 'plan', 'createdAt', 'archived'];
const DEP_FIELDS = ['id', 'from', 'to', 'needBy', 'state', 'committedDate', 'proposedDate', 'declinedDate', 'proposalId', 'acceptedProposal', 'declinedProposal', 'movedProposal', 'accepts', 'declines', 'owner', 'note', 'archived'];
const AGENDA_FIELDS = ['id', 'kind', 'title', 'subject', 'finding', 'severity', 'order', 'state', 'owner', 'timeboxMin', 'decision', 'actions', 'votes', 'findings', 'cleared', 'acceptedSeverity', 'revisitOn', 'outcomeAt', 'standing', 'archived'];
const ACTION_FIELDS = ['id', 'text', 'owner', 'due', 'done'];
const META_FIELDS = ['title', 'mode', 'pivotedAt', 'pivotReason'];
const MEETING_FIELDS = ['status', 'startedAt', 'endedAt', 'currentItem', 'timer', 'votesRevealed', 'highlight'];
const MAP_ROOTS = ['meta', 'nodes', 'kpis', 'deps', 'agenda', 'meeting', 'rules'];

/** Every field of an entry, and one the schema does not know. */
function fieldsOf(root: string, target: (ids: PoisonIds) => string, fields: readonly string[], which = 'entry'): PoisonLocation[] {
  return [...fields, 'unknownField'].map((field) => ({
    name: `${root} ${which} field ${field}`,
    kinds: 'all',
    pivots: true,
    place: (client, ids, kind) => putPoison(entry(client, root, target(ids)), field, kind),
  }));
}

/** A field inside a plain JSON object (a reading, a value target, a rule setting): JSON content only. */
function jsonField(name: string, fields: readonly string[], write: (client: Y.Doc, ids: PoisonIds, field: string, value: unknown) => void): PoisonLocation[] {
  return fields.map((field) => ({
    name: `${name} field ${field}`,
    kinds: 'plain',
    pivots: true,
    place: (client, ids, kind) => write(client, ids, field, kind.make()),
  }));
}

const withField = (base: Record<string, unknown>, field: string, value: unknown) => {
  const object: Record<string, unknown> = { ...base };
  Object.defineProperty(object, field, { value, enumerable: true });
  return object;
};

function textWithEmbeds(client: Y.Doc, root: string, id: string, field: string): void {
  const text = entry(client, root, id).get(field) as Y.Text;
  text.insertEmbed(0, unconvertible());
  text.insertEmbed(1, new Y.Map([['x', 1]]));
  text.format(0, text.length, { bold: { nested: unconvertible() } });
}

/** The map embedded first in a dependency stored as a shared text or list (see POISON_LOCATIONS). */
function embeddedInDep(client: Y.Doc, ids: PoisonIds): Y.Map<unknown> {
  const stored: unknown = client.getMap('deps').get(ids.dep);
  return (stored instanceof Y.Text ? stored.toDelta()[0].insert : (stored as Y.Array<unknown>).get(0)) as Y.Map<unknown>;
}

export const POISON_LOCATIONS: readonly PoisonLocation[] = [
  ...[...META_FIELDS, 'unknownField'].map((field): PoisonLocation => ({
    name: `meta field ${field}`,
    kinds: 'all',
    pivots: true,
    place: (client, _ids, kind) => putPoison(client.getMap('meta'), field, kind),
  })),
  ...[...MEETING_FIELDS, 'unknownField'].map((field): PoisonLocation => ({
    name: `meeting field ${field}`,
    kinds: 'all',
    pivots: true,
    place: (client, _ids, kind) => putPoison(client.getMap('meeting'), field, kind),
  })),
  { name: 'meta field schema', kinds: 'all', pivots: false, place: (client, _ids, kind) => putPoison(client.getMap('meta'), 'schema', kind) },
  ...(
    [
      ['nodes', (ids: PoisonIds) => ids.node],
      ['kpis', (ids: PoisonIds) => ids.kpi],
      ['deps', (ids: PoisonIds) => ids.dep],
      ['agenda', (ids: PoisonIds) => ids.clearedItem],
      ['rules', () => 'kpi-stale'],
    ] as const
  ).flatMap(([root, target]): PoisonLocation[] => [
    { name: `${root} entry replaced`, kinds: 'all', pivots: true, place: (client, ids, kind) => putPoison(client.getMap(root), target(ids), kind) },
    { name: `${root} entry under the id __proto__`, kinds: 'all', pivots: true, place: (client, _ids, kind) => putPoison(client.getMap(root), '__proto__', kind) },
  ]),
  // A write to `proposedDate` where a dependency should be: a page's U79 watch reads it as one.
  ...(['text', 'list'] as const).map((shape): PoisonLocation => ({
    name: `deps entry stored as a shared ${shape} holding a map, whose proposedDate a colleague writes`,
    kinds: 'fixed',
    pivots: true,
    place: (client, ids) => {
      const holder = shape === 'text' ? new Y.Text() : new Y.Array<unknown>();
      client.getMap('deps').set(ids.dep, holder);
      if (holder instanceof Y.Text) holder.insertEmbed(0, new Y.Map());
      else holder.push([new Y.Map()]);
    },
    colleagueWrites: (client, ids) => embeddedInDep(client, ids).set('proposedDate', day(30)),
  })),
  ...fieldsOf('nodes', (ids) => ids.node, NODE_FIELDS),
  ...fieldsOf('kpis', (ids) => ids.kpi, KPI_FIELDS),
  ...fieldsOf('deps', (ids) => ids.dep, DEP_FIELDS),
  ...fieldsOf('kpis', (ids) => ids.bandKpi, KPI_FIELDS, 'band KPI'),
  ...fieldsOf('nodes', (ids) => ids.childNode, NODE_FIELDS, 'valued child initiative'),
  ...fieldsOf('deps', (ids) => ids.missedDep, DEP_FIELDS, 'missed commitment'),
  // An answer kept per proposal (SPEC U97) under the standing proposal's id, and a colleague's answer beside it.
  ...(['accepts', 'declines'] as const).flatMap((answers) =>
    (['accepting', 'declining'] as const).map(
      (answering): PoisonLocation => ({
        name: `deps ${answers} under the standing proposal's id, then a colleague ${answering} it`,
        kinds: 'all',
        pivots: true,
        place: (client, ids, kind) => {
          unwrap(commitDependency(client, ids.dep, day(9), NOW));
          const dep = entry(client, 'deps', ids.dep);
          putPoison(dep.get(answers) as Y.Map<unknown>, dep.get('proposalId') as string, kind);
        },
        colleagueWrites: (client, ids) => unwrap(answering === 'accepting' ? acceptProposedDate(client, ids.dep, NOW) : declineProposedDate(client, ids.dep)),
      }),
    ),
  ),
  // Either map stored as poison beside a proposal with an id: a colleague's answer finds no map to keep
  // it in, and a new proposal makes the map again.
  ...(['accepts', 'declines'] as const).map(
    (answers): PoisonLocation => ({
      name: `deps ${answers} stored as poison beside a proposal, then a colleague answering it and proposing anew`,
      kinds: 'all',
      pivots: true,
      place: (client, ids, kind) => {
        unwrap(commitDependency(client, ids.dep, day(9), NOW));
        putPoison(entry(client, 'deps', ids.dep), answers, kind);
      },
      colleagueWrites: (client, ids) => {
        unwrap(answers === 'accepts' ? acceptProposedDate(client, ids.dep, NOW) : declineProposedDate(client, ids.dep));
        unwrap(commitDependency(client, ids.dep, day(12), NOW));
      },
    }),
  ),
  ...fieldsOf('agenda', (ids) => ids.clearedItem, AGENDA_FIELDS),
  { name: 'agenda title of a triage item the rules reopen', kinds: 'all', pivots: true, place: (client, ids, kind) => putPoison(entry(client, 'agenda', ids.returningItem), 'title', kind) },
  { name: 'agenda stored finding', kinds: 'all', pivots: true, place: (client, ids, kind) => putPoison(entry(client, 'agenda', ids.clearedItem).get('findings') as Y.Map<unknown>, 'missing-owner:node:gone', kind) },
  // The record of a decision (SPEC U108) is read only while its item is decided, and then by the minutes and what changed too.
  ...['decidedText', 'decidedAt'].map((field): PoisonLocation => ({
    name: `agenda ${field} of a decided item`,
    kinds: 'all',
    pivots: true,
    place: (client, ids, kind) => {
      unwrap(decideItem(client, ids.reviewItem, null, { by: 'ana', now: NOW }));
      putPoison(entry(client, 'agenda', ids.reviewItem), field, kind);
    },
  })),
  { name: 'agenda vote', kinds: 'all', pivots: true, place: (client, ids, kind) => putPoison(entry(client, 'agenda', ids.reviewItem).get('votes') as Y.Map<unknown>, 'ana', kind) },
  ...ACTION_FIELDS.map((field): PoisonLocation => ({
    name: `agenda action field ${field}`,
    kinds: 'all',
    pivots: true,
    place: (client, ids, kind) => putPoison(list(entry(client, 'agenda', ids.reviewItem), 'actions').get(0) as Y.Map<unknown>, field, kind),
  })),
  { name: 'agenda action', kinds: 'all', pivots: true, place: (client, ids, kind) => pushPoison(list(entry(client, 'agenda', ids.reviewItem), 'actions'), kind) },
  { name: 'kpi reading', kinds: 'all', pivots: true, place: (client, ids, kind) => pushPoison(list(entry(client, 'kpis', ids.kpi), 'readings'), kind) },
  { name: 'band kpi reading', kinds: 'all', pivots: true, place: (client, ids, kind) => pushPoison(list(entry(client, 'kpis', ids.bandKpi), 'readings'), kind) },
  { name: 'kpi plan point', kinds: 'all', pivots: true, place: (client, ids, kind) => pushPoison(list(entry(client, 'kpis', ids.kpi), 'plan'), kind) },
  { name: 'log entry', kinds: 'all', pivots: true, place: (client, _ids, kind) => pushPoison(client.getArray('log'), kind) },
  ...jsonField('kpi reading', ['at', 'value', 'source'], (client, ids, field, value) =>
    pushRaw(list(entry(client, 'kpis', ids.kpi), 'readings'), withField({ at: day(-1), value: 9, source: 'x' }, field, value)),
  ),
  ...jsonField('band kpi reading on a date already read', ['at', 'value', 'source'], (client, ids, field, value) =>
    pushRaw(list(entry(client, 'kpis', ids.bandKpi), 'readings'), withField({ at: day(-1), value: 99, source: 'x' }, field, value)),
  ),
  ...jsonField('kpi plan point', ['at', 'value'], (client, ids, field, value) =>
    pushRaw(list(entry(client, 'kpis', ids.kpi), 'plan'), withField({ at: day(1), value: 6 }, field, value)),
  ),
  ...jsonField('log entry', ['at', 'kind', 'by', 'text', 'ref'], (client, _ids, field, value) =>
    pushRaw(client.getArray('log'), withField({ at: NOW.toISOString(), kind: 'decision', by: 'ana', text: 'x', ref: null }, field, value)),
  ),
  ...jsonField('node value target', ['planned', 'realised', 'unit'], (client, ids, field, value) =>
    setRaw(entry(client, 'nodes', ids.node), 'value', withField({ planned: 1, realised: 0, unit: 'kUSD' }, field, value)),
  ),
  ...jsonField('agenda subject', ['type', 'id'], (client, ids, field, value) =>
    setRaw(entry(client, 'agenda', ids.clearedItem), 'subject', withField({ type: 'node', id: ids.node }, field, value)),
  ),
  ...jsonField('agenda stored finding', ['rule', 'severity', 'message', 'evidence', 'since'], (client, ids, field, value) =>
    setRaw(entry(client, 'agenda', ids.clearedItem).get('findings') as Y.Map<unknown>, 'missing-owner:node:gone', withField(held('missing-owner') as unknown as Record<string, unknown>, field, value)),
  ),
  ...jsonField('meeting timer', ['item', 'runningSince', 'spentMs'], (client, _ids, field, value) =>
    setRaw(client.getMap('meeting'), 'timer', withField({ item: 'x', runningSince: NOW.toISOString(), spentMs: 5 }, field, value)),
  ),
  ...jsonField('rule setting', ['enabled', 'params'], (client, _ids, field, value) =>
    setRaw(client.getMap('rules'), 'kpi-stale', withField({ enabled: true, params: {} }, field, value)),
  ),
  ...jsonField('rule parameter', ['factor', '__proto__'], (client, _ids, field, value) =>
    setRaw(client.getMap('rules'), 'kpi-stale', { enabled: true, params: withField({}, field, value) }),
  ),
  // A root is named, not typed, on the wire: a client that made one a list (or `log` a map)
  // sends items the server's root holds in the part of it that the schema never reads.
  ...MAP_ROOTS.map((root): PoisonLocation => ({
    name: `${root} root written as a Y.Array`,
    kinds: 'all',
    pivots: true,
    place: (client, _ids, kind) => pushPoison(client.getArray(root), kind),
  })),
  { name: 'log root written as a Y.Map', kinds: 'all', pivots: true, place: (client, _ids, kind) => putPoison(client.getMap('log'), 'entry', kind) },
  ...(
    [
      ['nodes', 'title', (ids: PoisonIds) => ids.node],
      ['nodes', 'notes', (ids: PoisonIds) => ids.node],
      ['deps', 'note', (ids: PoisonIds) => ids.dep],
      ['agenda', 'decision', (ids: PoisonIds) => ids.reviewItem],
    ] as const
  ).map(([root, field, target]): PoisonLocation => ({
    name: `${root} ${field} with embeds and hostile formats`,
    kinds: 'fixed',
    pivots: true,
    place: (client, ids) => textWithEmbeds(client, root, target(ids), field),
  })),
];
