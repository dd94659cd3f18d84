import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * One WebSocket frame for a message every connection of a room is sent (L6). ws frames each
 * send on its own: a Buffer view of the message, an options object, a header buffer and a
 * two-buffer write per connection. A broadcast to a thousand followers sends one message, so the
 * frame (header and payload, unmasked as a server's frames are) is made once, for the first
 * connection that sends it, and written whole to each connection's TCP socket.
 *
 * Writing past ws is safe only while ws would itself write at once: an open socket, no
 * per-message deflate (the server never negotiates it) and nothing queued in its sender. Otherwise, or when the socket is
 * not what this version of ws keeps, the message goes through `ws.send` as before.
 */
let lastMessage: Uint8Array | null = null;
/**
 * Larger messages (a big workspace's whole state) go through ws: copying them into a frame costs
 * more than it saves. Up to here the frame's length fits its 16-bit field.
 */
const MAX_SHARED_BYTES = 65_535;
let lastFrame: Buffer | null = null;

interface WsInternals {
  _socket?: Socket;
  _sender?: { _queue?: unknown[]; _state?: number };
  _extensions?: Record<string, unknown>;
}

export function sendShared(socket: WebSocket, message: Uint8Array): void {
  const internals = socket as unknown as WsInternals;
  const tcp = internals._socket;
  const sender = internals._sender;
  if (
    message.byteLength > MAX_SHARED_BYTES ||
    socket.readyState !== socket.OPEN ||
    tcp === undefined ||
    sender?._state !== 0 ||
    sender._queue?.length !== 0 ||
    internals._extensions?.['permessage-deflate'] !== undefined
  ) {
    socket.send(message);
    return;
  }
  if (message !== lastMessage) {
    lastFrame = frame(message);
    lastMessage = message;
  }
  tcp.write(lastFrame!);
}

/** An unmasked, final binary frame (RFC 6455 §5.2) of at most MAX_SHARED_BYTES. */
function frame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const header = length < 126 ? 2 : 4;
  const framed = Buffer.allocUnsafe(header + length);
  framed[0] = 0x82;
  if (header === 2) {
    framed[1] = length;
  } else {
    framed[1] = 126;
    framed.writeUInt16BE(length, 2);
  }
  framed.set(payload, header);
  return framed;
}
