import type { z } from 'zod';

/** What a field must hold, as a person says it. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/**
 * Checks a body or a query (`whole` names which) against its schema. A refusal is the 400's
 * message (SPEC M22): one problem per field, `field: what is wrong`, joined with "; ". A schema's
 * own message ("a member needs a name") is kept; every other is worded here naming the field
 * ("label: the label may have at most 200 characters; this one has 201"), never in zod's words
 * ("Too big: expected string to have <=200 characters"), which reach the person who typed the
 * field through the client's notice.
 *
 * @example
 * const result = checked(snapshotBody, raw, 'body');
 * if (!result.ok) throw new ApiError(400, 'invalid_body', result.problems);
 */
export function checked<T>(schema: z.ZodType<T>, input: unknown, whole: string): { ok: true; value: T } | { ok: false; problems: string } {
  // A per-parse error map is asked only about issues whose schema gave no message of its own.
  const result = schema.safeParse(input, { error: (issue) => issueInWords(issue, whole) });
  if (result.success) return { ok: true, value: result.data };
  // One problem per field: zod still runs a list's checks on text sent in its place, and "must be
  // a list" says all there is to say.
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const where = issue.path.length > 0 ? issue.path.join('.') : whole;
    if (!problems.has(where)) problems.set(where, `${where}: ${issue.message}`);
  }
  return { ok: false, problems: [...problems.values()].join('; ') };
}

/** An issue as a person says it; undefined leaves zod's wording, for an issue no route's schema raises. */
function issueInWords(issue: z.core.$ZodRawIssue, whole: string): string | undefined {
  const field = fieldWords(issue.path ?? [], whole);
  // A field left out is missing, whatever it would have had to be.
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return `${field} is missing`;
  switch (issue.code) {
    case 'too_big':
      return limit(field, 'at most', issue.maximum, issue.origin, issue.input, issue.inclusive !== false);
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${field} cannot be empty`;
      return limit(field, 'at least', issue.minimum, issue.origin, issue.input, issue.inclusive !== false);
    case 'invalid_type':
      return `${field} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `${field} must be ${orList(issue.values.map((value) => JSON.stringify(value)))}`;
    case 'invalid_format':
      return `${field} must be ${issue.format === 'email' ? 'an email address' : issue.format === 'url' ? 'a URL' : `written as ${issue.format}`}`;
    default:
      return undefined;
  }
}

/** "the label", "item 2 of the urls", "the body": the field as a sentence names it. */
function fieldWords(path: readonly PropertyKey[], whole: string): string {
  if (path.length === 0) return `the ${whole}`;
  const last = path[path.length - 1]!;
  if (typeof last === 'number') return `item ${last + 1} of ${fieldWords(path.slice(0, -1), whole)}`;
  return `the ${String(last)}`;
}

function limit(field: string, bound: 'at most' | 'at least', value: number | bigint, origin: string, input: unknown, inclusive: boolean): string {
  if (origin === 'string') {
    const has = typeof input === 'string' ? `; this one has ${input.length}` : '';
    return `${field} may have ${bound} ${value} character${Number(value) === 1 ? '' : 's'}${has}`;
  }
  if (origin === 'array' || origin === 'set') return `${field} may have ${bound} ${value} item${Number(value) === 1 ? '' : 's'}`;
  const strict = bound === 'at most' ? 'below' : 'above';
  return `${field} must be ${inclusive ? bound : strict} ${value}`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? 'nothing') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
