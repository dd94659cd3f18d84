import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP hop in front of a real service that a test can cut and mend: cut, it drops every
 * connection through it and drops each new one as soon as it arrives (a node that lost its network
 * to Redis while the others keep theirs), counting the attempts. Cut with 'refuse', it stops
 * listening instead, so a new connection is refused before it connects (a service that is down):
 * ioredis treats the two differently, as a connection that opened resets its command queue.
 */
export interface CuttableProxy {
  /** host:port to connect to instead of the service. */
  readonly address: string;
  /**
   * Connections dropped on arrival since the last cut. Only a 'drop' cut counts them: under a
   * 'refuse' cut nothing listens, so the refusals happen in the kernel, where this cannot see them.
   */
  readonly refused: number;
  cut(how?: 'drop' | 'refuse'): void;
  mend(): Promise<void>;
  close(): Promise<void>;
}

export async function cuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let isCut = false;
  let refused = 0;
  const server: Server = createServer((client) => {
    if (isCut) {
      refused++;
      client.destroy();
      return;
    }
    const service = connect(targetPort, '127.0.0.1');
    for (const [from, to] of [[client, service], [service, client]] as const) {
      open.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    get refused() {
      return refused;
    },
    cut(how = 'drop') {
      isCut = true;
      refused = 0;
      for (const socket of open) socket.destroy();
      if (how === 'refuse') server.close();
    },
    async mend() {
      isCut = false;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      for (const socket of open) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
