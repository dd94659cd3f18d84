import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

/**
 * One HTTP/1.1 connection written by hand, a request at a time, for what fetch will not send
 * (an Upgrade header, a kept-alive connection reused at a chosen moment) or will not show (the
 * server closing the connection instead of answering).
 */
export class RawConnection {
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
    this.socket.on('error', () => {});
  }

  /** The answer to `request` (with a Content-Length), or null when the server closed the connection instead. */
  async send(request: string): Promise<RawAnswer | null> {
    this.received = '';
    if (!this.closed) this.socket.write(request);
    for (;;) {
      const head = /^HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n/.exec(this.received);
      const length = head && /\r\ncontent-length: (\d+)\r\n/i.exec(head[0]);
      if (head && length && this.received.length >= head[0].length + Number(length[1])) {
        return { status: Number(head[1]), headers: head[0], body: this.received.slice(head[0].length, head[0].length + Number(length[1])) };
      }
      if (this.closed) return null;
      await this.next();
    }
  }

  /** Resolves once the server has closed the connection. */
  async whenClosed(): Promise<void> {
    while (!this.closed) await this.next();
  }

  close(): void {
    this.socket.destroy();
  }

  private next(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }
}
