import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors';

/** Parses and validates a JSON body; a bad one is a 400 that says what is wrong, where. */
export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad_json', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
      return `${where}: ${issue.message}`;
    });
    throw new ApiError(400, 'invalid_body', problems.join('; '));
  }
  return result.data;
}
