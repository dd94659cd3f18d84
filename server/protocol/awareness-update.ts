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
    entries.push({ clientId, clock, state });
  }
  reader.expectEnd();
  return entries;
}

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
