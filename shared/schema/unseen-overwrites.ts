import * as Y from 'yjs';
import { readDependencyDates } from './dependency-accessors';
import { editsOfTransaction, fieldHolder, isBookkeeping, type FieldEdit } from './field-edits';
import { toPlainJson, type PlainJson } from './plain-json';
import { sameValue } from './root-types';

/** A value of this person's that a remote edit made without seeing it replaced (SPEC U74). */
export interface UnseenOverwrite {
  edit: FieldEdit;
  /** This person's value, which the remote edit replaced. */
  mine: PlainJson;
  /** The value now in the field. */
  theirs: PlainJson;
  /** The Yjs client id that wrote `theirs`. */
  by: number;
}

/**
 * The fields whose value, written by one of `isMine`'s client ids, the remote `transaction`
 * replaced with an edit made without seeing it: an edit made before this person's, or at the same
 * time, that arrives only now because its writer was offline (SPEC U74).
 *
 * The rule, from the structure Yjs gives a map key: each write of a key is an item whose `origin`
 * is the item that held the key on the writer's screen when they wrote it, and the key's items
 * form a list whose last live item is the value. An item the writer built on ours (its chain of
 * origins reaches our item) was written after they saw our value: an ordinary live overwrite,
 * which is normal collaboration and not reported. An item whose chain of origins does not reach
 * ours was written without our value in view, and won only because Yjs orders concurrent writes
 * by client id: that is the silent replacement to report. No clocks or timing are involved, so it
 * holds however late the update arrives.
 *
 * Only plain values are reported: text fields merge character by character (nothing of ours is
 * deleted by an edit that never saw it), and collections keep both people's additions. Nor is a
 * field no person sets as a value (`isBookkeeping`).
 */
export function unseenOverwrites(transaction: Y.Transaction, isMine: (client: number) => boolean): UnseenOverwrite[] {
  const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
  const found: UnseenOverwrite[] = [];
  for (const edit of editsOfTransaction(transaction)) {
    if (edit.field === null || isBookkeeping(edit)) continue;
    const current = fieldHolder(transaction.doc, edit)?._map.get(edit.field);
    if (!current || current.deleted || !isNew(current) || !(current.content instanceof Y.ContentAny)) continue;
    // The value before this transaction: the last of the key's items that existed then.
    let before = current.left;
    while (before !== null && isNew(before)) before = before.left;
    if (before === null || !(before.content instanceof Y.ContentAny) || !isMine(before.id.client)) continue;
    // Already deleted before this transaction: the key held no value of ours.
    if (before.deleted && !Y.isDeleted(transaction.deleteSet, before.id)) continue;
    if (builtOn(transaction.doc, current, before)) continue;
    const mine = toPlainJson(before.content.getContent()[0]);
    const theirs = toPlainJson(current.content.getContent()[0]);
    if (!sameValue(mine, theirs) && !proposalStands(transaction.doc, edit, mine)) found.push({ edit, mine, theirs, by: current.id.client });
  }
  return found;
}

/**
 * Whether a dependency's `proposedDate` that lost its key still says what this person meant (SPEC
 * U82): the proposal they made is still the one read (by its id), or they emptied it as they
 * answered it (an accept, a commitment, a completion), an answer that stands by the name it gave
 * the proposal, beside which a new proposal made without seeing it is a new proposal, not their
 * value replaced. Told, they would be offered to put back a value that changes nothing.
 */
function proposalStands(doc: Y.Doc, edit: FieldEdit, mine: PlainJson): boolean {
  if (edit.root !== 'deps' || edit.field !== 'proposedDate' || edit.entry === null) return false;
  return mine === null || readDependencyDates(doc, edit.entry)?.proposedDate === mine;
}

/** Whether `item`'s chain of origins reaches `ancestor`: its writer had `ancestor` in view. */
function builtOn(doc: Y.Doc, item: Y.Item, ancestor: Y.Item): boolean {
  const { client, clock } = ancestor.id;
  let origin = item.origin;
  while (origin !== null) {
    if (origin.client === client && origin.clock >= clock && origin.clock < clock + ancestor.length) return true;
    const struct = Y.getItem(doc.store, origin);
    if (!(struct instanceof Y.Item)) return false;
    origin = struct.origin;
  }
  return false;
}
