import * as Y from 'yjs';
import { isPlainText } from './stored-values';
import { agendaMap, depsMap, kpisMap, meetingMap, nodesMap, type EntryMap } from './root-types';

/**
 * Schema 1 → 2 (DESIGN §3). A step that shipped is never edited, so this one reads and writes
 * the document's raw maps itself rather than through today's accessors and readers: when those
 * change for schema 3, what this step wrote for schema 2 must not.
 *
 * Schema 1 raised one item per finding (`triage:<rule>:<type>:<id>`), so one KPI could be three
 * items; schema 2 has one per subject (`triage:<type>:<id>`) holding every finding. The items of
 * one subject merge into one without losing anything people wrote: every decision's text, every
 * action, every vote (dots add up, as each person's budget was spent across them) and the state
 * furthest along.
 *
 * What the merged item accepts is only what the room settled: the findings of parts that were
 * decided or deferred, at the worst severity among those. A finding whose part was still open or
 * under discussion is left out, so the first rule run takes it as new and reopens the item with a
 * log entry (and pivots if it is red) rather than hiding it under a neighbour's decision. A
 * resolved part settles nothing about the others: schema 1 reopened any resolved item whose
 * finding came back, so its finding had cleared; the merged item is resolved only when every
 * part was. A deferral in schema 1 had no date; a merged deferral comes back in a week.
 *
 * KPIs without `createdAt` get the time of the migration; KPIs and dependencies get
 * `archived: false`; the document gets an idle `meeting`. Nothing else moves.
 */
export function migrateToSchema2(doc: Y.Doc, now: Date): void {
  const at = now.toISOString();
  kpisMap(doc).forEach((entry) => {
    if (!(entry instanceof Y.Map)) return;
    if (!entry.has('createdAt')) entry.set('createdAt', at);
    if (!entry.has('archived')) entry.set('archived', false);
  });
  depsMap(doc).forEach((entry) => {
    if (entry instanceof Y.Map && !entry.has('archived')) entry.set('archived', false);
  });
  addIdleMeeting(doc);
  const groups = new Map<string, { subject: Subject1; parts: Part[] }>();
  agendaMap(doc).forEach((entry, id) => {
    if (!(entry instanceof Y.Map)) return;
    const subject = entry.get('kind') === 'triage' ? (subjectOf(entry.get('subject')) ?? subjectOfSchema1Id(id)) : null;
    if (subject === null) {
      addSchema2Fields(entry, at);
      return;
    }
    const key = `triage:${subject.type}:${subject.id}`;
    const group = groups.get(key) ?? { subject, parts: [] };
    group.parts.push(readPart(id, entry));
    groups.set(key, group);
  });
  for (const [id, { subject, parts }] of groups) mergeParts(doc, id, subject, parts, now);
}

type Severity1 = 'red' | 'amber';
type State1 = 'open' | 'discussing' | 'decided' | 'deferred' | 'resolved';
interface Subject1 {
  type: 'kpi' | 'node' | 'dep';
  id: string;
}

/** One schema-1 item, read whole before it is removed. */
interface Part {
  id: string;
  entry: EntryMap;
  state: State1;
  severity: Severity1 | null;
  finding: string | null;
  title: string;
  order: string | null;
  owner: string | null;
  timeboxMin: number | null;
  decision: string;
  actions: [string, unknown][][];
  votes: [string, number][];
}

const STATES: readonly State1[] = ['open', 'discussing', 'deferred', 'decided', 'resolved'];
/** How far along each state is; `resolved` is handled apart (see migrateToSchema2). */
const STATE_RANK: Record<State1, number> = { open: 0, discussing: 1, deferred: 2, decided: 3, resolved: 4 };
const SETTLED: ReadonlySet<State1> = new Set(['decided', 'deferred']);
const REVISIT_DEFERRAL_DAYS = 7;

function readPart(id: string, entry: EntryMap): Part {
  const state = entry.get('state');
  const severity = entry.get('severity');
  const timebox = entry.get('timeboxMin');
  const actions = entry.get('actions');
  const votes = entry.get('votes');
  return {
    id,
    entry,
    state: STATES.includes(state as State1) ? (state as State1) : 'open',
    severity: severity === 'red' || severity === 'amber' ? severity : null,
    finding: nonEmpty(entry.get('finding')),
    title: textOf(entry.get('title')),
    order: nonEmpty(entry.get('order')),
    owner: nonEmpty(entry.get('owner')),
    timeboxMin: typeof timebox === 'number' && Number.isFinite(timebox) && timebox > 0 ? timebox : null,
    decision: textOf(entry.get('decision')).trim(),
    actions:
      actions instanceof Y.Array
        ? actions
            .toArray()
            .filter((action): action is EntryMap => action instanceof Y.Map && typeof action.get('id') === 'string')
            // Action fields are plain values in schema 1; a shared type a writer put there is dropped.
            .map((action) => [...action.entries()].map(([key, value]): [string, unknown] => [key, value instanceof Y.AbstractType ? null : value]))
        : [],
    votes:
      votes instanceof Y.Map
        ? [...votes.entries()].filter((vote): vote is [string, number] => typeof vote[1] === 'number' && Number.isFinite(vote[1]) && vote[1] > 0)
        : [],
  };
}

