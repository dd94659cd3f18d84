/**
 * Grapheme clusters, not code points: a flag (🇳🇴), a skin-toned hand (👍🏽) or a family (👨‍👩‍👧) is
 * one character on the screen but two to five code points, and two to eleven UTF-16 units
 * (`length`). A limit said in characters (SPEC U67, U72, U73) counts what a person sees, so a
 * name that looks 200 long is never refused as 230.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The most UTF-16 units one character counts as one for. The longest clusters real writing makes
 * (a family of four with skin tones, 19 units; a subdivision flag, 14) fit; a cluster stacked past
 * that ("Zalgo" text, one base letter under thousands of combining marks) counts once per 32
 * units, so a limit of 200 characters still bounds what is stored (6,400 units at most).
 */
const UNITS_PER_CHARACTER = 32;

/**
 * How many characters a person sees in `text`.
 *
 * @example visibleLength('NPS 🙂') // 5 (its `length` is 6)
 */
export function visibleLength(text: string): number {
  let count = 0;
  for (const { segment } of graphemes.segment(text)) count += Math.ceil(segment.length / UNITS_PER_CHARACTER);
  return count;
}
