import WebSocket from 'ws';
import { writeAwarenessUpdate } from '../../../server/protocol/awareness-update';
import { writeAwareness } from '../../../server/protocol/messages';

/** A bare `ws` socket, for the hostile or broken clients a stock provider cannot play. */
export async function rawSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, options);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Sends one awareness entry, as a provider with that client id and clock would. */
export function sendPresence(socket: WebSocket, clientId: number, clock: number, state: unknown): void {
  socket.send(writeAwareness(writeAwarenessUpdate([{ clientId, clock, state: JSON.stringify(state) }])));
}

/** How `socket` was closed, once it is; watch before sending what should close it, or the close may come first. */
export function watchClose(socket: WebSocket): { closed: { code: number; reason: string } | null } {
  const watch: { closed: { code: number; reason: string } | null } = { closed: null };
  socket.once('close', (code, reason) => (watch.closed = { code, reason: reason.toString() }));
  return watch;
}
