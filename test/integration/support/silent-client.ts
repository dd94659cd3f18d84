import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client reduced to its wire: it opens the connection, sends binary frames, and
 * never answers anything, not even a close frame. It is how a hostile or wedged client looks to
 * the server, which `ws` cannot play (it answers a close frame by itself).
 */
export interface SilentClient {
  /** Sends one masked binary frame per message, all in one write so they arrive together. */
  send(...messages: Uint8Array[]): void;
  /**
   * Sends a close frame (1000) and then nothing at all, not even the end of its TCP connection:
   * a laptop that closed the review as its network went.
   */
  sayGoodbye(): void;
  /** Resolves when the server ends the TCP connection. */
  readonly ended: Promise<void>;
  destroy(): void;
}

export function openSilentClient(url: string): Promise<SilentClient> {
  const { hostname, port, pathname, search } = new URL(url);
  // Half-open allowed: the server ending its side does not end this one, as it would by default.
  const socket: Socket = connect({ port: Number(port), host: hostname, allowHalfOpen: true });
  // The server ending its side of the connection, or a reset.
  const ended = new Promise<void>((resolve) => {
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
  });
  socket.on('error', () => {});
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.write(
        [
          `GET ${pathname}${search} HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) {
        reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
        return;
      }
      // From here on, whatever the server sends is read and ignored.
      socket.on('data', () => {});
      resolve({
        send: (...messages) => socket.write(Buffer.concat(messages.map((message) => maskedFrame(0x2, message)))),
        sayGoodbye: () => socket.write(maskedFrame(0x8, Uint8Array.of(0x03, 0xe8))),
        ended,
        destroy: () => socket.destroy(),
      });
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** RFC 6455 §5.2: FIN, the opcode (2 binary, 8 close), masked as every client frame must be. */
function maskedFrame(opcode: number, payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigEndian64(length)]);
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}

function bigEndian64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}
