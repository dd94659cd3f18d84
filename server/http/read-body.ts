import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors';
import { checked } from './validation-problems';

/** `application/json` or a `+json` type, with any parameters (`; charset=utf-8`). */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** The `charset` parameter of a Content-Type, unquoted and lower-cased, or null when it names none (or an empty one). */
function charsetOf(type: string): string | null {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(type);
  return (match?.[1] ?? match?.[2] ?? '').toLowerCase() || null;
}

/** Charsets whose bytes are UTF-8's: ASCII is a subset of it. */
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** The encoding a byte order mark announces, which wins over any label (WHATWG Encoding, "decode"). */
function byteOrderMark(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** A compressed body would be read as its compressed bytes: it is refused as a type the route does not take (RFC 9110 §15.5.16). */
function refuseEncoded(c: Context): void {
  const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw new ApiError(415, 'unsupported_media_type', `Send the body uncompressed; this server does not decode Content-Encoding: ${encoding.slice(0, 100)}.`);
}

/**
 * A text body in the charset its byte order mark announces (spreadsheets write one: Excel's
 * "Unicode text" is UTF-16), else the one its Content-Type names, else UTF-8. A charset no
 * decoder knows is a 415.
 */
export async function readTextBody(c: Context, type: string): Promise<string> {
  refuseEncoded(c);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const charset = byteOrderMark(bytes) ?? charsetOf(type) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new ApiError(415, 'unsupported_media_type', `The charset ${charset.slice(0, 100)} is not one this server reads; send UTF-8.`);
  }
  return decoder.decode(bytes);
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
  if (charset !== null && !UTF8_LABELS.has(charset)) {
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
  const result = checked(schema, raw, 'body');
  if (!result.ok) throw new ApiError(400, 'invalid_body', result.problems);
  return result.value;
}
