import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What nodes tell each other about a room through Redis (SPEC N5–N7): updates they stored (with
 * the sequence numbers they span, so a receiver notices a gap), presence their connections sent,
 * and a newcomer's question for everyone's presence. Each names the node it came from, so a node
 * ignores its own.
 */
export type ClusterMessage =
  | { type: 'stored'; node: string; afterSeq: number; lastSeq: number; updates: readonly Uint8Array[] }
  | { type: 'presence'; node: string; update: Uint8Array }
  | { type: 'query-presence'; node: string };

const STORED = 0;
const PRESENCE = 1;
const QUERY_PRESENCE = 2;

export function writeClusterMessage(message: ClusterMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  switch (message.type) {
    case 'stored':
      encoding.writeVarUint(encoder, STORED);
      encoding.writeVarString(encoder, message.node);
      encoding.writeVarUint(encoder, message.afterSeq);
      encoding.writeVarUint(encoder, message.lastSeq);
      encoding.writeVarUint(encoder, message.updates.length);
      for (const update of message.updates) encoding.writeVarUint8Array(encoder, update);
      break;
    case 'presence':
      encoding.writeVarUint(encoder, PRESENCE);
      encoding.writeVarString(encoder, message.node);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'query-presence':
      encoding.writeVarUint(encoder, QUERY_PRESENCE);
      encoding.writeVarString(encoder, message.node);
      break;
  }
  return encoding.toUint8Array(encoder);
}

/**
 * The node a message came from, read without the rest of it: every node hears its own messages
 * back from Redis (a third of all it hears, with three nodes), and drops them unread. Throws on
 * a message too short to name one.
 */
export function readClusterSender(bytes: Uint8Array): string {
  const decoder = decoding.createDecoder(bytes);
  decoding.readVarUint(decoder);
  return decoding.readVarString(decoder);
}

/** Throws on a message no node of this release writes. */
export function readClusterMessage(bytes: Uint8Array): ClusterMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  const node = decoding.readVarString(decoder);
  switch (type) {
    case STORED: {
      const afterSeq = decoding.readVarUint(decoder);
      const lastSeq = decoding.readVarUint(decoder);
      const count = decoding.readVarUint(decoder);
      // The receiver finds row n's update at n - afterSeq - 1.
      if (lastSeq - afterSeq !== count) throw new Error(`a stored batch numbered ${afterSeq + 1} to ${lastSeq} holds ${count} updates`);
      const updates: Uint8Array[] = [];
      for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
      return { type: 'stored', node, afterSeq, lastSeq, updates };
    }
    case PRESENCE:
      return { type: 'presence', node, update: decoding.readVarUint8Array(decoder) };
    case QUERY_PRESENCE:
      return { type: 'query-presence', node };
    default:
      throw new Error(`unknown cluster message type ${type}`);
  }
}
