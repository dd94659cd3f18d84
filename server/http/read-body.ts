import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors';

/** `application/json` or a `+json` type, with any parameters (`; charset=utf-8`). */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** The `charset` parameter of a Content-Type, unquoted and lower-cased, or null when it names none. */
function charsetOf(type: string): string | null {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(type);
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : null;
}

/** A compressed body would be read as its compressed bytes: it is refused as a type the route does not take (RFC 9110 §15.5.16). */
function refuseEncoded(c: Context): void {
  const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw new ApiError(415, 'unsupported_media_type', `Send the body uncompressed; this server does not decode Content-Encoding: ${encoding.slice(0, 100)}.`);
}

/**
 * A text body in the charset its Content-Type names, UTF-8 when it names none, a byte order mark
 * dropped (spreadsheets write one). A charset no decoder knows is a 415.
 */
export async function readTextBody(c: Context, type: string): Promise<string> {
  refuseEncoded(c);
  const charset = charsetOf(type) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new ApiError(415, 'unsupported_media_type', `The charset ${charset.slice(0, 100)} is not one this server reads; send UTF-8.`);
  }
  return decoder.decode(await c.req.arrayBuffer());
}

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
  refuseEncoded(c);
  // JSON is UTF-8 (RFC 8259 §8.1): bytes in another charset would be read as other characters.
  const charset = charsetOf(type);
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiError(415, 'unsupported_media_type', `Send JSON as UTF-8 (this request said charset=${charset.slice(0, 100)}).`);
  }
  let raw: unknown;
  try {
    // Half a surrogate pair is no character: UTF-8, and so every stored and relayed update, carries
    // U+FFFD for it, which the server's own copy of the document must hold too.
    raw = JSON.parse(await c.req.text(), (_key, value: unknown) => (typeof value === 'string' ? value.toWellFormed() : value));
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
