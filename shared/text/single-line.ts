import { clipVisible } from './visible-length';

/**
 * C0 control characters and DEL. No name, label or title has a use for them (the fields they are
 * typed in are one line), a NUL is invisible wherever it is shown, and PostgreSQL's text cannot
 * hold U+0000 at all: a title with one in it failed every commit of its room there.
 */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROLS = /[\u0000-\u001f\u007f]/g;
/** The controls that are spacing: shown as a space when a stored title has them. */
const SPACING = /[\t\n\v\f\r]/;

/** The sentence a refusal of such a character says, after what was refused ("a name …"). */
export const NO_CONTROL_CHARACTERS = 'may not contain control characters such as a line break, a tab or NUL';

/** Whether `text` holds a C0 control character or DEL; REST refuses such names, labels and titles. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * A document's title as one line of at most `max` characters (as a person counts them, U85), for where it is stored and shown
 * beside the document rather than in it (the workspaces list): any writer can store any text in
 * the document (DESIGN §6), and the list repeats it on every change. A spacing control is a
 * space and any other is U+FFFD, as a decoder shows what it cannot show.
 */
export function singleLine(text: string, max: number): string {
  const line = CONTROL.test(text) ? text.replace(CONTROLS, (control) => (SPACING.test(control) ? ' ' : '\uFFFD')) : text;
  return clipVisible(line, max);
}
