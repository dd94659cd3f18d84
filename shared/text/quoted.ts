/** How much of what a caller sent a message repeats: enough to recognise it, never a megabyte back. */
const ECHO_LIMIT = 80;

/**
 * What a caller sent, in double quotes for a sentence about it, cut to its first 80 characters
 * with an ellipsis marking the cut (never between the halves of a surrogate pair).
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
