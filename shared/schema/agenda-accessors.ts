import * as Y from 'yjs';
import { AGENDA_STATES, isOneOf, type AgendaKind, type AgendaState, type Severity } from './constants';
import { newId } from './ids';
import { appendLog } from './log';
import { blankToNull } from './node-fields';
import { fail, ok, type OpResult } from './op-result';
import { agendaMap, setIfChanged, type EntryMap } from './root-types';
import { textOf } from './stored-values';
import { replaceText } from './text-edit';
import type { AgendaItemFields, Subject } from './types';
import { isOrderKey, keyBetween } from '../tree/fractional-index';

export type { AgendaItemFields } from './types';

export interface NewAgendaItem {
  title: string;
  subject?: Subject | null;
  owner?: string | null;
  timeboxMin?: number | null;
  /** Defaults to after the last item. */
  order?: string;
}

export interface AgendaPatch {
  title?: string;
  state?: AgendaState;
  owner?: string | null;
  timeboxMin?: number | null;
  order?: string;
}

/** Who made a change and when, for the log entry a decision writes. */
export interface ChangeContext {
  by: string | null;
  now: Date;
}

/**
 * Writes a whole agenda item in the caller's transaction: every field once, an empty decision,
 * no actions, no votes. The pivot policy uses it with the id `triage:<finding key>`.
 */
export function writeAgendaItem(doc: Y.Doc, id: string, fields: AgendaItemFields): EntryMap {
  const entry = new Y.Map<unknown>();
  agendaMap(doc).set(id, entry);
  entry.set('id', id);
  for (const [key, value] of Object.entries(fields)) {
    entry.set(key, typeof value === 'object' && value !== null ? { ...value } : value);
  }
  entry.set('decision', new Y.Text());
  entry.set('actions', new Y.Array<EntryMap>());
  entry.set('votes', new Y.Map<number>());
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
      finding: null,
      severity: null,
      order: input.order ?? keyBetween(lastOrder(doc), null),
      state: 'open',
      owner: blankToNull(input.owner),
      timeboxMin: input.timeboxMin ?? null,
    });
  });
  return ok(id);
}

/** Edits an item; moving it to `decided` writes the decision to the log for the minutes. */
export function updateAgendaItem(
  doc: Y.Doc,
  id: string,
  patch: AgendaPatch,
  context: ChangeContext = { by: null, now: new Date() },
): OpResult {
  const entry = agendaMap(doc).get(id);
  if (!entry) return fail('not-found', 'That agenda item does not exist.');
  if (patch.title !== undefined && patch.title.trim() === '') return fail('invalid', 'An agenda item needs a title.');
  if (patch.state !== undefined && !isOneOf(AGENDA_STATES, patch.state)) return fail('invalid', 'That is not an agenda state.');
  if (patch.order !== undefined && !isOrderKey(patch.order)) return fail('invalid', 'The order key is not a fractional index.');
  if (!isTimebox(patch.timeboxMin)) return fail('invalid', 'The timebox is a number of minutes above 0.');
  doc.transact(() => {
    if (patch.title !== undefined) setIfChanged(entry, 'title', patch.title.trim());
    if (patch.owner !== undefined) setIfChanged(entry, 'owner', blankToNull(patch.owner));
    if (patch.timeboxMin !== undefined) setIfChanged(entry, 'timeboxMin', patch.timeboxMin);
    if (patch.order !== undefined) setIfChanged(entry, 'order', patch.order);
    if (patch.state !== undefined && setIfChanged(entry, 'state', patch.state) && patch.state === 'decided') {
      const decision = textOf(entry.get('decision')).trim();
      const title = textOf(entry.get('title'));
      const text = decision === '' ? `Decided on "${title}".` : `Decided on "${title}": ${decision}`;
      appendLog(doc, { at: context.now, kind: 'decision', by: context.by, text, ref: id });
    }
  });
  return ok();
}

/** Replaces the decision text, keeping concurrent typing at either end. */
export function setDecision(doc: Y.Doc, id: string, text: string): OpResult {
  const entry = agendaMap(doc).get(id);
  if (!entry) return fail('not-found', 'That agenda item does not exist.');
  replaceText(entry.get('decision') as Y.Text, text);
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
