import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';

/** Sends a raw HTTP request and returns the status line of the answer. */
async function rawRequest(port: number, request: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let reply = '';
  socket.on('data', (chunk) => (reply += chunk));
  socket.write(request);
  await waitFor('an answer', () => reply.includes('\r\n'));
  socket.destroy();
  return reply.split('\r\n')[0]!;
}

describe('WebSocket handshakes that do not complete', () => {
  const fixture = useWorkspace({ roomIdleMs: 50 });

  it('answer a plain GET with 426 and load no room for it', async () => {
    const { server, workspace } = fixture;
    const response = await fetch(`${server.wsUrl.replace('ws', 'http')}/${workspace.id}?token=${workspace.tokens.viewer}`);
    expect(response.status).toBe(426);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('upgrade_required');
    expect(server.server.services.rooms.loadedCount).toBe(0);
  });

  it('do not keep the room they loaded: it idles out like any other', async () => {
    const { server, workspace } = fixture;
    const statusLine = await rawRequest(
      server.server.port,
      `GET /ws/${workspace.id}?token=${workspace.tokens.viewer} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
    );
    expect(statusLine).toMatch(/^HTTP\/1\.1 4\d\d/);
    await waitFor('the room to unload', () => server.server.services.rooms.loadedCount === 0);
  });
});
