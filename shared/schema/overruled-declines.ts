import * as Y from 'yjs';
import { isProposal, isProposalId, proposalDay } from './dependency-proposal';
import { readDependencyDates } from './dependency-accessors';
import { editsOfTransaction, type FieldEdit } from './field-edits';
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
 * Why the accept stands whatever the client ids: a decline writes only the date it declined
 * (`declinedDate`, SPEC U81) and the accept writes the committed date and state, so the two
 * write different keys and Yjs's merge keeps both: the proposal, now the committed date, is no
 * proposal either way. The person who declined would see the date committed with no word of why.
 *
 * What makes the two concurrent is read from Yjs's items, as U74 reads an overwrite: this
 * person's decline is still the item in `declinedDate` (proposing the declined date again, the
 * only way to answer it anew once seen, replaces that item), or lost that key only to a colleague's
 * decline of the same date made without seeing it (`declinedByMe`), it declined the date now committed,
 * and the remote transaction brings the item now holding the committed date or state, written
 * by a colleague with nothing of this person's beside it (both accepted: nobody lost). That
 * transaction is an accept: it names the proposal it accepted (`acceptedProposal`, SPEC U82), or,
 * from a tab of the release before, which names none, it empties `proposedDate` or, for a
 * proposal stored on a request the old way, the `state` it replaces held 'requested'. A later flag
 * does none of these, so once told the person is not told again by every change of state after.
 * The date is a proposal's (after the need-by date): a colleague who committed an earlier date
 * instead withdrew the late one as the decline asked. A new date proposed at the same moment may
 * stay open beside the commitment (SPEC U82): the decline was overruled all the same.
 *
 * An accept of a proposal with an id is read first by the answers kept per proposal (SPEC U97,
 * overruledByName), which the fields, keeping one answer each by client id, may have lost; an
 * accept of a proposal already accepted on this page, or whose overruled decline was told here
 * (by either reading: a 2f9a6f3 tab's accept names the proposal but keeps it in no map), tells
 * nothing more.
 */
export function overruledDeclines(transaction: Y.Transaction, isMine: (client: number) => boolean, lost: LostDeclines = new Map()): OverruledDecline[] {
  const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
  // Read once: the watch runs at every remote transaction, a colleague's every keystroke.
  const edits = editsOfTransaction(transaction);
  rememberLostDeclines(transaction, edits, isMine, isNew, lost);
  const deps = new Set<string>();
  const accepts = new Set<string>();
  for (const edit of edits) {
    if (edit.root !== 'deps' || edit.entry === null) continue;
    if (edit.field === 'committedDate' || edit.field === 'state' || edit.field === 'accepts') deps.add(edit.entry);
    // A proposal written, or moved out of a request's committedDate, writes a date there: not an
    // accept; nor is a commitment made directly, which empties `acceptedProposal`.
    const dep: unknown = depsMap(transaction.doc).get(edit.entry);
    if ((edit.field === 'acceptedProposal' && named(dep)) || (edit.field === 'proposedDate' && isEmptied(dep))) accepts.add(edit.entry);
  }
  const found: OverruledDecline[] = [];
  for (const dep of deps) {
    const entry: unknown = depsMap(transaction.doc).get(dep);
    if (!(entry instanceof Y.Map)) continue;
    const kept = acceptsKept(transaction, entry, isNew);
    // Only accepts of proposals already accepted here: the person was told, if at all, by the first.
    if (kept.changed && kept.first.size === 0) continue;
    const byName = overruledByName(transaction, dep, entry, kept.first, isMine, isNew, lost);
    if (byName) {
      found.push({ dep, ...byName });
      continue;
    }
    const decline = entry._map.get('declinedDate');
    if (!decline || decline.deleted || !declinedByMe(entry, decline, isMine, isNew, lost)) continue;
    let by: number | null = null;
    for (const key of ['committedDate', 'state']) {
      const current = entry._map.get(key);
      if (!current || !isNew(current) || isMine(current.id.client)) continue;
      // This person's own write beside it (both accepted): theirs stands for both, nobody lost.
      if (itemsOf(entry, key).some((item) => isMine(item.id.client) && sameId(item.origin, current.origin))) continue;
      by = current.id.client;
    }
    if (by === null) continue;
    // An accept, not a later flag: it named the proposal it accepted, or emptied `proposedDate`, or
    // withdrew a proposal stored on a request the old way (the `state` it replaced was 'requested').
    if (!accepts.has(dep) && replacedState(entry, isNew) !== 'requested') continue;
    const dates = readDependencyDates(transaction.doc, dep);
    if (!dates || dates.committedDate === null || dates.state === 'requested' || dates.state === 'done') continue;
    if (entry.get('declinedDate') !== dates.committedDate) continue;
    if (!isProposal(parseDay(dates.committedDate), parseDay(entry.get('needBy')))) continue;
    // A 2f9a6f3 tab's accept names the proposal but keeps it in no map: told once with this release's accept of it.
    const name = entry.get('acceptedProposal');
    if (isProposalId(name) && !firstTelling(lost, name)) continue;
    found.push({ dep, date: dates.committedDate, by });
  }
  return found;
}

/**
 * The accepts of proposals with an id that the transaction brings into `accepts` (SPEC U97): the
 * first of each proposal's, by proposal, and whether it brought any. A proposal this replica held
 * an accept of before is left out: two colleagues accepting it at once are one accept to tell of.
 */
function acceptsKept(transaction: Y.Transaction, entry: Y.Map<unknown>, isNew: (item: Y.Item) => boolean): { changed: boolean; first: Map<string, Y.Item> } {
  const first = new Map<string, Y.Item>();
  const accepts: unknown = entry.get('accepts');
  if (!(accepts instanceof Y.Map)) return { changed: false, first };
  const keys = transaction.changed.get(accepts as unknown as Y.AbstractType<Y.YEvent<any>>);
  if (!keys) return { changed: false, first };
  for (const key of keys) {
    const current = key === null ? undefined : accepts._map.get(key);
    if (!current || current.deleted || !isNew(current) || itemsOf(accepts, key!).some((item) => !isNew(item))) continue;
    first.set(key!, current);
  }
  return { changed: true, first };
}

/**
 * U79 read by the proposal's name (SPEC U97): one of the first accepts the transaction brings is of
 * a proposal this person's decline is kept for in `declines` (theirs there, written before, or lost
 * to a colleague's decline of it made without seeing it), by a colleague with nothing of this
 * person's beside it, and the proposal's date is now the commitment, after the need-by date. Read
 * so, a decline that lost the fields to a decline of another proposal is still told, and the one
 * told of is who accepted that proposal, whoever's accept the fields kept.
 */
function overruledByName(transaction: Y.Transaction, dep: string, entry: Y.Map<unknown>, first: ReadonlyMap<string, Y.Item>, isMine: (client: number) => boolean, isNew: (item: Y.Item) => boolean, lost: LostDeclines): { date: IsoDay; by: number } | null {
  const declines: unknown = entry.get('declines');
  if (first.size === 0 || !(declines instanceof Y.Map)) return null;
  for (const [key, accept] of first) {
    if (isMine(accept.id.client) || lost.has(toldKey(key)) || !declinedKept(declines, key, isMine, isNew, lost)) continue;
    // This person's own accept of it beside the colleague's (both accepted): nobody lost.
    if (itemsOf(entry.get('accepts') as Y.Map<unknown>, key).some((item) => isMine(item.id.client) && sameId(item.origin, accept.origin))) continue;
    const dates = readDependencyDates(transaction.doc, dep);
    const day = proposalDay(key);
    if (!dates || day === null || dates.committedDate !== day || dates.state === 'requested' || dates.state === 'done') continue;
    if (!isProposal(parseDay(day), parseDay(entry.get('needBy')))) continue;
    firstTelling(lost, key);
    return { date: day, by: accept.id.client };
  }
  return null;
}

/**
 * Whether `declines` keeps this person's decline of the proposal `key`: theirs, written before the
 * transaction, or lost only to a colleague's decline of it made without seeing it (`lost`, as for
 * `declinedDate`: one taken back looks alike once deleted). A proposal of its date made after
 * seeing the decline deletes it, as it empties `declinedDate` (writeDependencyState): the decline was answered.
 */
function declinedKept(declines: Y.Map<unknown>, key: string, isMine: (client: number) => boolean, isNew: (item: Y.Item) => boolean, lost: LostDeclines): boolean {
  const current = declines._map.get(key);
  if (!current || current.deleted) return false;
  if (isMine(current.id.client)) return !isNew(current);
  return itemsOf(declines, key).some((item) => item !== current && lost.has(idKey(item.id)) && sameId(item.origin, current.origin));
}

/**
 * This person's declines (by item id) that lost `declinedDate`, or their proposal's key in
 * `declines` (SPEC U97), to a colleague's decline made without seeing them, each with the value it
 * wrote (the date it declined in `declinedDate`), remembered by the caller across
 * transactions (the watch keeps one per page): a decline taken back (undone) and one that lost
 * look alike once deleted, so which is which is recorded in the transaction that deletes it, and
 * so is its date, collected with it once that transaction ends. It also holds the proposals with
 * an id whose overruled decline was told (toldKey): an accept of one by a 2f9a6f3 tab, kept in no
 * map, and one by this release, kept in `accepts`, arriving one after the other are one accept.
 */
export type LostDeclines = Map<string, unknown>;

/** The key under which `lost` remembers that an overruled decline of the proposal `id` was told. */
function toldKey(id: string): string {
  return `told ${id}`;
}

/** Whether an overruled decline of the proposal `id` is told for the first time on this page, remembering it if so. */
function firstTelling(lost: LostDeclines, id: string): boolean {
  if (lost.has(toldKey(id))) return false;
  lost.set(toldKey(id), true);
  return true;
}

/**
 * Records in `lost` this person's declines the remote `transaction` deleted by bringing a
 * colleague's concurrent write of `declinedDate` (the same origin) that Yjs keeps by client id.
 * A decline undone before is deleted already: this transaction does not delete it.
 */
function rememberLostDeclines(transaction: Y.Transaction, edits: readonly FieldEdit[], isMine: (client: number) => boolean, isNew: (item: Y.Item) => boolean, lost: LostDeclines): void {
  for (const edit of edits) {
    if (edit.root !== 'deps' || edit.entry === null || (edit.field !== 'declinedDate' && edit.field !== 'declines')) continue;
    const entry: unknown = depsMap(transaction.doc).get(edit.entry);
    if (!(entry instanceof Y.Map)) continue;
    if (edit.field === 'declinedDate') rememberLost(transaction, entry, 'declinedDate', isMine, isNew, lost);
    // A decline kept per proposal (SPEC U97) loses its key only to a colleague's decline of that proposal.
    const declines: unknown = entry.get('declines');
    if (edit.field === 'declines' && declines instanceof Y.Map) {
      for (const key of transaction.changed.get(declines as unknown as Y.AbstractType<Y.YEvent<any>>) ?? []) if (key !== null) rememberLost(transaction, declines, key, isMine, isNew, lost);
    }
  }
}

/** Records this person's writes of `key` that the transaction deleted by bringing a colleague's made without seeing them. */
function rememberLost(transaction: Y.Transaction, map: Y.Map<unknown>, key: string, isMine: (client: number) => boolean, isNew: (item: Y.Item) => boolean, lost: LostDeclines): void {
  const items = itemsOf(map, key);
  for (const item of items) {
    if (!isMine(item.id.client) || isNew(item) || !Y.isDeleted(transaction.deleteSet, item.id)) continue;
    if (items.some((other) => other !== item && isNew(other) && !isMine(other.id.client) && sameId(other.origin, item.origin))) lost.set(idKey(item.id), valueOf(item));
  }
}

/**
 * Whether this person's decline stands in `declinedDate`, whose value is `current`: it is theirs,
 * written before this transaction, or it lost that key to a colleague's decline made without
 * seeing it (`lost`) of the same date. Two declines made at once may answer two proposals, one
 * made as the other was declined (SPEC U82): the colleague's date, kept, is not theirs. Theirs,
 * losing, is deleted and its content collected (GC) once its transaction ends: its date is the
 * one `lost` recorded.
 */
function declinedByMe(entry: Y.Map<unknown>, current: Y.Item, isMine: (client: number) => boolean, isNew: (item: Y.Item) => boolean, lost: LostDeclines): boolean {
  if (isMine(current.id.client)) return !isNew(current);
  const date = valueOf(current);
  return itemsOf(entry, 'declinedDate').some((item) => item !== current && lost.has(idKey(item.id)) && lost.get(idKey(item.id)) === date && sameId(item.origin, current.origin));
}

/** The value a map key's item holds, undefined for a shared type or content collected. */
function valueOf(item: Y.Item): unknown {
  return item.content instanceof Y.ContentAny ? item.content.getContent()[0] : undefined;
}

/**
 * The `state` the remote transaction's writes replaced, as this replica held it: the first item
 * not new in its chain of `origin`s. Deleted by this transaction, its content is still there
 * (collected once the transaction ends); one deleted before reads as undefined.
 */
function replacedState(entry: Y.Map<unknown>, isNew: (item: Y.Item) => boolean): unknown {
  let item: Y.Item | undefined = entry._map.get('state');
  while (item && isNew(item)) {
    const origin: Y.AbstractStruct | undefined = item.origin === null ? undefined : Y.getItem(entry.doc!.store, item.origin);
    item = origin instanceof Y.Item ? origin : undefined;
  }
  return item ? valueOf(item) : undefined;
}

/**
 * Whether a dependency's `proposedDate` is empty. Any client may store anything under a
 * dependency's id (SPEC H1), a shared text or list holding a map whose `proposedDate` it writes:
 * what is no map holds no proposal.
 */
function isEmptied(entry: unknown): boolean {
  return entry instanceof Y.Map && entry.get('proposedDate') == null;
}

/** Whether a dependency's `acceptedProposal` names a proposal (what is no map names none, SPEC H1). */
function named(entry: unknown): boolean {
  return entry instanceof Y.Map && entry.get('acceptedProposal') != null;
}

function idKey(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}

/** Every item a map key held, the value and those it replaced (deleted ones too), newest last. */
function itemsOf(map: Y.Map<unknown>, key: string): Y.Item[] {
  const items: Y.Item[] = [];
  // Pushed and reversed: unshift would make a key written thousands of times quadratic.
  for (let item = map._map.get(key) ?? null; item !== null; item = item.left) items.push(item);
  return items.reverse();
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === null || b === null ? a === b : a.client === b.client && a.clock === b.clock;
}
