/**
 * Grapheme clusters, not code points: a flag (🇳🇴), a skin-toned hand (👍🏽) or a family (👨‍👩‍👧) is
 * one character on the screen but two to five code points, and two to eleven UTF-16 units
 * (`length`). A limit said in characters (SPEC U67, U72, U73, U85) counts what a person sees, so a
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
 * How much text one `Intl.Segmenter` pass reads. V8's segment iterator slows with the length of
 * the string it walks (a 50,000-character string took 2.2 s, a 1,000-character one 11 ms), so
 * text is segmented a window at a time, which keeps a count linear. A multiple of
 * UNITS_PER_CHARACTER: a cluster longer than a window counts the same in window-sized pieces.
 */
const WINDOW = 256;

/**
 * Printable Latin without combining marks, emoji or joiners: each UTF-16 unit is a character of
 * its own, so the count is the length, with no segmenting (most names and titles).
 */
const ONE_UNIT_EACH = /^[\u0020-\u007e\u00a0-\u02ff]*$/;

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/**
 * Visits the clusters of `text` in order (their length and where each starts) until `visit`
 * answers false, one window at a time: a window's last cluster may go on past it, so it is read
 * again as the next window's first, unless it fills the window.
 */
function eachCluster(text: string, visit: (length: number, index: number) => boolean): void {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + WINDOW);
    // Never between the two halves of one code point: the segmenter would read each half as a
    // character of its own, and neither could be read again as the next window's first.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    const window = text.slice(start, end);
    let next = end;
    for (const { segment, index } of graphemes.segment(window)) {
      if (end < text.length && index > 0 && index + segment.length === window.length) {
        next = start + index;
        break;
      }
      if (!visit(segment.length, start + index)) return;
    }
    start = next;
  }
}

/**
 * How many characters a person sees in `text`. Linear in its length; where a text can be of any
 * length (anything another writer stored), `visibleOver` bounds the work by the limit instead.
 *
 * @example visibleLength('NPS 🙂') // 5 (its `length` is 6)
 */
export function visibleLength(text: string): number {
  if (ONE_UNIT_EACH.test(text)) return text.length;
  let count = 0;
  eachCluster(text, (length) => {
    count += Math.ceil(length / UNITS_PER_CHARACTER);
    return true;
  });
  return count;
}

/**
 * How many characters `text` has, as a refusal says it, when a person sees more than `max` in
 * it; else null. Plain Latin is counted by its length. Any other text of more than
 * (max + 1) × 32 units has more than max + 1 characters (one counts once per 32 units at most), so
 * it is not segmented: "more than 201". Segmenting the megabytes any writer can put in a title
 * must never cost the server seconds.
 *
 * @example visibleOver('👍🏽'.repeat(201), 200) // '201'
 */
export function visibleOver(text: string, max: number): string | null {
  // A character is at least one UTF-16 unit: no more units than `max`, no more characters.
  if (text.length <= max) return null;
  if (ONE_UNIT_EACH.test(text)) return String(text.length);
  if (text.length > (max + 1) * UNITS_PER_CHARACTER) return `more than ${max + 1}`;
  const length = visibleLength(text);
  return length > max ? String(length) : null;
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
  let cut = text.length;
  eachCluster(text, (length, index) => {
    count += Math.ceil(length / UNITS_PER_CHARACTER);
    if (count <= max) return true;
    cut = index;
    return false;
  });
  return text.slice(0, cut);
}

/**
 * `text` if a person sees at most `max` characters in it, else its first `max` − 1 and "…":
 * never a character cut in two, and counted as `visibleLength` counts, so a title that may be
 * stored is shown whole. Reads no further than the cut, however long `text` is.
 *
 * @example clipVisible('👍🏽'.repeat(3), 2) // '👍🏽…'
 */
export function clipVisible(text: string, max: number): string {
  if (text.length <= max) return text;
  // Units 0…max each start a character of their own: there are more than `max`.
  if (ONE_UNIT_EACH.test(text.slice(0, max + 1))) return `${text.slice(0, max - 1)}…`;
  let count = 0;
  let cut = 0;
  let over = false;
  eachCluster(text, (length, index) => {
    count += Math.ceil(length / UNITS_PER_CHARACTER);
    if (count > max) {
      over = true;
      return false;
    }
    if (count <= max - 1) cut = index + length;
    return true;
  });
  return over ? `${text.slice(0, cut)}…` : text;
}
