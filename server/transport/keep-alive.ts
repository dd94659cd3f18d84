import type { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol/close-codes';

/**
 * Pings every socket each interval; a socket that has not answered the previous ping by the
 * next one is dead (a laptop lid closed, a network gone) and is terminated, so its presence
 * disappears from the room within two intervals instead of lingering until TCP gives up.
 */
export class KeepAlive {
  private readonly alive = new Map<WebSocket, boolean>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.sweep(), intervalMs);
    this.timer.unref();
  }

  watch(socket: WebSocket): void {
    this.alive.set(socket, true);
    socket.on('pong', () => this.alive.set(socket, true));
    socket.on('close', () => this.alive.delete(socket));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    for (const [socket, alive] of this.alive) {
      if (!alive) {
        this.alive.delete(socket);
        socket.close(CloseCode.keepAliveTimeout, 'keep-alive timeout');
        // A dead peer never completes the closing handshake; do not wait for it.
        setTimeout(() => socket.terminate(), 1000).unref();
        continue;
      }
      this.alive.set(socket, false);
      socket.ping();
    }
  }
}
