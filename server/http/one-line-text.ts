import { z } from 'zod';
import { hasControlCharacter, NO_CONTROL_CHARACTERS } from '../../shared/text/single-line';
import { visibleOver } from '../../shared/text/visible-length';

/**
 * A one-line text of a REST body (a member's name, a snapshot's label, a workspace's title):
 * trimmed, not empty, at most `max` characters, and without control characters (N13), which no
 * such field has a use for and PostgreSQL's text cannot always hold.
 *
 * @example z.object({ label: oneLineText('a label', 'a snapshot needs a label', 200) })
 */
export function oneLineText(what: string, missing: string, max: number, tooLong?: string) {
  return z
    .string()
    .trim()
    .min(1, missing)
    .max(max, tooLong)
    .refine((text) => !hasControlCharacter(text), `${what} ${NO_CONTROL_CHARACTERS}`);
}

/**
 * oneLineText counting its `max` characters as a person sees them (grapheme clusters, U73), as
 * the shared accessors count the same field when it is written in the document (a workspace's
 * title, U85): what REST takes, the header takes, and the other way round.
 *
 * @example z.object({ title: visibleOneLineText('a title', 'a workspace needs a title', 200) })
 */
export function visibleOneLineText(what: string, missing: string, max: number) {
  const the = what.replace(/^an? /, 'the ');
  return z
    .string()
    .trim()
    .min(1, missing)
    .superRefine((text, context) => {
      const over = visibleOver(text, max);
      if (over) context.addIssue({ code: 'custom', message: `${the} may have at most ${max} characters; this one has ${over}`, input: text });
    })
    .refine((text) => !hasControlCharacter(text), `${what} ${NO_CONTROL_CHARACTERS}`);
}
