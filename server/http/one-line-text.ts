import { z } from 'zod';
import { hasControlCharacter, NO_CONTROL_CHARACTERS } from '../../shared/text/single-line';
import { visibleOver } from '../../shared/text/visible-length';

/**
 * A one-line text of a REST body (a member's name, a snapshot's label, a workspace's title):
 * trimmed, not empty, at most `max` characters as a person sees them (grapheme clusters, U73;
 * `visibleOver`; the fields that type them keep as many, `firstVisible`, U85, U87), and without
 * control characters (N13), which no such field has a use for and PostgreSQL's text cannot
 * always hold. Too long, it says so in the words of every limit: "the label may have at most 200
 * characters; this one has 201".
 *
 * @example z.object({ label: oneLineText('a label', 'a snapshot needs a label', 200) })
 */
export function oneLineText(what: string, missing: string, max: number) {
  const the = what.replace(/^an? /, 'the ');
  return z
    .string()
    .trim()
    .min(1, missing)
    .superRefine((text, context) => {
      const over = visibleOver(text, max);
      if (over) context.addIssue({ code: 'custom', message: `${the} may have at most ${max} characters; this one has ${over}`, input: text });
    })
    .refine((text) => !hasControlCharacter(text), `${what} ${NO_CONTROL_CHARACTERS}`)
    // Said in words in the API's description: JSON Schema's maxLength counts code points, not this.
    .describe(`One line of at most ${max} characters as a person sees them (grapheme clusters).`);
}