function mergeParts(doc: Y.Doc, id: string, subject: Subject1, parts: Part[], now: Date): void {
  parts.sort((a, b) => STATE_RANK[b.state] - STATE_RANK[a.state] || (a.id < b.id ? -1 : 1));
  const allResolved = parts.every((part) => part.state === 'resolved');
  const live = parts.filter((part) => part.state !== 'resolved');
  const furthest = allResolved ? parts[0]! : live[0]!;
  const settled = parts.filter((part) => SETTLED.has(part.state));
  const outcome = allResolved || SETTLED.has(furthest.state);
  const at = now.toISOString();

  const findings = new Y.Map<unknown>();
  for (const part of settled) {
    if (part.finding === null || part.severity === null || findings.has(part.finding)) continue;
    findings.set(part.finding, { rule: part.finding.split(':')[0]!, severity: part.severity, message: part.title, evidence: {}, since: at });
  }
  const accepted = worst((allResolved ? parts : settled).map((part) => part.severity));
  const orders = parts.flatMap((part) => (part.order === null ? [] : [part.order])).sort();
  const timeboxes = parts.flatMap((part) => (part.timeboxMin === null ? [] : [part.timeboxMin]));
  const decisions = [...new Set(parts.map((part) => part.decision).filter((text) => text !== ''))];
  const votes = new Map<string, number>();
  for (const part of parts) for (const [person, dots] of part.votes) votes.set(person, (votes.get(person) ?? 0) + dots);
  const actionIds = new Set<string>();
  const actions = parts.flatMap((part) => part.actions).filter((fields) => {
    const actionId = fields.find(([key]) => key === 'id')![1] as string;
    return !actionIds.has(actionId) && actionIds.add(actionId);
  });

  for (const part of parts) agendaMap(doc).delete(part.id);
  const entry = new Y.Map<unknown>();
  agendaMap(doc).set(id, entry);
  const fields: [string, unknown][] = [
    ['id', id],
    ['kind', 'triage'],
    ['title', subjectName(doc, subject) ?? furthest.title],
    ['subject', { type: subject.type, id: subject.id }],
    ['severity', worst(parts.map((part) => part.severity))],
    ['order', orders[0] ?? 'V'],
    ['state', furthest.state],
    ['owner', parts.find((part) => part.owner !== null)?.owner ?? null],
    ['timeboxMin', timeboxes.length > 0 ? Math.max(...timeboxes) : null],
    ['standing', false],
    ['cleared', false],
    ['acceptedSeverity', outcome ? accepted : null],
    ['revisitOn', furthest.state === 'deferred' ? new Date(now.getTime() + REVISIT_DEFERRAL_DAYS * 86_400_000).toISOString().slice(0, 10) : null],
    ['outcomeAt', outcome ? at : null],
    ['decision', new Y.Text(decisions.join('\n\n'))],
    ['actions', Y.Array.from(actions.map((action) => new Y.Map(action)))],
    ['votes', new Y.Map([...votes])],
    ['findings', findings],
  ];
  for (const [key, value] of fields) entry.set(key, value);
}

/** A review item (or a triage item with no readable subject) keeps its id and gains the new fields. */
function addSchema2Fields(entry: EntryMap, at: string): void {
  const state = entry.get('state');
  const severity = entry.get('severity');
  const outcome = state === 'decided' || state === 'deferred' || state === 'resolved';
  if (!entry.has('standing')) entry.set('standing', false);
  if (!entry.has('cleared')) entry.set('cleared', false);
  if (!entry.has('acceptedSeverity')) entry.set('acceptedSeverity', outcome && (severity === 'red' || severity === 'amber') ? severity : null);
  if (!entry.has('revisitOn')) entry.set('revisitOn', null);
  if (!entry.has('outcomeAt')) entry.set('outcomeAt', outcome ? at : null);
  if (entry.has('finding')) entry.delete('finding');
}

function addIdleMeeting(doc: Y.Doc): void {
  const meeting = meetingMap(doc);
  if (meeting.has('status')) return;
  for (const [key, value] of [['status', 'idle'], ['startedAt', null], ['endedAt', null], ['currentItem', null], ['timer', null], ['votesRevealed', false]] as const) {
    meeting.set(key, value);
  }
}

/** The subject's name as schema 2 titles items: a KPI's name, a node's title, a dependency's two ends. */
function subjectName(doc: Y.Doc, subject: Subject1): string | null {
  const titleOf = (nodeId: unknown) => {
    const node = typeof nodeId === 'string' ? nodesMap(doc).get(nodeId) : undefined;
    return node instanceof Y.Map ? nonEmpty(textOf(node.get('title'))) : null;
  };
  if (subject.type === 'kpi') {
    const kpi = kpisMap(doc).get(subject.id);
    return kpi instanceof Y.Map ? nonEmpty(kpi.get('name')) : null;
  }
  if (subject.type === 'node') return titleOf(subject.id);
  const dep = depsMap(doc).get(subject.id);
  if (!(dep instanceof Y.Map)) return null;
  const from = titleOf(dep.get('from'));
  const to = titleOf(dep.get('to'));
  return from && to ? `${from} → ${to}` : null;
}

function subjectOf(value: unknown): Subject1 | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, id } = value as Record<string, unknown>;
  return (type === 'kpi' || type === 'node' || type === 'dep') && typeof id === 'string' ? { type, id } : null;
}

/** `triage:<rule>:<type>:<id>` (schema 1) → its subject, when the item lost its `subject` field. */
function subjectOfSchema1Id(id: string): Subject1 | null {
  const match = /^triage:[^:]+:([^:]+):(.+)$/.exec(id);
  return match ? subjectOf({ type: match[1], id: match[2] }) : null;
}

function worst(severities: readonly (Severity1 | null)[]): Severity1 | null {
  return severities.includes('red') ? 'red' : severities.includes('amber') ? 'amber' : null;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return isPlainText(value) ? value.toString() : '';
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
