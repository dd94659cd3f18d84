/**
 * A bounds-checked reader for lib0-encoded frames. lib0's own decoder trusts the length prefixes
 * it reads, and a Node Buffer is often a view into a larger pool, so a lying prefix could read
 * bytes that belong to someone else's message. Every read here checks against the frame's end.
 */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export class FrameReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Throws unless `count` entries of at least `bytesEach` bytes can still follow. */
  expectRoomFor(count: number, bytesEach: number, what: string): void {
    if (count * bytesEach > this.bytes.length - this.pos) throw new ProtocolError(`${what} count runs past the end of the frame`);
  }

  /** lib0 varUint: 7 bits a byte, low bits first, high bit set while more bytes follow. */
  readVarUint(): number {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new ProtocolError('truncated varint');
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * multiplier;
      if (value > Number.MAX_SAFE_INTEGER) throw new ProtocolError('varint out of range');
      if (byte < 0x80) return value;
      multiplier *= 128;
    }
  }

  readUint8(): number {
    if (this.pos >= this.bytes.length) throw new ProtocolError('truncated frame');
    return this.bytes[this.pos++]!;
  }

  /** Passes over a varUint or varInt: bytes up to the first without the continuation bit. */
  skipVarUint(): void {
    while (this.readUint8() & 0x80);
  }

  skip(bytes: number): void {
    if (bytes > this.bytes.length - this.pos) throw new ProtocolError('truncated frame');
    this.pos += bytes;
  }

  /** Passes over a length-prefixed byte string or string, and returns its length in bytes. */
  skipVarBytes(): number {
    const length = this.readVarUint();
    this.skip(length);
    return length;
  }

  readVarUint8Array(): Uint8Array {
    const length = this.readVarUint();
    if (length > this.bytes.length - this.pos) throw new ProtocolError('length prefix runs past the end of the frame');
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  readVarString(): string {
    return decodeUtf8(this.readVarUint8Array());
  }

  expectEnd(): void {
    if (!this.done) throw new ProtocolError('trailing bytes after the message');
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a string's bytes; throws ProtocolError if they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return textDecoder.decode(bytes);
  } catch {
    throw new ProtocolError('string is not valid UTF-8');
  }
}
