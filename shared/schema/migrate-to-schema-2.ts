import * as Y from 'yjs';
import { triageItemId } from '../pivot/coverage';
import { subjectName } from '../pivot/triage-item';
import { writeAgendaItem } from './agenda-accessors';
import { readAgendaItem, worstFinding, type AgendaItemView } from './agenda-read';
import { OUTCOME_STATES, SUBJECT_TYPES, isOneOf, type AgendaState } from './constants';
import { initMeeting } from './meeting';
import { toPlainJson } from './plain-json';
import { agendaMap, depsMap, kpisMap, type EntryMap } from './root-types';
import { text } from './stored-values';
import type { StoredFinding, Subject } from './types';
import { readWorkspaceView } from './workspace-view';

/** How far along each state is, for keeping the furthest when items merge. */
const STATE_RANK: Record<AgendaState, number> = { open: 0, discussing: 1, deferred: 2, decided: 3, resolved: 4 };

/**
 * Schema 1 → 2 (DESIGN §3). Schema 1 raised one item per finding (`triage:<rule>:<type>:<id>`),
 * so one KPI could be three items; schema 2 has one per subject (`triage:<type>:<id>`) holding
 * every finding. The items of one subject merge into one without losing anything people wrote:
 * every decision's text, every action, every vote (dots add up, as each person's budget was spent
 * across them) and the state furthest along. A merged item with an outcome accepts the findings
 * its items held as of the migration, so upgrading reopens nothing the room had settled.
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
  initMeeting(doc);
  const groups = new Map<string, { subject: Subject; items: { item: AgendaItemView; entry: EntryMap; key: string | null }[] }>();
  agendaMap(doc).forEach((entry, id) => {
    const item = readAgendaItem(id, entry);
    if (item === null) return;
    const map = entry as EntryMap;
    const subject = item.kind === 'triage' ? (item.subject ?? subjectOfSchema1Id(id)) : null;
    if (subject === null) {
      addSchema2Fields(map, item, at);
      return;
    }
    const groupId = triageItemId(subject);
    const group = groups.get(groupId) ?? { subject, items: [] };
    group.items.push({ item, entry: map, key: text(map.get('finding')) });
    groups.set(groupId, group);
  });
  const view = readWorkspaceView(doc);
  for (const [id, group] of groups) mergeItems(doc, view, id, group.subject, group.items, at);
}

/** A review item (or a triage item with no readable subject) keeps its id and gains the new fields. */
function addSchema2Fields(entry: EntryMap, item: AgendaItemView, at: string): void {
  const outcome = isOneOf(OUTCOME_STATES, item.state);
  if (!entry.has('standing')) entry.set('standing', false);
  if (!entry.has('cleared')) entry.set('cleared', false);
  if (!entry.has('acceptedSeverity')) entry.set('acceptedSeverity', outcome ? item.severity : null);
  if (!entry.has('revisitOn')) entry.set('revisitOn', null);
  if (!entry.has('outcomeAt')) entry.set('outcomeAt', outcome ? at : null);
  if (entry.has('finding')) entry.delete('finding');
}

function mergeItems(
  doc: Y.Doc,
  view: ReturnType<typeof readWorkspaceView>,
  id: string,
  subject: Subject,
  parts: { item: AgendaItemView; entry: EntryMap; key: string | null }[],
  at: string,
): void {
  parts.sort((a, b) => STATE_RANK[b.item.state] - STATE_RANK[a.item.state] || (a.item.id < b.item.id ? -1 : 1));
  const items = parts.map((part) => part.item);
  const furthest = items[0]!;
  const severity = worstFinding(items.flatMap((item) => (item.severity ? [{ severity: item.severity }] : [])));
  const outcome = isOneOf(OUTCOME_STATES, furthest.state);
  const findings = new Map<string, StoredFinding>();
  for (const { item, key } of parts) {
    if (key === null || item.severity === null || findings.has(key)) continue;
    findings.set(key, { rule: key.split(':')[0]!, severity: item.severity, message: item.title, evidence: {}, since: at });
  }
  const orders = items.map((item) => item.order).filter((order) => order !== '').sort();
  const timeboxes = items.flatMap((item) => (item.timeboxMin === null ? [] : [item.timeboxMin]));
  const decisions = [...new Set(items.map((item) => item.decision?.toString().trim() ?? '').filter((text) => text !== ''))];
  // Read before the old items go: their actions and votes are copied into the merged one.
  const actions = parts.flatMap((part) => actionMaps(part.entry));
  const votes = new Map<string, number>();
  for (const item of items) for (const [person, dots] of Object.entries(item.votes)) votes.set(person, (votes.get(person) ?? 0) + dots);

  for (const item of items) agendaMap(doc).delete(item.id);
  const entry = writeAgendaItem(
    doc,
    id,
    {
      kind: 'triage',
      title: subjectName(view, subject) ?? furthest.title,
      subject,
      severity,
      order: orders[0] ?? furthest.order,
      state: furthest.state,
      owner: items.find((item) => item.owner !== null)?.owner ?? null,
      timeboxMin: timeboxes.length > 0 ? Math.max(...timeboxes) : null,
      standing: false,
      cleared: false,
      acceptedSeverity: outcome ? severity : null,
      revisitOn: null,
      outcomeAt: outcome ? at : null,
    },
    findings,
  );
  (entry.get('decision') as Y.Text).insert(0, decisions.join('\n\n'));
  const seen = new Set<string>();
  (entry.get('actions') as Y.Array<EntryMap>).push(actions.filter((action) => !seen.has(action.id) && seen.add(action.id)).map(copyAction));
  const voteMap = entry.get('votes') as Y.Map<number>;
  for (const [person, dots] of votes) voteMap.set(person, dots);
}

/** Each stored action as its fields, read whole (a copy is a new Y.Map: a Y type has one parent). */
function actionMaps(entry: EntryMap): { id: string; fields: [string, unknown][] }[] {
  const actions = entry.get('actions');
  if (!(actions instanceof Y.Array)) return [];
  return actions
    .toArray()
    .filter((action): action is EntryMap => action instanceof Y.Map && typeof action.get('id') === 'string')
    .map((action) => ({ id: action.get('id') as string, fields: [...action.entries()].map(([key, value]) => [key, plainCopy(value)]) }));
}

function copyAction(action: { fields: [string, unknown][] }): EntryMap {
  const map = new Y.Map<unknown>();
  for (const [key, value] of action.fields) map.set(key, value);
  return map;
}

/** An action's fields are plain values in schema 1; a Y type a writer put there becomes its JSON. */
function plainCopy(value: unknown): unknown {
  return value instanceof Y.AbstractType ? toPlainJson(value) : value;
}

/** `triage:<rule>:<type>:<id>` (schema 1) → its subject, when the item lost its `subject` field. */
function subjectOfSchema1Id(id: string): Subject | null {
  const match = /^triage:[^:]+:([^:]+):(.+)$/.exec(id);
  return match && isOneOf(SUBJECT_TYPES, match[1]) ? { type: match[1], id: match[2]! } : null;
}
