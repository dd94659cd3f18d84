import * as encoding from 'lib0/encoding';
import { FrameReader, ProtocolError } from './frame-reader';

/**
 * The y-websocket wire protocol, unchanged, so any stock Yjs provider can connect: a varUint
 * message type, then for sync messages a varUint sub-type and a length-prefixed payload
 * (y-protocols/sync.js), for awareness a length-prefixed awareness update.
 */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

export type IncomingMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** Decodes one frame; throws ProtocolError for anything a stock client would never send. */
export function readMessage(frame: Uint8Array): IncomingMessage {
  if (frame.length === 0) throw new ProtocolError('empty frame');
  const reader = new FrameReader(frame);
  const type = reader.readVarUint();
  let message: IncomingMessage;
  switch (type) {
    case MessageType.sync:
      message = readSyncMessage(reader);
      break;
    case MessageType.awareness:
      message = { type: 'awareness', update: reader.readVarUint8Array() };
      break;
    case MessageType.queryAwareness:
      message = { type: 'query-awareness' };
      break;
    default:
      throw new ProtocolError(`unknown message type ${type}`);
  }
  reader.expectEnd();
  return message;
}

function readSyncMessage(reader: FrameReader): IncomingMessage {
  const syncType = reader.readVarUint();
  switch (syncType) {
    case SyncType.step1:
      return { type: 'sync-step1', stateVector: reader.readVarUint8Array() };
    case SyncType.step2:
      return { type: 'sync-step2', update: reader.readVarUint8Array() };
    case SyncType.update:
      return { type: 'sync-update', update: reader.readVarUint8Array() };
    default:
      throw new ProtocolError(`unknown sync message type ${syncType}`);
  }
}

function writeSync(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const writeSyncStep1 = (stateVector: Uint8Array): Uint8Array => writeSync(SyncType.step1, stateVector);
export const writeSyncStep2 = (update: Uint8Array): Uint8Array => writeSync(SyncType.step2, update);
export const writeUpdate = (update: Uint8Array): Uint8Array => writeSync(SyncType.update, update);

export function writeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function writeQueryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.queryAwareness);
  return encoding.toUint8Array(encoder);
}
