import type { EntryMap } from './root-types';

/**
 * A decision taken is the record (SPEC U108): deciding keeps the text it logs on the item as
 * `decidedText`, beside `decidedAt`, the `outcomeAt` of that decision. The decision box stays a
 * shared text that any writer can still change (typing in flight as Decide is pressed, a tab of
 * the release before, a stock client), so the minutes and what changed quote `decidedText`
 * rather than the box while the item is decided.
 *
 * `decidedAt` ties the text to its decision: a release before this one knows nothing of
 * `decidedText`, so its Reopen leaves it behind and its Decide writes a new `outcomeAt` without
 * a new text. Such an item, like one decided before this release (no `decidedText`), reads as
 * every release read it: the box's live text.
 */

/**
 * The text an item was decided with, or null when it is not decided or holds no text this
 * release wrote for its current decision; `field` reads one of the item's stored fields (a Y.Map
 * entry or its plain JSON). Any stored value is tolerated (H1): a `decidedText` that is no string
 * is none.
 *
 * @example decidedTextIn((key) => entry.get(key)) ?? entry.get('decision').toString()
 */
export function decidedTextIn(field: (key: string) => unknown): string | null {
  const text = field('decidedText');
  const at = field('decidedAt');
  return field('state') === 'decided' && typeof text === 'string' && typeof at === 'string' && at === field('outcomeAt') ? text : null;
}

/** Keeps `text` as the record of the decision taken at `outcomeAt`, in the caller's transaction. */
export function keepDecidedText(entry: EntryMap, text: string, outcomeAt: string): void {
  entry.set('decidedText', text);
  entry.set('decidedAt', outcomeAt);
}

/** Forgets the decided text as the item leaves `decided` (a Reopen, another outcome), in the caller's transaction. */
export function forgetDecidedText(entry: EntryMap): void {
  if (entry.has('decidedText')) entry.delete('decidedText');
  if (entry.has('decidedAt')) entry.delete('decidedAt');
}
