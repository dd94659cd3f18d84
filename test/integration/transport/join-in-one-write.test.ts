import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readMessage } from '../../../server/protocol/messages';
import { createWorkspace, startTestServer, type TestServer } from '../support/test-server';

/**
 * SPEC L7: the answer to a newcomer's upgrade and the whole state it is sent as it joins leave in
 * one write, so a review that 1,000 people join at once costs each of them (and the server) one
 * segment to read and one system call to write instead of two.
 */
describe('a newcomer’s handshake and first state', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await server?.close();
  });

  it('[L7] a newcomer receives the upgrade answer and the whole state in a single write of its socket', async () => {
    server = await startTestServer();
    const workspace = await createWorkspace(server.url, 'One write');
    // What the server's end of each TCP connection hands the kernel, by the client's port: a
    // corked socket flushes its buffered chunks in one `_writev`, an uncorked one `_write`s each.
    const writes = new Map<number, number>();
    const socket = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
    for (const method of ['_write', '_writev'] as const) {
      const original = socket[method]!;
      vi.spyOn(socket, method).mockImplementation(function (this: Socket, ...args: unknown[]) {
        if (this.remotePort !== undefined) writes.set(this.remotePort, (writes.get(this.remotePort) ?? 0) + 1);
        return original.apply(this, args);
      });
    }

    const client = new WebSocket(`${server.wsUrl}/${workspace.id}?token=${workspace.tokens.viewer}`);
    const first = await new Promise<Uint8Array>((resolve, reject) => {
      client.once('message', (data: Buffer) => resolve(new Uint8Array(data)));
      client.once('error', reject);
    });
    const port = (client as unknown as { _socket: Socket })._socket.localPort!;
    client.close();

    const message = readMessage(first);
    expect(message.type).toBe('sync-step2');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (message as { update: Uint8Array }).update);
    expect(doc.getMap('meta').get('title')?.toString()).toBe('One write');
    expect(writes.get(port)).toBe(1);
  });
});
