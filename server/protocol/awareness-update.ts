import * as encoding from 'lib0/encoding';
import { decodeUtf8, FrameReader, ProtocolError } from './frame-reader';

/** One client's entry in an awareness update (y-protocols/awareness.js). `state` is JSON text; "null" means gone. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/**
 * The entries of an awareness update; throws ProtocolError for a malformed one. Entries `wanted`
 * turns down are passed over with their state neither decoded nor checked: a stock provider
 * echoes every presence it receives, and in a room of 1,000 those echoes are most of the traffic.
 */
export function readAwarenessUpdate(update: Uint8Array, wanted?: (clientId: number, clock: number, state: Uint8Array) => boolean): AwarenessEntry[] {
  const reader = new FrameReader(update);
  const count = reader.readVarUint();
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = reader.readVarUint();
    const clock = reader.readVarUint();
    const bytes = reader.readVarUint8Array();
    if (wanted && !wanted(clientId, clock, bytes)) continue;
    const state = decodeUtf8(bytes);
    try {
      JSON.parse(state);
    } catch {
      throw new ProtocolError('awareness state is not JSON');
    }
    // JSON.parse reads any depth, but JSON.stringify, which measuring and relaying a state use,
    // recurses: some 4,000 levels (10 KB, under the size limit) overflow the stack there.
    if (exceedsDepth(state, MAX_STATE_DEPTH)) throw new ProtocolError(`an awareness state may nest at most ${MAX_STATE_DEPTH} levels`);
    entries.push({ clientId, clock, state });
  }
  reader.expectEnd();
  return entries;
}

/** Far deeper than any presence a client shows (a cursor's relative position is five levels). */
const MAX_STATE_DEPTH = 64;

/** Whether valid JSON text opens more than `max` arrays or objects inside one another. */
function exceedsDepth(json: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export function writeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
