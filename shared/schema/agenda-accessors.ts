import * as Y from 'yjs';
import { isPlainText } from './stored-values';
import { newId } from './ids';
import { blankToNull } from './node-fields';
import { fail, ok, type OpResult } from './op-result';
import { agendaMap, meetingMap, setArchivedFlag, setIfChanged, type EntryMap } from './root-types';
import { replaceText } from './text-edit';
import type { AgendaItemFields, StoredFinding, Subject } from './types';
import { isOrderKey, keyBetween } from '../tree/fractional-index';

export type { AgendaItemFields } from './types';

export interface NewAgendaItem {
  title: string;
  subject?: Subject | null;
  owner?: string | null;
  timeboxMin?: number | null;
  /** Defaults to after the last item. */
  order?: string;
  /** A standing item every meeting runs through (an EOS-style scorecard, headlines, to-dos). */
  standing?: boolean;
}

/** What people edit directly; the state moves through agenda-outcomes and meeting. */
export interface AgendaPatch {
  title?: string;
  owner?: string | null;
  timeboxMin?: number | null;
  order?: string;
  standing?: boolean;
}

/** Who made a change and when, for the log entry a decision writes. */
export interface ChangeContext {
  by: string | null;
  now: Date;
}

/**
 * Writes a whole agenda item in the caller's transaction: every field once, an empty decision,
 * no actions, no votes, and the findings given (keyed by finding key). The triage policy uses it
 * with the id `triage:<subject type>:<subject id>`.
 */
export function writeAgendaItem(
  doc: Y.Doc,
  id: string,
  fields: AgendaItemFields,
  findings: ReadonlyMap<string, StoredFinding> = new Map(),
): EntryMap {
  const entry = new Y.Map<unknown>();
  agendaMap(doc).set(id, entry);
  entry.set('id', id);
  for (const [key, value] of Object.entries(fields)) {
    entry.set(key, typeof value === 'object' && value !== null ? { ...value } : value);
  }
  entry.set('decision', new Y.Text());
  entry.set('actions', new Y.Array<EntryMap>());
  entry.set('votes', new Y.Map<number>());
  const stored = new Y.Map<StoredFinding>();
  entry.set('findings', stored);
  for (const [key, finding] of findings) stored.set(key, finding);
  return entry;
}

/** Adds an item to the review agenda (the facilitator's own topics, not raised by rules). */
export function createAgendaItem(doc: Y.Doc, input: NewAgendaItem): OpResult<string> {
  if (typeof input.title !== 'string' || input.title.trim() === '') return fail('invalid', 'An agenda item needs a title.');
  if (input.order !== undefined && !isOrderKey(input.order)) return fail('invalid', 'The order key is not a fractional index.');
  if (!isTimebox(input.timeboxMin)) return fail('invalid', 'The timebox is a number of minutes above 0.');
  const id = newId();
  doc.transact(() => {
    writeAgendaItem(doc, id, {
      kind: 'review',
      title: input.title.trim(),
      subject: input.subject ?? null,
      severity: null,
      order: input.order ?? keyBetween(lastOrder(doc), null),
      state: 'open',
      owner: blankToNull(input.owner),
      timeboxMin: input.timeboxMin ?? null,
      standing: input.standing === true,
      cleared: false,
      acceptedSeverity: null,
      revisitOn: null,
      outcomeAt: null,
    });
  });
  return ok(id);
}

/** Edits what people set on an item; the policy never overwrites these (DESIGN §4). */
export function updateAgendaItem(doc: Y.Doc, id: string, patch: AgendaPatch): OpResult {
  const entry = agendaMap(doc).get(id);
  if (!(entry instanceof Y.Map)) return fail('not-found', 'That agenda item does not exist.');
  if (patch.title !== undefined && patch.title.trim() === '') return fail('invalid', 'An agenda item needs a title.');
  if (patch.order !== undefined && !isOrderKey(patch.order)) return fail('invalid', 'The order key is not a fractional index.');
  if (!isTimebox(patch.timeboxMin)) return fail('invalid', 'The timebox is a number of minutes above 0.');
  doc.transact(() => {
    if (patch.title !== undefined) setIfChanged(entry, 'title', patch.title.trim());
    if (patch.owner !== undefined) setIfChanged(entry, 'owner', blankToNull(patch.owner));
    if (patch.timeboxMin !== undefined) setIfChanged(entry, 'timeboxMin', patch.timeboxMin);
    if (patch.order !== undefined) setIfChanged(entry, 'order', patch.order);
    if (patch.standing !== undefined) setIfChanged(entry, 'standing', patch.standing);
  });
  return ok();
}

/**
 * Takes a review topic off the agenda, the recoverable way (an optional `archived` flag, as on
 * nodes, KPIs and dependencies; SPEC U7): its decision, actions and votes stay for a restore.
 * Items the rules raise are refused: they close with an outcome, since the policy would keep
 * filling a hidden item with findings nobody sees. So is the item under discussion.
 */
export function archiveAgendaItem(doc: Y.Doc, id: string): OpResult {
  const entry = agendaMap(doc).get(id);
  if (!(entry instanceof Y.Map)) return fail('not-found', 'That agenda item does not exist.');
  if (entry.get('kind') === 'triage') return fail('conflict', 'A triage item closes with an outcome (resolve it), not by archiving.');
  if (meetingMap(doc).get('currentItem') === id) return fail('conflict', 'The room is discussing this item; move on before archiving it.');
  return setArchivedFlag(doc, agendaMap(doc), id, true, 'That agenda item does not exist.');
}

/** Puts an archived topic back on the agenda where it was. */
export function restoreAgendaItem(doc: Y.Doc, id: string): OpResult {
  return setArchivedFlag(doc, agendaMap(doc), id, false, 'That agenda item does not exist.');
}

/** Replaces the decision text, keeping concurrent typing at either end. */
export function setDecision(doc: Y.Doc, id: string, text: string): OpResult {
  const entry = agendaMap(doc).get(id);
  const decision = entry instanceof Y.Map ? entry.get('decision') : undefined;
  if (!isPlainText(decision)) return fail('not-found', 'That agenda item does not exist.');
  replaceText(decision, text);
  return ok();
}

function lastOrder(doc: Y.Doc): string | null {
  let last: string | null = null;
  for (const entry of agendaMap(doc).values()) {
    const order = entry.get('order');
    if (isOrderKey(order) && (last === null || order > last)) last = order;
  }
  return last;
}

function isTimebox(value: number | null | undefined): boolean {
  return value === undefined || value === null || (Number.isFinite(value) && value > 0);
}
