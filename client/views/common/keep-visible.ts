import { firstVisible, visibleLength } from '../../../shared/text/visible-length';

/**
 * What a field whose limit is said in characters keeps of what was typed or pasted (SPEC U87): at
 * most `max` characters as a person sees them. A browser's `maxLength` counts UTF-16 units and
 * would stop a label of skin-toned hands at a quarter of what the server takes, so the field is cut
 * here, as `maxLength` would: what goes past the limit is the end of what was just inserted, never
 * the text either side of it. An insertion ends at the caret, so the text after the caret is kept
 * whole and the text before it is cut from its end; the caret is put back after what was kept
 * (writing `value` moves it to the end). Text being composed (an IME) is never written mid-way,
 * which would commit or cancel it: it is cut once the composition ends, so the field calls this
 * on `compositionend` as well as on `input`.
 *
 * A deletion inserts nothing, yet it can pass the limit: deleting one code point of an emoji
 * sequence (a joiner of 👨‍👩‍👧, as some platforms delete them) splits one character into several.
 * A full field takes no more characters from a deletion than from a paste, and cutting anything
 * else would drop text the person did not delete, so such a deletion is undone: the field goes
 * back to `held` (what it held before the edit: the signal's value) with the caret where it was.
 *
 * @example <input value={label()} onInput={(e) => setLabel(keepVisible(e, 200, label()))} onCompositionEnd={(e) => setLabel(keepVisible(e, 200, label()))} />
 */
export function keepVisible(event: (InputEvent | CompositionEvent) & { currentTarget: HTMLInputElement }, max: number, held: string): string {
  const field = event.currentTarget;
  const value = field.value;
  // The value as it is: a signal holding anything else would have Solid write it to the field.
  if ('isComposing' in event && event.isComposing) return value;
  if (firstVisible(value, max) === value) return value;
  const caret = field.selectionEnd ?? value.length;
  // `held` within the limit: a value a script set over it is cut below, as it always was.
  if ('inputType' in event && event.inputType.startsWith('delete') && firstVisible(held, max) === held) {
    field.value = held;
    // A backward deletion left the caret where the removed text began; it was after it.
    const at = event.inputType.endsWith('Backward') ? caret + held.length - value.length : caret;
    field.setSelectionRange(at, at);
    return held;
  }
  const after = value.slice(caret);
  const before = value.slice(0, caret);
  let room = max - visibleLength(after);
  if (room < 0) {
    // The text after the caret alone is over the limit: it was not typed now (a script set it).
    field.value = firstVisible(value, max);
    return field.value;
  }
  // Counted apart, the two sides may count one more than the whole (a cluster across the caret).
  let head = firstVisible(before, room);
  while (room > 0 && visibleLength(head + after) > max) head = firstVisible(before, --room);
  const kept = head + after;
  field.value = kept;
  field.setSelectionRange(head.length, head.length);
  return kept;
}
