import * as Y from 'yjs';

/**
 * Every kind of value a hostile client can put where the schema expects another (SPEC H1), and
 * how it puts it there. Yjs's own API refuses some of them (an object whose `constructor` is not
 * Object), but the wire does not: a client that encodes its own update sends anything lib0's
 * `writeAny` can write. `setRaw` and `pushRaw` write such an update with the stock encoder.
 */
export interface PoisonKind {
  readonly name: string;
  /** A fresh value: a Y type can be inserted only once. */
  make(): unknown;
  /** Encoded as JSON content (lib0 `writeAny`), so it can also sit inside a plain object or array. */
  readonly plain: boolean;
  /** Grows a Y type after it is in the document, where building it cannot recurse. */
  grow?(placed: unknown): void;
}

const plain = (name: string, make: () => unknown): PoisonKind => ({ name, make, plain: true });
const shared = (name: string, make: () => unknown, grow?: (placed: unknown) => void): PoisonKind => ({ name, make, plain: false, grow });

/** `{ "__proto__": value }` as a client's encoder writes it: lib0's decoder then sets the prototype. */
function withProto(value: unknown): object {
  return Object.defineProperty({}, '__proto__', { value, enumerable: true });
}

/** `{toString: 1}`: `String()` and template literals throw on it. */
export function unconvertible(): object {
  return JSON.parse('{"toString": 1}') as object;
}

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

export const POISON_KINDS: readonly PoisonKind[] = [
  plain('undefined', () => undefined),
  plain('null', () => null),
  plain('true', () => true),
  plain('false', () => false),
  plain('zero', () => 0),
  plain('a negative float', () => -7.25),
  plain('an integer beyond 2^53', () => 2 ** 60),
  plain('the largest float', () => Number.MAX_VALUE),
  plain('NaN', () => Number.NaN),
  plain('Infinity', () => Number.POSITIVE_INFINITY),
  plain('a BigInt', () => 123n),
  plain('the smallest 64-bit BigInt', () => -(2n ** 63n)),
  plain('an empty string', () => ''),
  plain('a string', () => 'poison'),
  plain('an impossible date', () => '2026-02-30'),
  plain('the string __proto__', () => '__proto__'),
  plain('an empty array', () => []),
  plain('a mixed array', () => [null, 1, 'a', { toString: 1 }, 5n, new Uint8Array([1])]),
  plain('arrays nested 500 deep', () => nested(500, (inner) => [inner])),
  plain('an empty object', () => ({})),
  plain('{toString: 1}', () => ({ toString: 1 })),
  plain('{valueOf: {}}', () => ({ valueOf: {} })),
  plain('{toJSON: 5}', () => ({ toJSON: 5 })),
  plain('{constructor: 1}', () => ({ constructor: 1 })),
  plain('{then: 1}', () => ({ then: 1 })),
  plain('{hasOwnProperty: 1}', () => ({ hasOwnProperty: 1 })),
  plain('a __proto__ key holding {toString: 1}', () => withProto({ toString: 1 })),
  plain('a __proto__ key holding null', () => withProto(null)),
  plain('a __proto__ key holding an array', () => withProto([1, 2])),
  plain('a __proto__ key holding binary', () => withProto(new Uint8Array([1, 2]))),
  plain('objects nested 500 deep', () => nested(500, (inner) => ({ inner }))),
  plain('a reading of hostile fields', () => ({ at: { toString: 1 }, value: 1n, source: withProto(null) })),
  plain('binary', () => new Uint8Array([0, 255, 7])),
  shared('a Y.Map', () => new Y.Map<unknown>([['title', { toString: 1 }], ['readings', new Y.Array()], ['n', 5n]])),
  shared('a Y.Array', () => {
    const array = new Y.Array<unknown>();
    array.push([{ toString: 1 }, new Y.Map()]);
    return array;
  }, (placed) => pushRaw(placed as Y.Array<unknown>, 5n)),
  shared('a Y.Text with embeds and formats', () => {
    const text = new Y.Text('text');
    text.insertEmbed(0, unconvertible());
    text.format(0, 2, { bold: { nested: unconvertible() } });
    return text;
  }),
  shared('a Y.XmlFragment', () => {
    const fragment = new Y.XmlFragment();
    const element = new Y.XmlElement('p');
    element.setAttribute('title', 'x');
    fragment.insert(0, [element]);
    return fragment;
  }),
  shared('a Y.XmlElement', () => new Y.XmlElement('div')),
  shared('a Y.XmlText with a hostile format', () => new Y.XmlText('xml text'), (placed) => {
    (placed as Y.XmlText).format(0, 3, { bold: { nested: unconvertible() } });
  }),
  shared('a subdocument', () => new Y.Doc()),
  // Built one map at a time: integrating a nested preliminary value recurses. Deeper chains break
  // Yjs itself (deleting one recurses), which only refusing the update can prevent.
  shared('Y.Maps nested 1,000 deep', () => new Y.Map<unknown>(), (placed) => {
    let map = placed as Y.Map<unknown>;
    map.doc!.transact(() => {
      for (let i = 0; i < 1000; i++) {
        const inner = new Y.Map<unknown>();
        map.set('inner', inner);
        map = inner;
      }
    });
  }),
];

export const PLAIN_KINDS = POISON_KINDS.filter((kind) => kind.plain);

/** Stores `value` under `key` as JSON content, whatever it is, as a client's own encoder would. */
export function setRaw(map: Y.Map<unknown>, key: string, value: unknown): void {
  map.set(key, null);
  (map._map.get(key)!.content as Y.ContentAny).arr[0] = value;
}

/** Appends `value` to `array` as JSON content, whatever it is. */
export function pushRaw(array: Y.Array<unknown>, value: unknown): void {
  const marker = {};
  array.push([marker]);
  for (let item = array._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentAny)) continue;
    const at = item.content.arr.indexOf(marker);
    if (at !== -1) item.content.arr[at] = value;
  }
}

/** Puts a value of `kind` under `key`, the way a client would. */
export function putPoison(map: Y.Map<unknown>, key: string, kind: PoisonKind): void {
  if (kind.plain) {
    setRaw(map, key, kind.make());
    return;
  }
  const value = kind.make();
  map.set(key, value);
  kind.grow?.(value);
}

/** Appends a value of `kind` to `array`, the way a client would. */
export function pushPoison(array: Y.Array<unknown>, kind: PoisonKind): void {
  if (kind.plain) {
    pushRaw(array, kind.make());
    return;
  }
  const value = kind.make();
  array.push([value]);
  kind.grow?.(value);
}
