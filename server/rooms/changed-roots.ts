import * as Y from 'yjs';
import { UNVIEWED_TEXTS } from '../../shared/schema/workspace-view';

/** Any shared type: Yjs types are invariant in their event type, so `unknown` does not fit. */
type SharedType = Y.AbstractType<any>;

function rootOf(type: SharedType): SharedType {
  let current = type;
  while (current._item) current = current._item.parent as SharedType;
  return current;
}

/**
 * Whether a transaction changed anything under one of the roots `names`. The rules and the record
 * each ask this after every transaction of their room, most of which touch nothing they read, so
 * it finds each changed root's name in one pass and builds nothing per root. Looked up by identity, since asking the
 * document for a root by name would create it. A root found under no name was replaced within
 * the transaction (a later `getMap` turns a root first seen in an update into a Y.Map): it may be
 * one of `names`, so it counts.
 */
export function changedUnder(doc: Y.Doc, transaction: Y.Transaction, names: readonly string[]): boolean {
  for (const type of transaction.changed.keys()) {
    const name = rootName(doc, rootOf(type));
    if (name === null || names.includes(name)) return true;
  }
  return false;
}

/** The name a root is shared under, found by identity in one pass over the document's few roots. */
function rootName(doc: Y.Doc, root: SharedType): string | null {
  for (const [name, type] of doc.share) if (type === root) return name;
  return null;
}

/**
 * Whether everything a transaction changed is text the rules never read: a keystroke in a node's
 * notes or a dependency's note, which is most of what a quiet editor sends.
 */
export function changedOnlyUnviewedTexts(doc: Y.Doc, transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) if (!isUnviewedText(doc, type)) return false;
  return true;
}

/** A Y.Text held by an entry of a root under a field UNVIEWED_TEXTS names. */
function isUnviewedText(doc: Y.Doc, type: SharedType): boolean {
  const item = type._item;
  if (!(type instanceof Y.Text) || item === null || typeof item.parentSub !== 'string') return false;
  const entry = item.parent as SharedType;
  const root = entry._item?.parent as SharedType | undefined;
  if (root === undefined || root._item !== null) return false;
  for (const name in UNVIEWED_TEXTS) if (doc.share.get(name) === root) return UNVIEWED_TEXTS[name]!.includes(item.parentSub);
  return false;
}
