import type { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol/close-codes';

const FORWARDED_EVENTS = ['message', 'close', 'error'] as const;

/**
 * Removes the listeners `@hono/node-server`'s `upgradeWebSocket` attaches to a socket right
 * after `onOpen`, which forward ws events to `onMessage`, `onClose` and `onError`.
 *
 * Their closures hold the whole upgrade request (the Hono context with its Request and headers,
 * and Node's IncomingMessage): about 6 KB per connection for its lifetime, more than the socket
 * itself. The relay listens to ws directly and defines none of those callbacks, so the
 * forwarders only keep that memory alive.
 *
 * Call it in `onOpen`, before anything of the relay's own goes on: every listener present then
 * (ws's own server bookkeeping) stays, and those the adapter adds after it, in the same turn, go.
 * `then` runs right after, still before any I/O: the relay's listeners go on there, where nothing
 * removes them however soon (or late) the join's own awaits resume. The socket must then get its
 * own `error` listener, since ws emits `error` before closing on a bad frame.
 *
 * This leans on when the adapter attaches its listeners, so package.json pins its exact version;
 * test/integration/transport/connection-memory.test.ts fails if an upgrade changes that.
 */
export function dropAdapterListeners(socket: WebSocket, then: () => void): void {
  const present = new Map(FORWARDED_EVENTS.map((event) => [event, new Set(socket.listeners(event))]));
  // The adapter attaches them synchronously after onOpen returns, before any I/O can run.
  queueMicrotask(() => {
    // Outside onOpen, nothing of the adapter's catches a throw here: it would reach the process.
    try {
      for (const event of FORWARDED_EVENTS) {
        const kept = present.get(event)!;
        for (const listener of socket.listeners(event)) {
          if (!kept.has(listener)) socket.off(event, listener as (...args: unknown[]) => void);
        }
      }
      then();
    } catch (error) {
      console.error(`[transport] joining an upgraded socket failed: ${(error as Error).stack ?? String(error)}`);
      socket.close(CloseCode.storageUnavailable, 'internal error');
    }
  });
}
