import * as Y from 'yjs';
import { isProposal } from './dependency-proposal';
import { readDependencyDates } from './dependency-accessors';
import { editsOfTransaction } from './field-edits';
import { depsMap } from './root-types';
import type { IsoDay } from './types';
import { parseDay } from './utc-dates';

/** This person declined a proposed date that a colleague accepted at the same time: the date stands (SPEC U79). */
export interface OverruledDecline {
  /** The dependency whose proposal both answered. */
  dep: string;
  /** The proposed date, now the committed one. */
  date: IsoDay;
  /** The Yjs client id whose accept stands. */
  by: number;
}

/**
 * The proposals this person declined (with one of `isMine`'s client ids) that the remote
 * `transaction` brings an accept of, made without seeing the decline (SPEC U79).
 *
 * Why the accept stands whatever the client ids: both answers withdraw the proposal
 * (`proposedDate` → null) and agree on that, and only the accept writes anything else (the
 * committed date, and `committed` for a request), so Yjs's merge of the two is the accept. The
 * person who declined would see the date committed with no word of why.
 *
 * What makes two answers concurrent is read from Yjs's items, as U74 reads an overwrite: every
 * answer replaces the proposal's item in the `proposedDate` key, so its item's `origin` is that
 * item. Two answers with the same origin answered the same proposal, each without seeing the
 * other; an accept made after seeing the decline is impossible (there was nothing to accept), and
 * one of a proposal made since has that proposal as its origin. The accept is the colleague's
 * when their transaction wrote the dependency's committed date or state and this person wrote
 * neither beside it, and the date is a proposal's (after the need-by date): a colleague who
 * committed an earlier date instead withdrew the late one as the decline asked.
 */
export function overruledDeclines(transaction: Y.Transaction, isMine: (client: number) => boolean): OverruledDecline[] {
  const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
  const deps = new Set<string>();
  for (const edit of editsOfTransaction(transaction)) if (edit.root === 'deps' && edit.entry !== null && edit.field === 'proposedDate') deps.add(edit.entry);
  const found: OverruledDecline[] = [];
  for (const dep of deps) {
    const entry: unknown = depsMap(transaction.doc).get(dep);
    if (!(entry instanceof Y.Map)) continue;
    const items = itemsOf(entry, 'proposedDate');
    // Their item's value is not read: one this person's answer beat on the colleague's own
    // replica arrives without it (Yjs drops a deleted value's content).
    const theirs = items.find(
      (item) => isNew(item) && !isMine(item.id.client) && items.some((mine) => isMine(mine.id.client) && isWithdrawal(mine) && sameId(mine.origin, item.origin)),
    );
    if (!theirs) continue;
    const accepted = ['committedDate', 'state'].some((key) => {
      const current = entry._map.get(key);
      if (!current || !isNew(current) || current.id.client !== theirs.id.client) return false;
      // This person's own write beside it (both accepted): theirs stands for both, nobody lost.
      return !itemsOf(entry, key).some((item) => isMine(item.id.client) && sameId(item.origin, current.origin));
    });
    if (!accepted) continue;
    const dates = readDependencyDates(transaction.doc, dep);
    if (!dates || dates.proposedDate !== null || dates.committedDate === null || dates.state === 'requested' || dates.state === 'done') continue;
    if (!isProposal(parseDay(dates.committedDate), parseDay(entry.get('needBy')))) continue;
    found.push({ dep, date: dates.committedDate, by: theirs.id.client });
  }
  return found;
}

/** Every item a map key held, the value and those it replaced (deleted ones too), newest last. */
function itemsOf(map: Y.Map<unknown>, key: string): Y.Item[] {
  const items: Y.Item[] = [];
  for (let item = map._map.get(key) ?? null; item !== null; item = item.left) items.unshift(item);
  return items;
}

/** An item that set the key to null: the proposal withdrawn, by an answer (or by a commitment). */
function isWithdrawal(item: Y.Item): boolean {
  return item.content instanceof Y.ContentAny && item.content.getContent()[0] === null;
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === null || b === null ? a === b : a.client === b.client && a.clock === b.clock;
}
