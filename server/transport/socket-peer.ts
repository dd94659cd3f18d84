import { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol/close-codes';
import { sendShared } from './shared-frame';
import type { RefusalReason } from '../observability/refusals';
import type { Peer } from '../rooms/peer';
import type { MemberRef } from '../auth/grant';
import type { Role } from '../storage/store';

/**
 * A client that stops reading (a frozen tab) would otherwise make the server buffer every update
 * of the meeting for it. Past this much unsent data it is closed; it resyncs when it reconnects.
 */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** A live connection answers a ping in well under this, even across a continent. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * How long a closed connection has to answer the close frame before its TCP connection is cut.
 * ws waits 30 s by default; a connection the server closed is no longer read meanwhile (H8).
 */
const CLOSE_GRACE_MS = 1000;

export class SocketPeer implements Peer {
  private closed = false;
  /** What to call when the ping now out is answered; null while none is. */
  private probing: Array<() => void> | null = null;

  /**
   * `left` runs once: when the server closes the connection, when the socket closes by itself, or
   * when a probe finds that the client has said goodbye.
   */
  constructor(
    readonly role: Role,
    readonly member: MemberRef | null,
    private readonly socket: WebSocket,
    private readonly left: () => void,
    private readonly refused: (reason: RefusalReason) => void,
  ) {
    socket.once('close', () => this.leave());
  }

  /** Whether the connection is closed or closing: nothing more it sends is read (H8). */
  get isClosed(): boolean {
    return this.closed;
  }

  send(message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.refused('client_too_slow');
      this.close(CloseCode.clientTooSlow, 'client is not reading; reconnect to resync');
      return;
    }
    sendShared(this.socket, message);
  }

  /**
   * H8: the connection leaves its room at once, nothing more it sends is read, and its TCP
   * connection is ended when the client answers the close frame or the grace passes. A socket
   * closed for a protocol error stops reading at once. One whose access ended (4401) was
   * well-behaved: it is read on (and each frame dropped) until its answer to the close frame, so
   * the TCP connection ends and the client sees the close at once instead of after the grace (A4).
   */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.socket.close(code, closeReason(reason));
    if (code !== CloseCode.accessEnded) this.socket.pause();
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
    this.leave();
  }

  private leave(): void {
    if (this.closed) return;
    this.closed = true;
    this.left();
  }

  /** One ping answers every probe asked for while it is out: a client reconnecting in a loop sends one. */
  probe(onAlive: () => void): void {
    if (this.closed) return;
    // The client sent its close frame, and nothing it sends is read any more; ws waits for the end
    // of its TCP connection (2 s, server.ts), which never comes if the network went with it. Gone
    // now, so a reconnect with the same client id is not refused even for that long (H12).
    if (this.socket.readyState === WebSocket.CLOSING) return this.leave();
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.probing) {
      this.probing.push(onAlive);
      return;
    }
    const waiting = (this.probing = [onAlive]);
    const timer = setTimeout(() => {
      this.socket.off('pong', answered);
      this.probing = null;
      this.socket.terminate();
    }, PROBE_TIMEOUT_MS);
    timer.unref();
    const answered = () => {
      clearTimeout(timer);
      this.probing = null;
      for (const callback of waiting) callback();
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
