import * as Y from 'yjs';
import { newId } from './ids';
import { blankToNull } from './node-fields';
import { fail, ok, type OpResult } from './op-result';
import { agendaMap, setIfChanged, type EntryMap } from './root-types';
import type { IsoDay } from './types';
import { isDay } from './utc-dates';

export interface NewAction {
  text: string;
  owner?: string | null;
  due?: IsoDay | null;
}

export interface ActionPatch {
  text?: string;
  owner?: string | null;
  due?: IsoDay | null;
  done?: boolean;
}

/** Adds an action to an agenda item: `{id, text, owner, due, done}` as a Y.Map (DESIGN §3). */
export function addAction(doc: Y.Doc, itemId: string, input: NewAction): OpResult<string> {
  const item = agendaMap(doc).get(itemId);
  if (!item) return fail('not-found', 'That agenda item does not exist.');
  const problem = typeof input.text === 'string' ? actionProblem(input) : 'An action needs some text.';
  if (problem) return fail('invalid', problem);
  const id = newId();
  doc.transact(() => {
    const action = new Y.Map<unknown>();
    (item.get('actions') as Y.Array<EntryMap>).push([action]);
    action.set('id', id);
    action.set('text', input.text.trim());
    action.set('owner', blankToNull(input.owner));
    action.set('due', input.due ?? null);
    action.set('done', false);
  });
  return ok(id);
}

export function updateAction(doc: Y.Doc, itemId: string, actionId: string, patch: ActionPatch): OpResult {
  const item = agendaMap(doc).get(itemId);
  const action = item && (item.get('actions') as Y.Array<EntryMap>).toArray().find((a) => a.get('id') === actionId);
  if (!action) return fail('not-found', 'That action does not exist.');
  const problem = actionProblem(patch);
  if (problem) return fail('invalid', problem);
  doc.transact(() => {
    if (patch.text !== undefined) setIfChanged(action, 'text', patch.text.trim());
    if (patch.owner !== undefined) setIfChanged(action, 'owner', blankToNull(patch.owner));
    if (patch.due !== undefined) setIfChanged(action, 'due', patch.due);
    if (patch.done !== undefined) setIfChanged(action, 'done', patch.done);
  });
  return ok();
}

/**
 * Sets how many dots a person puts on an item (dot voting). Each person writes only their own
 * key, so concurrent votes never overwrite each other; zero dots removes the vote.
 */
export function setVote(doc: Y.Doc, itemId: string, personId: string, dots: number): OpResult {
  const item = agendaMap(doc).get(itemId);
  if (!item) return fail('not-found', 'That agenda item does not exist.');
  if (!Number.isInteger(dots) || dots < 0) return fail('invalid', 'Dots are a whole number of 0 or more.');
  const votes = item.get('votes') as Y.Map<number>;
  if (dots === 0) {
    if (votes.has(personId)) votes.delete(personId);
  } else if (votes.get(personId) !== dots) {
    votes.set(personId, dots);
  }
  return ok();
}

function actionProblem(fields: ActionPatch): string | null {
  if (fields.text !== undefined && (typeof fields.text !== 'string' || fields.text.trim() === '')) {
    return 'An action needs some text.';
  }
  if (fields.due !== undefined && fields.due !== null && !isDay(fields.due)) return 'due must be a date written YYYY-MM-DD.';
  return null;
}
