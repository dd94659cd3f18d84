import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP hop in front of a real service that a test can cut and mend: cut, it drops every
 * connection through it and drops each new one as soon as it arrives (a node that lost its network
 * to Redis while the others keep theirs), counting the attempts. Cut with 'refuse', it stops
 * listening instead, so a new connection is refused before it connects (a service that is down):
 * ioredis treats the two differently, as a connection that opened resets its command queue. Cut with
 * 'stall', every connection stays open and nothing passes either way until mended, then what
 * waited passes (a service stopped with SIGSTOP, without stopping one the whole test run shares).
 */
export interface CuttableProxy {
  /** host:port to connect to instead of the service. */
  readonly address: string;
  /**
   * Connections dropped on arrival since the last cut. Only a 'drop' cut counts them: under a
   * 'refuse' cut nothing listens, so the refusals happen in the kernel, where this cannot see them.
   */
  readonly refused: number;
  cut(how?: 'drop' | 'refuse' | 'stall'): void;
  mend(): Promise<void>;
  close(): Promise<void>;
}

export async function cuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  /** Each direction of each connection, to stop and start again under a 'stall' cut. */
  const flows = new Set<[Socket, Socket]>();
  let isCut = false;
  let stalled = false;
  let refused = 0;
  const server: Server = createServer((client) => {
    if (isCut) {
      refused++;
      client.destroy();
      return;
    }
    const service = connect(targetPort, '127.0.0.1');
    for (const [from, to] of [[client, service], [service, client]] as const) {
      const flow: [Socket, Socket] = [from, to];
      open.add(from);
      flows.add(flow);
      if (stalled) from.pause();
      else from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        flows.delete(flow);
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
      if (how === 'stall') {
        stalled = true;
        for (const [from, to] of flows) {
          from.unpipe(to);
          from.pause();
        }
        return;
      }
      isCut = true;
      refused = 0;
      for (const socket of open) socket.destroy();
      if (how === 'refuse') server.close();
    },
    async mend() {
      isCut = false;
      if (stalled) {
        stalled = false;
        for (const [from, to] of flows) from.pipe(to);
      }
      if (!server.listening) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      for (const socket of open) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
