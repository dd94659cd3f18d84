import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { sendShared } from '../../../server/transport/shared-frame';

/** A ws server on loopback with `count` connected clients, each collecting what it receives. */
async function connected(count: number) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => sockets.push(socket));
  const received: Buffer[][] = [];
  const clients = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const client = new WebSocket(`ws://127.0.0.1:${port}`);
      received[i] = [];
      client.on('message', (data: Buffer) => received[i]!.push(data));
      await new Promise((resolve) => client.once('open', resolve));
      return client;
    }),
  );
  while (sockets.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  return { server, sockets, clients, received };
}

describe('one frame for a message every connection is sent (SPEC L6)', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('[L6] one frame is written to every connection, and each receives every message whole and in order, across the frame header sizes and past the shared limit', async () => {
    const { server, sockets, clients, received } = await connected(3);
    close = () => {
      for (const client of clients) client.close();
      server.close();
    };
    // What reaches each TCP socket, to see that one frame is shared (a silent fallback to ws.send
    // would deliver the same bytes, and lose L6).
    const written: unknown[][] = sockets.map((socket) => {
      const tcp = (socket as unknown as { _socket: { write: (chunk: unknown, ...rest: unknown[]) => boolean } })._socket;
      const seen: unknown[] = [];
      const write = tcp.write.bind(tcp);
      tcp.write = (chunk: unknown, ...rest: unknown[]) => {
        seen.push(chunk);
        return write(chunk, ...rest);
      };
      return seen;
    });
    const shared = Uint8Array.of(1, 2, 3);
    for (const socket of sockets) sendShared(socket, shared);
    expect(written.map((seen) => seen.length)).toEqual([1, 1, 1]);
    expect(written[1]![0]).toBe(written[0]![0]);
    expect(written[2]![0]).toBe(written[0]![0]);

    const sizes = [0, 1, 125, 126, 1000, 65_535, 65_536, 200_000];
    const messages = sizes.map((size, n) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + n) & 0xff));
    for (const message of messages) {
      for (const seen of written) seen.length = 0;
      for (const socket of sockets) sendShared(socket, message);
      // Up to the 16-bit length field, one frame written whole to each socket; past it, ws's own
      // header-and-payload writes (copying a large state into a frame costs more than it saves).
      const one = written.map((seen) => seen.length === 1 && seen[0] === written[0]![0]);
      expect(one, `${message.byteLength} bytes`).toEqual(sockets.map(() => message.byteLength <= 65_535));
      // A message sent through ws in between keeps its place.
      for (const socket of sockets) socket.send(Uint8Array.of(0xee, message.byteLength & 0xff));
    }
    const expected = [Buffer.from(shared), ...messages.flatMap((message) => [Buffer.from(message), Buffer.from([0xee, message.byteLength & 0xff])])];
    const deadline = Date.now() + 10_000;
    while (received.some((list) => list.length < expected.length) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const list of received) expect(list.map((data) => data.toString('hex'))).toEqual(expected.map((data) => data.toString('hex')));
  });
});
