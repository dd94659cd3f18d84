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

/**
 * `text` if a person sees at most `max` characters in it, else its first `max` − 1 and "…":
 * never a character cut in two, and counted as `visibleLength` counts, so a title that may be
 * stored is shown whole. Reads no further than the cut, however long `text` is.
 *
 * @example clipVisible('👍🏽'.repeat(3), 2) // '👍🏽…'
 */
export function clipVisible(text: string, max: number): string {
  // A character is at least one UTF-16 unit: no more units than `max`, no more characters.
  if (text.length <= max) return text;
  let count = 0;
  let cut = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    count += Math.ceil(segment.length / UNITS_PER_CHARACTER);
    if (count > max) return `${text.slice(0, cut)}…`;
    if (count <= max - 1) cut = index + segment.length;
  }
  return text;
}
