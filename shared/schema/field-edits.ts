import * as Y from 'yjs';
import { isPlainText } from './stored-values';
import { toPlainJson, type PlainJson } from './plain-json';
import { sameValue } from './root-types';
import { replaceText } from './text-edit';

/** The root maps whose entries a person edits (DESIGN §3); the log only records what they did. */
export const EDITED_ROOTS = ['nodes', 'kpis', 'deps', 'agenda', 'meta', 'meeting', 'rules'] as const;
export type EditedRoot = (typeof EDITED_ROOTS)[number];

/** Roots that hold one Y.Map per entry (a node, a KPI…); the others hold their fields directly. */
const ENTRY_ROOTS: ReadonlySet<EditedRoot> = new Set(['nodes', 'kpis', 'deps', 'agenda']);

/**
 * One thing a person changed, at the grain a person counts edits: a field of an entry (a node's
 * title, a dependency's need-by date), a whole entry they created, or a field of `meta` or
 * `meeting`. Typing a sentence into a title is one edit, not one per keystroke (SPEC U22).
 */
export interface FieldEdit {
  root: EditedRoot;
  /** The entry's id; null for roots that hold fields directly. */
  entry: string | null;
  /** The field; null when the edit is the entry itself (created, or replaced). */
  field: string | null;
}

/** Any Yjs shared type (a map, an array, a text), typed as Yjs types its own trees. */
type SharedType = Y.AbstractType<Y.YEvent<any>>;

/** A stable key for an edit: the same field always gives the same key. */
export function editKey(edit: FieldEdit): string {
  return JSON.stringify([edit.root, edit.entry, edit.field]);
}

/**
 * The edits one transaction made, read from `transaction.changed` (every type that existed before
 * it, with the map keys it set): one step per changed type and key, cheap enough to run after every
 * transaction, this person's own (U23) and everyone else's (U74). Anything below a field (an action inside an
 * agenda item's actions, a reading inside a KPI's readings) counts as an edit of that field.
 */
export function editsOfTransaction(transaction: Y.Transaction): FieldEdit[] {
  const roots = new Map<unknown, EditedRoot>(EDITED_ROOTS.map((name) => [transaction.doc.getMap(name), name]));
  const edits: FieldEdit[] = [];
  for (const [type, keys] of transaction.changed) {
    const located = locate(type, roots);
    if (!located) continue;
    const { root, path } = located;
    const depth = ENTRY_ROOTS.has(root) ? 2 : 1;
    const mapKeys = path.length < depth ? [...keys].filter((key): key is string => key !== null) : [];
    for (const steps of mapKeys.length > 0 ? mapKeys.map((key) => [...path, key]) : [path]) {
      const edit = ENTRY_ROOTS.has(root)
        ? { root, entry: steps[0] ?? null, field: steps[1] ?? null }
        : { root, entry: null, field: steps[0] ?? null };
      if (edit.entry !== null || edit.field !== null) edits.push(edit);
    }
  }
  return edits;
}

/**
 * The root a type lives under and its map keys from there, stopping at the first array element
 * (whose index says nothing lasting); null for a type outside the edited roots.
 */
function locate(type: SharedType, roots: ReadonlyMap<unknown, EditedRoot>): { root: EditedRoot; path: string[] } | null {
  const path: (string | null)[] = [];
  let current = type;
  while (current._item !== null) {
    path.unshift(current._item.parentSub);
    const parent = current._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent;
  }
  const root = roots.get(current);
  if (!root) return null;
  const cut = path.indexOf(null);
  return { root, path: (cut < 0 ? path : path.slice(0, cut)) as string[] };
}

/**
 * A field's value as plain JSON, or undefined when it is not a value two people can overwrite:
 * the entry itself, a missing field, or a collection (readings, actions, votes), where both
 * people's additions are kept side by side rather than one replacing the other.
 */
