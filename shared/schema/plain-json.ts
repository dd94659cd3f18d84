import * as Y from 'yjs';

export type PlainJson = null | boolean | number | string | PlainJson[] | { [key: string]: PlainJson };

/**
 * Far deeper than any value of the schema (an agenda item's finding evidence is about six levels
 * down), and shallow enough that a client's chain of thousands of nested maps, which Yjs's own
 * `toJSON` recurses through until the stack overflows, cannot do the same here.
 */
const MAX_DEPTH = 32;

/**
 * Any stored value as plain JSON that `JSON.stringify` accepts, for REST answers and exports.
 * A writer that broke the schema stays visible, within what JSON can say:
 * - Y.Map and objects become objects with their keys sorted (replicas that converged serialise
 *   to the same bytes), Y.Array and arrays become arrays, Y.Text becomes its characters;
 * - a BigInt becomes its decimal digits, binary content an array of its bytes;
 * - what has no JSON form (a subdocument, XML types, numbers that are not finite, undefined, and
 *   anything nested deeper than MAX_DEPTH) becomes null.
 * Stored objects are walked by their own keys, never through methods or `toJSON`: a client can
 * store `{toString: 1}`, null-prototype objects and, through a `__proto__` key that the update
 * decoder assigns, objects whose prototype is more client data, shown here under `__proto__`.
 */
export function toPlainJson(value: unknown): PlainJson {
  return convert(value, 0);
}

/**
 * Sets `record[key]` as an own data property even when `key` is `__proto__` (an entry id or rule
 * id is whatever a client chose), which plain assignment would take as setting the prototype.
 */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

function convert(value: unknown, depth: number): PlainJson {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'object':
      return value === null || depth >= MAX_DEPTH ? null : convertObject(value, depth + 1);
    default:
      return null;
  }
}

function convertObject(value: object, depth: number): PlainJson {
  if (value instanceof Y.AbstractType) return convertType(value, depth);
  if (value instanceof Y.Doc) return null;
  // isView reads the internal slot: an object whose prototype is a Uint8Array is not one.
  if (ArrayBuffer.isView(value)) return Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (Array.isArray(value)) return value.map((item: unknown) => convert(item, depth));
  const record: Record<string, unknown> = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const prototype: unknown = Object.getPrototypeOf(value);
  const entries = keys.map((key): [string, unknown] => [key, record[key]]);
  if (prototype !== Object.prototype && prototype !== null) entries.push(['__proto__', prototype]);
  return sortedObject(entries, depth);
}

function convertType(type: Y.AbstractType<unknown>, depth: number): PlainJson {
  if (type instanceof Y.XmlText) return null;
  if (type instanceof Y.Text) return type.toString();
  if (type instanceof Y.Array) return type.toArray().map((item: unknown) => convert(item, depth));
  if (type instanceof Y.Map) {
    const entries: [string, unknown][] = [];
    type.forEach((item: unknown, key: string) => entries.push([key, item]));
    return sortedObject(entries, depth);
  }
  return null;
}

function sortedObject(entries: [string, unknown][], depth: number): PlainJson {
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const object: Record<string, PlainJson> = {};
  for (const [key, item] of entries) setEntry(object, key, convert(item, depth));
  return object;
}
