import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useWorkspace } from '../support/fixture';

/** One kept-alive HTTP/1.1 connection, as a browser or fetch reuses it: a request at a time. */
class Connection {
  private received = '';
  private closed = false;
  private readonly socket: Socket;
  private wake = () => {};

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = connect(Number(port), hostname);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** The status of the answer to `request`, or null when the server closed the connection instead. */
  async send(request: string): Promise<number | null> {
    this.received = '';
    if (!this.closed) this.socket.write(request);
    for (;;) {
      // Every answer here is small JSON with a Content-Length: the whole answer is its header plus that many bytes.
      const head = /^HTTP\/1\.1 (\d{3})[^]*?content-length: (\d+)\r\n[^]*?\r\n\r\n/i.exec(this.received);
      if (head && this.received.length >= head[0].length + Number(head[2])) return Number(head[1]);
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('a request body the route does not read', () => {
  const room = useWorkspace();

  it('[H15] a refusal before a 200 KB body was read leaves the connection usable: the next request on it, a second later, is answered', async () => {
    const { url } = room.server;
    const host = new URL(url).host;
    const body = JSON.stringify({ label: 'x'.repeat(200_000) });
    const connection = new Connection(url);
    try {
      // No credential: refused before the body matters.
      expect(await connection.send(`POST /api/workspaces/${room.workspace.id}/snapshots HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)).toBe(401);
      // The adapter gives an unread body half a second to be discarded, then drops the connection;
      // Node keeps an idle one for five. A person's next click lands in between.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await connection.send(`GET /api/health HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toBe(200);
    } finally {
      connection.close();
    }
  });
});
