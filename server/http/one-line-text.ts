import { z } from 'zod';
import { hasControlCharacter, NO_CONTROL_CHARACTERS } from '../../shared/text/single-line';

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
