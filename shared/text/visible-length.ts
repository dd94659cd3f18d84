/**
 * Grapheme clusters, not code points: a flag (🇳🇴), a skin-toned hand (👍🏽) or a family (👨‍👩‍👧) is
 * one character on the screen but two to five code points, and two to eleven UTF-16 units
 * (`length`). A limit said in characters (SPEC U67, U72, U73) counts what a person sees, so a
 * name that looks 200 long is never refused as 230.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * How many characters a person sees in `text`.
 *
 * @example visibleLength('NPS 🙂') // 5 (its `length` is 6)
 */
export function visibleLength(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}
