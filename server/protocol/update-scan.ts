import type { UpdateBudget } from '../config';
import { FrameReader, ProtocolError } from './frame-reader';

/** What one Yjs update (format v1) would make the room do, read without building any struct. */
export interface UpdateScan {
  /**
   * Each client whose structs it carries, the clock its structs reach (Yjs's state after them),
   * and the clock of its last struct that creates a shared type, or -1 (H3: new types are nested).
   */
  clients: ReadonlyArray<{ client: number; end: number; lastType: number }>;
  /** Each client whose structs it deletes, and the clock its last deleted range reaches. */
  deleting: ReadonlyArray<{ client: number; end: number }>;
  /**
   * Whether the bytes are stored as sent (H11): false for shapes that Yjs integrates but that
   * are not one self-contained run per client (the skips of a merged update that had gaps, a
   * client's structs split over two blocks, trailing bytes). Such an update is stored as Yjs
   * integrated it rather than as sent.
   */
  selfContained: boolean;
  /**
   * Whether a client's structs come in more than one block. Yjs keeps only the last of them
   * (`readClientsStructRefs`), so what the update seems to place is not what Yjs integrates.
   */
  repeatsClient: boolean;
  /** The first budget the update exceeds, or null when it is within all of them (H3). */
  overBudget: keyof UpdateBudget | null;
}

/**
 * The deletions a room holds, for an update over the budget of delete ranges (H3): a sync step 2
 * carries its sender's whole delete set, which the room mostly has. Deleting again what is deleted
 * costs Yjs a lookup a range; a new deletion can split an item, which costs far more.
 */
export interface KnownDeletions {
  /** How many delete ranges the room holds. */
  readonly ranges: number;
  /** Whether the room has deleted every clock of `client` from `clock` for `length`. */
  covers(client: number, clock: number, length: number): boolean;
}

/** Deeper JSON than any workspace value; bounds the scan's own stack of open containers. */
const MAX_VALUE_DEPTH = 64;

/** Item content kinds (the low five bits of a struct's info byte; yjs `contentRefs`). */
const Content = { gc: 0, deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9, skip: 10 } as const;
const ORIGIN = 0x80;
const RIGHT_ORIGIN = 0x40;
const PARENT_SUB = 0x20;
/** Shared-type refs whose content carries a node name (YXmlElement, YXmlHook). */
const NAMED_TYPE_REFS = new Set([3, 5]);
const MAX_TYPE_REF = 6;

/**
 * Reads a v1 update's structure (yjs `readClientsStructRefs` and `readDeleteSet`) to count the
 * work it would cause before Yjs integrates any of it, and to find malformed updates without
 * Yjs's decoder, which allocates every struct. Stops at the first budget exceeded; throws
 * ProtocolError for bytes Yjs could not decode, and for empty structs and empty or unordered
 * delete ranges: Yjs never writes them (its own encoder refuses an empty range), and applying
 * them can throw halfway through an update or leave a document whose held-back deletions no
 * longer encode.
 *
 * @example
 * const scan = scanUpdate(update, limits.update);
 * if (scan.overBudget) peer.close(CloseCode.updateOverBudget, `update has too many ${scan.overBudget}`);
 */
export function scanUpdate(update: Uint8Array, budget: UpdateBudget, known: KnownDeletions | null = null): UpdateScan {
  const scan = new Scan(new FrameReader(update), budget, known);
  scan.structSection();
  if (scan.overBudget === null) scan.deleteSection();
  return scan.result();
}

class Scan {
  structs = 0;
  deleteRanges = 0;
  /** Delete ranges the room does not hold already (counted only with its KnownDeletions). */
  newDeleteRanges = 0;
  values = 0;
  length = 0;
  selfContained = true;
  repeatsClient = false;
  overBudget: keyof UpdateBudget | null = null;
  readonly clients: Array<{ client: number; end: number; lastType: number }> = [];
  /** The clock of the current block's last struct that creates a shared type, or -1. */
  private lastType = -1;
  readonly deleting: Array<{ client: number; end: number }> = [];

  constructor(
    private readonly reader: FrameReader,
    private readonly budget: UpdateBudget,
    private readonly known: KnownDeletions | null,
  ) {}

