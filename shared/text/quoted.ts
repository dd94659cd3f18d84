/** How much of what a caller sent a message repeats: enough to recognise it, never a megabyte back. */
const ECHO_LIMIT = 80;

/**
 * A name people gave (a title, a KPI, a snapshot label) in a sentence they read, in curly quotes
 * as every sentence of the app quotes one: the decision log, notices and the change list agree
 * ("Decided on “Net new ARR”"), whoever writes them.
 *
 * @example named('Net new ARR') // '“Net new ARR”'
 */
export function named(name: string): string {
  return `“${name}”`;
}

/**
 * What a caller sent, in straight double quotes for a refusal that echoes it, cut to its first 80
 * characters with an ellipsis marking the cut (never between the halves of a surrogate pair):
 * raw input, to be recognised and typed again as sent, rather than a name in a sentence (`named`).
 *
 * @example quoted('2025-13-01') // '"2025-13-01"'
 */
export function quoted(text: string): string {
  return `"${clip(text, ECHO_LIMIT)}"`;
}

/** `text`, or its first `max - 1` characters and an ellipsis when it is longer than `max`. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
