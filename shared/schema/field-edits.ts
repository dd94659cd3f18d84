import * as Y from 'yjs';
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

/** A stable key for an edit: the same field always gives the same key. */
export function editKey(edit: FieldEdit): string {
  return JSON.stringify([edit.root, edit.entry, edit.field]);
}

/**
 * The edits one transaction's events on a root make, read from `observeDeep` events (whose
 * `path` is relative to the root). Anything below a field (an action inside an agenda item's
 * actions, a reading inside a KPI's readings) counts as an edit of that field.
 */
export function editsOfEvents(root: EditedRoot, events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): FieldEdit[] {
  const edits: FieldEdit[] = [];
  const entries = ENTRY_ROOTS.has(root);
  for (const event of events) {
    const path = event.path.map(String);
    const keys = event.path.length === 0 || (entries && event.path.length === 1) ? [...event.changes.keys.keys()] : [null];
    for (const key of keys) {
      const steps = key === null ? path : [...path, key];
      if (entries) edits.push({ root, entry: steps[0] ?? null, field: steps[1] ?? null });
      else edits.push({ root, entry: null, field: steps[0] ?? null });
    }
  }
  return edits.filter((edit) => edit.entry !== null || edit.field !== null);
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
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.AbstractType) return undefined;
  return toPlainJson(value);
}

/** Whether a field holds text that merges character by character (a title, a note). */
export function isTextField(doc: Y.Doc, edit: FieldEdit): boolean {
  return edit.field !== null && fieldHolder(doc, edit)?.get(edit.field) instanceof Y.Text;
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
  if (current instanceof Y.Text) {
    doc.transact(() => replaceText(current, typeof value === 'string' ? value : ''));
    return true;
  }
  if (current instanceof Y.AbstractType) return false;
  if (!sameValue(current, value)) doc.transact(() => holder.set(edit.field!, value));
  return true;
}

function fieldHolder(doc: Y.Doc, edit: FieldEdit): Y.Map<unknown> | undefined {
  const root = doc.getMap<unknown>(edit.root);
  if (!ENTRY_ROOTS.has(edit.root)) return root;
  const entry = edit.entry === null ? undefined : root.get(edit.entry);
  return entry instanceof Y.Map ? entry : undefined;
}
