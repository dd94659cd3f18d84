/** nanoid's URL-safe alphabet: 64 symbols, so one random byte masked to 6 bits picks one evenly. */
const ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';
const ID_LENGTH = 21;

/**
 * A random id for a node, KPI, dependency, agenda item or action (DESIGN §3: ids are random and
 * never reused). 21 symbols of 6 bits is 126 bits, as nanoid. Uses Web Crypto, which browsers and
 * Node 20 both expose as `globalThis.crypto`.
 */
export function newId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(ID_LENGTH));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
