import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export { waitFor } from '../../support/wait-for';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

// Each stock provider in Node adds a process 'exit' listener (to clear its awareness); the
// convergence and memory tests hold 10 to 20 at once, which is not a leak.
process.setMaxListeners(64);

/** A stock y-websocket provider, exactly as a browser would use it, with Node's `ws`. */
export function connectClient(wsUrl: string, workspace: string, token: string, doc = new Y.Doc()): Client {
  return stockClient(wsUrl, workspace, doc, { params: { token } });
}

/** A stock provider with the test defaults; `socket` replaces Node's `ws` (to send a cookie, say). */
export function stockClient(
  wsUrl: string,
  workspace: string,
  doc: Y.Doc,
  { params, socket = WebSocket }: { params?: Record<string, string>; socket?: new (address: string, protocols?: string | string[]) => WebSocket },
): Client {
  const provider = new WebsocketProvider(wsUrl, workspace, doc, {
    WebSocketPolyfill: socket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 300,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function connectSynced(wsUrl: string, workspace: string, token: string, doc?: Y.Doc): Promise<Client> {
  const client = connectClient(wsUrl, workspace, token, doc);
  await waitForSync(client);
  return client;
}

export function waitForSync(client: Client, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('client did not sync in time')), timeoutMs);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      client.provider.off('sync', onSync);
      resolve();
    };
    client.provider.on('sync', onSync);
  });
}

/** The HTTP status a WebSocket upgrade is answered with: 101 when it opens, else the refusal. */
export async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return (await upgradeResponse(url, headers)).status;
}

/** How a WebSocket upgrade is answered: 101 when it opens (it is then closed again), else the refusal's status and body. */
export function upgradeResponse(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
        socket.terminate();
      });
    });
    socket.on('open', () => {
      resolve({ status: 101, body: '' });
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}