export function readEditedValue(doc: Y.Doc, edit: FieldEdit): PlainJson | undefined {
  const holder = fieldHolder(doc, edit);
  if (!holder || edit.field === null || !holder.has(edit.field)) return undefined;
  const value = holder.get(edit.field);
  if (isPlainText(value)) return value.toString();
  if (value instanceof Y.AbstractType) return undefined;
  return toPlainJson(value);
}

/**
 * What someone else wrote into a field at the same time as this replica's last write to it, when
 * this replica's write won (Yjs keeps one of two concurrent values by client id, not by time) and
 * theirs was dropped; undefined when nobody wrote it concurrently, theirs won, or it is not a
 * plain value (SPEC U23). A field's writes form a list in Yjs, each naming the write it replaced
 * (`origin`): a write whose left neighbour is not that one had a concurrent write put there.
 * Read it in the transaction that brought their write: once it ends, Yjs drops the loser's content.
 */
export function replacedValue(doc: Y.Doc, edit: FieldEdit): PlainJson | undefined {
  const holder = fieldHolder(doc, edit);
  if (!holder || edit.field === null) return undefined;
  for (let write = holder._map.get(edit.field) ?? null; write !== null && write.id.client === doc.clientID; ) {
    const left: Y.Item | null = write.left instanceof Y.Item ? write.left : null;
    if (left === null) return undefined;
    if (write.origin === null || !Y.compareIDs(write.origin, left.lastId)) {
      if (left.id.client === doc.clientID) return undefined;
      const [value] = left.content.getContent() as unknown[];
      return value === undefined || value instanceof Y.AbstractType ? undefined : toPlainJson(value);
    }
    write = left;
  }
  return undefined;
}

/** Whether a field holds text that merges character by character (a title, a note). */
export function isTextField(doc: Y.Doc, edit: FieldEdit): boolean {
  return edit.field !== null && isPlainText(fieldHolder(doc, edit)?.get(edit.field));
}

/**
 * Writes a value read by `readEditedValue` back into its field, in one transaction of the
 * caller's (undoable as theirs): text is replaced in place, anything else set. False when the
 * field is gone (its entry was removed) or holds a collection.
 */
export function writeEditedValue(doc: Y.Doc, edit: FieldEdit, value: PlainJson): boolean {
  const holder = fieldHolder(doc, edit);
  if (!holder || edit.field === null) return false;
  const current = holder.get(edit.field);
  if (isPlainText(current)) {
    doc.transact(() => replaceText(current, typeof value === 'string' ? value : ''));
    return true;
  }
  if (current instanceof Y.AbstractType) return false;
  if (!sameValue(current, value)) doc.transact(() => holder.set(edit.field!, value));
  return true;
}

/** The map holding an edit's field: the entry's Y.Map, or the root itself for `meta` and the like. */
export function fieldHolder(doc: Y.Doc, edit: FieldEdit): Y.Map<unknown> | undefined {
  const root = doc.getMap<unknown>(edit.root);
  if (!ENTRY_ROOTS.has(edit.root)) return root;
  const entry = edit.entry === null ? undefined : root.get(edit.entry);
  return entry instanceof Y.Map ? entry : undefined;
}

/**
 * A field the handshake keeps for itself, which nobody sees as a value: a dependency's
 * `declinedDate`, the date a decline answered (SPEC U81), and the names a proposal and its answers
 * carry (`proposalId`, `acceptedProposal`, `declinedProposal`), the date a flag moved out of the
 * old shape (`movedProposal`, SPEC U82) and every answer kept per proposal (`accepts`, `declines`, U97). Written back, they would change nothing a person sees (an
 * id written back would even name a proposal that is gone); a decline a colleague's accept
 * overruled is told by U79 instead. So neither notice of an overwritten value (U23, U74) names
 * them, nor does a presence list them (U75).
 */
export function isBookkeeping(edit: FieldEdit): boolean {
  return edit.root === 'deps' && edit.field !== null && BOOKKEEPING.has(edit.field);
}

const BOOKKEEPING = new Set(['declinedDate', 'proposalId', 'acceptedProposal', 'declinedProposal', 'movedProposal', 'accepts', 'declines']);
