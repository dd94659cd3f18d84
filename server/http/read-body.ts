import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors';

/** `application/json` or a `+json` type, with any parameters (`; charset=utf-8`). */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * Parses and validates a JSON body; a bad one is a 400 that says what is wrong, where. A body not
 * labelled JSON is a 415: an HTML form or a `text/plain` fetch, which a browser sends across
 * origins without asking first, is never taken for an API call.
 */
export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const type = c.req.header('content-type');
  if (type === undefined || !JSON_TYPE.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `Send the body as JSON, with Content-Type: application/json${type ? ` (this request said ${type.slice(0, 100)})` : ''}.`);
  }
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
