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
 * Whether a person sees more than `max` characters in `text`, as `visibleLength` counts. The one
 * test of a limit said in characters, on the server and in the field that types the text (SPEC
 * U87): a browser's `maxLength` counts UTF-16 units, and would stop a name of skin-toned hands at
 * a quarter of what the server takes. Reads no further than needed, however long `text` is.
 *
 * @example isVisiblyLonger('👍🏽'.repeat(100), 100) // false (its `length` is 400)
 */
export function isVisiblyLonger(text: string, max: number): boolean {
  // Units bound characters from above: only a text with more units than `max` is counted.
  return text.length > max && visibleLength(text) > max;
}

/**
 * The first `max` characters a person sees in `text`, as `visibleLength` counts them: what a
 * field whose limit is said in characters keeps of what is typed or pasted into it (SPEC U87),
 * never a character cut in two. Reads no further than the cut, however long `text` is.
 *
 * @example firstVisible('👍🏽'.repeat(3), 2) // '👍🏽👍🏽'
 */
export function firstVisible(text: string, max: number): string {
  if (text.length <= max) return text;
  let count = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    count += Math.ceil(segment.length / UNITS_PER_CHARACTER);
    if (count > max) return text.slice(0, index);
  }
  return text;
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
