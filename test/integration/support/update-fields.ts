import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What a field of a Yjs v1 update means, for a fuzzer that changes one meaningfully. */
export type FieldKind = 'count' | 'client' | 'clock' | 'length' | 'info' | 'name' | 'key' | 'typeRef' | 'json' | 'any';

export interface UpdateField {
  kind: FieldKind;
  start: number;
  end: number;
}

/**
 * The fields of a v1 update, in order, as yjs `readClientsStructRefs` and `readDeleteSet` read
 * them: so a hostile client can be played that keeps the framing intact and lies in one field
 * (a client id, a clock, a length, a content kind, a parent's name) instead of sending noise the
 * first length check refuses. Throws on bytes that are not an update.
 */
export function updateFields(update: Uint8Array): UpdateField[] {
  const decoder = decoding.createDecoder(update);
  const fields: UpdateField[] = [];
  const field = <T>(kind: FieldKind, read: () => T): T => {
    const start = decoder.pos;
    const value = read();
    fields.push({ kind, start, end: decoder.pos });
    return value;
  };
  const uint = (kind: FieldKind) => field(kind, () => decoding.readVarUint(decoder));
  const string = (kind: FieldKind) => field(kind, () => decoding.readVarString(decoder));

  const blocks = uint('count');
  for (let b = 0; b < blocks; b++) {
    const structs = uint('count');
    uint('client');
    uint('clock');
    for (let s = 0; s < structs; s++) {
      const info = field('info', () => decoding.readUint8(decoder));
      const content = info & 0x1f;
      if (content === 0 || content === 10) {
        uint('length');
        continue;
      }
      if (info & 0x80) (uint('client'), uint('clock'));
      if (info & 0x40) (uint('client'), uint('clock'));
      if ((info & 0xc0) === 0) {
        if (uint('count') === 1) string('name');
        else (uint('client'), uint('clock'));
        if (info & 0x20) string('key');
      }
      readContent(content);
    }
  }
  const deleting = uint('count');
  for (let c = 0; c < deleting; c++) {
    uint('client');
    const ranges = uint('count');
    for (let r = 0; r < ranges; r++) (uint('clock'), uint('length'));
  }
  return fields;

  function readContent(content: number): void {
    switch (content) {
      case 1:
        uint('length');
        return;
      case 2:
        for (let n = uint('length'); n > 0; n--) string('json');
        return;
      case 3:
        field('any', () => decoding.readVarUint8Array(decoder));
        return;
      case 4:
      case 5:
        string('json');
        return;
      case 6:
        string('key');
        string('json');
        return;
      case 7:
        if ([3, 5].includes(uint('typeRef'))) string('key');
        return;
      case 8:
        for (let n = uint('length'); n > 0; n--) field('any', () => decoding.readAny(decoder));
        return;
      case 9:
        string('key');
        field('any', () => decoding.readAny(decoder));
        return;
      default:
        throw new Error(`content kind ${content}`);
    }
  }
}

/** `update` with `field` replaced by `bytes`. */
export function replaceField(update: Uint8Array, field: UpdateField, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(update.length - (field.end - field.start) + bytes.length);
  out.set(update.subarray(0, field.start));
  out.set(bytes, field.start);
  out.set(update.subarray(field.end), field.start + bytes.length);
  return out;
}

export const varUint = (value: number): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, value);
  return encoding.toUint8Array(encoder);
};

export const varString = (value: string): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, value);
  return encoding.toUint8Array(encoder);
};
