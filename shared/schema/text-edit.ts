import * as Y from 'yjs';
import { isPlainText } from './stored-values';

/**
 * Replaces the text of a Y.Text with `next` by deleting and inserting only the middle that
 * changed. Keeping the common head and tail untouched means someone else typing at the other
 * end of the same title at the same moment keeps their characters.
 *
 * `caret`, where a field's caret stands after the edit (when it is known), says which of several
 * equal characters the edit was made beside: typing "a" just before a colleague's "a" reads as
 * "aa" either way, but the new letter must be the one before theirs, joined to the caret's side,
 * or the next letter typed lands between their two and their words interleave.
 */
export function replaceText(text: Y.Text, next: string, caret?: number): boolean {
  const current = text.toString();
  if (current === next) return false;
  const shorter = Math.min(current.length, next.length);
  // The tail first, so it can stop at the caret: what follows the caret is all that is unchanged.
  const tailBound = caret === undefined ? shorter : Math.min(shorter, Math.max(0, next.length - caret));
  let tail = 0;
  while (tail < tailBound && current.charCodeAt(current.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)) tail++;
  let head = 0;
  while (head < shorter - tail && current.charCodeAt(head) === next.charCodeAt(head)) head++;
  // Never split a surrogate pair: an emoji half-deleted would corrupt the text for everyone.
  if (head > 0 && isHighSurrogate(current.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLowSurrogate(current.charCodeAt(current.length - tail))) tail--;
  const removed = current.length - head - tail;
  if (removed > 0) text.delete(head, removed);
  const inserted = next.slice(head, next.length - tail);
  if (inserted.length > 0) text.insert(head, inserted);
  return true;
}

/**
 * Writes `next` into the shared text stored under `key`, in place (replaceText). A value of any
 * other type there (any writer can store anything, DESIGN §6; a Y.XmlText reads as markup) is
 * replaced by a new Y.Text holding `next`: the edit repairs the field rather than throwing.
 */
export function writeText(map: Y.Map<unknown>, key: string, next: string): void {
  const current = map.get(key);
  if (isPlainText(current)) replaceText(current, next);
  else map.set(key, new Y.Text(next));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
