import { firstVisible } from '../../../shared/text/visible-length';

/**
 * What a field whose limit is said in characters keeps of what was typed or pasted: its first
 * `max` characters as a person sees them, written back to the field when it held more (SPEC U87).
 * A browser's `maxLength` counts UTF-16 units and would stop a label of skin-toned hands at a
 * quarter of what the server takes. The caret stays where it was unless the text was cut.
 *
 * @example <input onInput={(e) => setLabel(keepVisible(e.currentTarget, 200))} />
 */
export function keepVisible(field: HTMLInputElement, max: number): string {
  const kept = firstVisible(field.value, max);
  if (kept !== field.value) field.value = kept;
  return kept;
}
