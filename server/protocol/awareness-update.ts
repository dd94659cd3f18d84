import * as encoding from 'lib0/encoding';
import { FrameReader, ProtocolError } from './frame-reader';

/** One client's entry in an awareness update (y-protocols/awareness.js). `state` is JSON text; "null" means gone. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const reader = new FrameReader(update);
  const count = reader.readVarUint();
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = reader.readVarUint();
    const clock = reader.readVarUint();
    const state = reader.readVarString();
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