  result(): UpdateScan {
    if (this.overBudget === null && !this.reader.done) this.selfContained = false;
    const { clients, deleting, selfContained, repeatsClient, overBudget } = this;
    return { clients, deleting, selfContained, repeatsClient, overBudget };
  }

  structSection(): void {
    const r = this.reader;
    const blocks = r.readVarUint();
    r.expectRoomFor(blocks, 3, 'client block');
    const seen = new Set<number>();
    for (let b = 0; b < blocks; b++) {
      const count = r.readVarUint();
      const client = r.readVarUint();
      const clock = r.readVarUint();
      // An info byte and at least one more: a count that cannot fit is malformed, not large.
      r.expectRoomFor(count, 2, 'struct');
      if (seen.has(client)) {
        this.selfContained = false;
        this.repeatsClient = true;
      }
      seen.add(client);
      if (this.exceeds('maxStructs', (this.structs += count))) return;
      let end = clock;
      this.lastType = -1;
      for (let i = 0; i < count; i++) {
        const length = this.struct(client, end);
        if (length === 0) throw new ProtocolError('an update holds an empty struct');
        end += length;
        if (this.exceeds('maxLength', (this.length += length))) return;
        if (this.overBudget !== null) return;
      }
      this.clients.push({ client, end, lastType: this.lastType });
    }
  }

  deleteSection(): void {
    const r = this.reader;
    const clients = r.readVarUint();
    r.expectRoomFor(clients, 2, 'deleting client');
    const seen = new Set<number>();
    for (let c = 0; c < clients; c++) {
      const client = r.readVarUint();
      if (seen.has(client)) this.selfContained = false;
      seen.add(client);
      const ranges = r.readVarUint();
      r.expectRoomFor(ranges, 2, 'delete range');
      // Given the room's deletions, as many ranges as it holds are allowed on top of the budget,
      // and only those it does not hold count against the budget itself.
      this.deleteRanges += ranges;
      if (this.deleteRanges > this.budget.maxDeleteRanges + (this.known?.ranges ?? 0)) {
        this.overBudget ??= 'maxDeleteRanges';
        return;
      }
      let previousEnd = 0;
      for (let i = 0; i < ranges; i++) {
        const clock = r.readVarUint();
        const length = r.readVarUint();
        // Yjs writes a client's ranges sorted and non-empty; only such a set can be held back by
        // a document that lacks the structs it deletes.
        if (length === 0 || clock < previousEnd) throw new ProtocolError('an update holds an empty or unordered delete range');
        previousEnd = clock + length;
        if (this.known !== null && !this.known.covers(client, clock, length) && this.exceeds('maxDeleteRanges', ++this.newDeleteRanges)) return;
      }
      if (ranges > 0) this.deleting.push({ client, end: previousEnd });
    }
  }

  /** Reads one struct of `client` starting at `clock` and returns its length (the clock range it covers). */
  private struct(client: number, clock: number): number {
    const r = this.reader;
    const info = r.readUint8();
    const kind = info & 0x1f;
    if (kind === Content.gc || kind === Content.skip) {
      // A skip marks a gap in merged updates; stored alone it would be one more thing to replay.
      if (kind === Content.skip) this.selfContained = false;
      return r.readVarUint();
    }
    if (info & ORIGIN) this.earlierId(client, clock);
    if (info & RIGHT_ORIGIN) this.earlierId(client, clock);
    if ((info & (ORIGIN | RIGHT_ORIGIN)) === 0) {
      if (r.readVarUint() === 1) r.skipVarBytes();
      else this.earlierId(client, clock);
      if (info & PARENT_SUB) r.skipVarBytes();
    }
    if (kind === Content.type) this.lastType = clock;
    return this.content(kind);
  }

  /**
   * An item's origins and parent existed before it: of its own client, they have a smaller clock.
   * Yjs waits for a missing item of another client, but looks one of the same client up as
   * present, and fails halfway through the update when it is not (a TypeError or "Unexpected case")
   * with the structs before it already integrated.
   */
  private earlierId(client: number, clock: number): void {
    const idClient = this.reader.readVarUint();
    const idClock = this.reader.readVarUint();
    if (idClient === client && idClock >= clock) throw new ProtocolError('an update holds a struct that refers to itself or to a later struct of its own client');
  }

