/**
 * Fractional order keys: base-62 digit strings compared as plain strings (the digits are in
 * ASCII order), each read as the fraction 0.d1d2d3… Between any two keys there is always
 * another, so a move rewrites one key and never renumbers siblings.
 *
 * A key never ends in '0' (0.5 and 0.50 would be the same fraction and leave no room between).
 * Every generated key also carries a short random jitter, so two replicas inserting between
 * the same neighbours at once get different keys; sorting by (order, id) makes the order total
 * even in the unlikely case of equal keys.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;
const JITTER_LENGTH = 4;

export function isOrderKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.endsWith('0')) return false;
  for (let i = 0; i < key.length; i++) if (digitValue(key[i]!) < 0) return false;
  return true;
}

/**
 * A key strictly between `a` and `b`; null means "before everything" or "after everything".
 * `jitter` (default random) is appended to break ties between concurrent writers.
 *
 * @example
 * const first = keyBetween(null, null);
 * const second = keyBetween(first, null);
 * keyBetween(first, second) // sorts between them
 */
export function keyBetween(a: string | null, b: string | null, jitter: string = randomJitter()): string {
  if (a !== null && !isOrderKey(a)) throw new RangeError(`Not an order key: "${a}"`);
  if (b !== null && !isOrderKey(b)) throw new RangeError(`Not an order key: "${b}"`);
  if (a !== null && b !== null && a >= b) throw new RangeError(`"${a}" does not sort before "${b}"`);
  if (jitter !== '' && !isOrderKey(jitter)) throw new RangeError(`Not a jitter: "${jitter}"`);
  // The midpoint is never a prefix of b, so anything appended to it still sorts before b.
  return midpoint(a ?? '', b) + jitter;
}

/** Total order of siblings: by key, then by id, identical on every replica. */
export function compareByOrder(a: { order: string; id: string }, b: { order: string; id: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * The digits of a fraction strictly between 0.a and 0.b (b null: 1.0), not ending in '0' and
 * not a prefix of b. After the common prefix the first digits differ: if there is a digit
 * between them it is the answer; otherwise keep a's digit and go halfway between the rest of a
 * and 1.0 (never taking b's shorter prefix, which would leave no room for the jitter).
 */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let common = 0;
    while ((a[common] ?? '0') === b[common]) common++;
    if (common > 0) return b.slice(0, common) + midpoint(a.slice(common), b.slice(common));
  }
  const low = a.length > 0 ? digitValue(a[0]!) : 0;
  const high = b !== null ? digitValue(b[0]!) : BASE;
  if (high - low > 1) return DIGITS[(low + high) >> 1]!;
  return DIGITS[low]! + midpoint(a.slice(1), null);
}

function digitValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (code >= 97 && code <= 122) return code - 61;
  return -1;
}

function randomJitter(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(JITTER_LENGTH));
  let jitter = '';
  for (let i = 0; i < JITTER_LENGTH - 1; i++) jitter += DIGITS[bytes[i]! % BASE];
  return jitter + DIGITS[1 + (bytes[JITTER_LENGTH - 1]! % (BASE - 1))];
}

/** `value` written in base 62 with exactly `width` digits (for keys built from numbers). */
export function toBase62(value: number, width: number): string {
  let rest = Math.max(0, Math.floor(value));
  let out = '';
  for (let i = 0; i < width; i++) {
    out = DIGITS[rest % BASE] + out;
    rest = Math.floor(rest / BASE);
  }
  return out;
}

export const ORDER_BASE = BASE;
