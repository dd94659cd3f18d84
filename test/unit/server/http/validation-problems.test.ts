import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { oneLineText } from '../../../../server/http/one-line-text';
import { checked } from '../../../../server/http/validation-problems';

const body = z.object({
  label: oneLineText('a label', 'a snapshot needs a label', 200),
  role: z.enum(['facilitator', 'editor', 'viewer']),
  urls: z.array(z.string().max(20)).max(2),
  count: z.number().int().min(1).optional(),
  email: z.email().optional(),
});

const problems = (input: unknown): string => {
  const result = checked(body, input, 'body');
  if (result.ok) throw new Error('expected a refusal');
  return result.problems;
};

/** Zod's own wording, which no person should read. */
const ZOD_WORDS = /Too big|Too small|Invalid input|Invalid option|expected (string|number|array|one of)|<=|>=/;

describe('[M22] a refused body or query reads as sentences naming each field', () => {
  it('words a too-long label, a wrong role, a missing field and a number out of range', () => {
    expect(problems({ label: 'x'.repeat(201), role: 'owner', urls: [] })).toBe(
      'label: the label may have at most 200 characters; this one has 201; role: the role must be "facilitator", "editor" or "viewer"',
    );
    expect(problems({ label: 'Q4', urls: [], count: 0 })).toBe('role: the role is missing; count: the count must be at least 1');
    expect(problems({ label: 'Q4', role: 'editor', urls: ['a', 'b', 'c'], email: 'nope' })).toBe(
      'urls: the urls may have at most 2 items; email: the email must be an email address',
    );
    expect(problems({ label: 'Q4', role: 'editor', urls: ['x'.repeat(21)] })).toBe('urls.0: item 1 of the urls may have at most 20 characters; this one has 21');
    expect(problems({ label: 'Q4', role: 'editor', urls: 'one' })).toBe('urls: the urls must be a list');
    expect(problems('not an object')).toBe('body: the body must be an object');
  });

  it("keeps a schema's own message, and never words a problem in zod's terms", () => {
    expect(problems({ label: '  ', role: 'viewer', urls: [] })).toBe('label: a snapshot needs a label');
    for (const input of [{ label: 'x'.repeat(500), role: 1, urls: [1], count: 1.5 }, [], null, { label: 7 }]) {
      expect(problems(input)).not.toMatch(ZOD_WORDS);
    }
  });

  it('passes what the schema takes', () => {
    expect(checked(body, { label: ' Before the board ', role: 'viewer', urls: [] }, 'body')).toEqual({
      ok: true,
      value: { label: 'Before the board', role: 'viewer', urls: [] },
    });
  });
});
