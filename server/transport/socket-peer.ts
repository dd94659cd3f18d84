import { WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes';
import type { Peer } from '../rooms/peer';
import type { Role } from '../storage/store';

/**
 * A client that stops reading (a frozen tab) would otherwise make the server buffer every update
 * of the meeting for it. Past this much unsent data it is closed; it resyncs when it reconnects.
 */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** A live connection answers a ping in well under this, even across a continent. */
const PROBE_TIMEOUT_MS = 2000;

export class SocketPeer implements Peer {
  constructor(
    readonly role: Role,
    private readonly socket: WebSocket,
  ) {}

  send(message: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCode.clientTooSlow, 'client is not reading; reconnect to resync');
      return;
    }
    this.socket.send(message);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, closeReason(reason));
  }

  probe(onAlive: () => void): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const timer = setTimeout(() => {
      this.socket.off('pong', answered);
      this.socket.terminate();
    }, PROBE_TIMEOUT_MS);
    const answered = () => {
      clearTimeout(timer);
      onAlive();
    };
    this.socket.once('pong', answered);
    this.socket.ping();
  }
}

/** A close frame's reason may hold at most 123 bytes of UTF-8 (RFC 6455 §5.5). */
function closeReason(reason: string): string {
  const bytes = Buffer.from(reason);
  if (bytes.length <= 123) return reason;
  // A character cut in half decodes to U+FFFD, which is dropped.
  return new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD$/, '') + '…';
}