  private content(kind: number): number {
    const r = this.reader;
    switch (kind) {
      case Content.deleted:
        return r.readVarUint();
      case Content.json: {
        const count = r.readVarUint();
        r.expectRoomFor(count, 1, 'value');
        this.exceeds('maxValues', (this.values += count));
        for (let i = 0; i < count && this.overBudget === null; i++) r.skipVarBytes();
        return count;
      }
      case Content.binary:
      case Content.embed:
        r.skipVarBytes();
        return 1;
      case Content.string:
        return utf16Length(r.readVarUint8Array());
      case Content.format:
        r.skipVarBytes();
        r.skipVarBytes();
        return 1;
      case Content.type: {
        const ref = r.readVarUint();
        if (ref > MAX_TYPE_REF) throw new ProtocolError(`unknown shared type ${ref}`);
        if (NAMED_TYPE_REFS.has(ref)) r.skipVarBytes();
        return 1;
      }
      case Content.any: {
        const count = r.readVarUint();
        r.expectRoomFor(count, 1, 'value');
        for (let i = 0; i < count && this.overBudget === null; i++) this.anyValue();
        return count;
      }
      case Content.doc:
        r.skipVarBytes();
        this.anyValue();
        return 1;
      default:
        throw new ProtocolError(`unknown item content ${kind}`);
    }
  }

  /** One lib0 `writeAny` value with everything nested in it, without recursion. */
  private anyValue(): void {
    const r = this.reader;
    // Open containers: how many values each still holds, and whether each value has a key first.
    const open: Array<{ left: number; keyed: boolean }> = [];
    let pending = 1;
    let keyed = false;
    for (;;) {
      while (pending === 0) {
        const done = open.pop();
        if (!done) return;
        ({ left: pending, keyed } = done);
      }
      pending--;
      if (keyed && isProtoKey(r.readVarUint8Array())) {
        // lib0 decodes a key by assignment, so this one would set the object's prototype: the
        // server's copy would differ from the sender's, and may no longer encode.
        throw new ProtocolError('a value has a "__proto__" key');
      }
      if (this.exceeds('maxValues', ++this.values)) return;
      const type = r.readUint8();
      switch (type) {
        case 127: // undefined
        case 126: // null
        case 121: // false
        case 120: // true
          break;
        case 125: // varInt
          r.skipVarUint();
          break;
        case 124: // float32
          r.skip(4);
          break;
        case 123: // float64
        case 122: // bigint64
          r.skip(8);
          break;
        case 119: // string
        case 116: // Uint8Array
          r.skipVarBytes();
          break;
        case 118: // object
        case 117: {
          // array
          const size = r.readVarUint();
          r.expectRoomFor(size, type === 118 ? 2 : 1, 'value');
          if (open.length >= MAX_VALUE_DEPTH) throw new ProtocolError('a value is nested too deeply');
          open.push({ left: pending, keyed });
          pending = size;
          keyed = type === 118;
          break;
        }
        default:
          throw new ProtocolError(`unknown value type ${type}`);
      }
    }
  }

  private exceeds(what: keyof UpdateBudget, value: number): boolean {
    if (value <= this.budget[what]) return false;
    this.overBudget ??= what;
    return true;
  }
}

const PROTO_KEY = new TextEncoder().encode('__proto__');

function isProtoKey(key: Uint8Array): boolean {
  return key.length === PROTO_KEY.length && key.every((byte, i) => byte === PROTO_KEY[i]);
}

/**
 * The length Yjs gives a string item (JavaScript's UTF-16 units) from its UTF-8 bytes, without
 * decoding it: one unit per byte that starts a character, two for those that start a 4-byte one.
 */
function utf16Length(bytes: Uint8Array): number {
  let units = 0;
  for (const byte of bytes) {
    if ((byte & 0xc0) !== 0x80) units++;
    if (byte >= 0xf0) units++;
  }
  return units;
}
