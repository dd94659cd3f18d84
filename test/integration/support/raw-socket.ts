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

/** Opens a bare socket, sends `frames` on it, and reports how the server closed it. */
export async function closeAfter(url: string, frames: ReadonlyArray<string | Uint8Array>): Promise<{ code: number; reason: string }> {
  const socket = await rawSocket(url);
  // ws reports a refused frame as an error just before the close the test reads.
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  for (const frame of frames) socket.send(frame);
  return closed;
}
