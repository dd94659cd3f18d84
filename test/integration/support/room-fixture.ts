import { afterEach } from 'vitest';
import type WebSocket from 'ws';
import type { ServerConfig } from '../../../server/config';
import { connectSynced, type Client } from './clients';
import { rawSocket } from './raw-socket';
import { createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from './test-server';

type Role = keyof CreatedWorkspace['tokens'];

/**
 * A server and one workspace per test, for tests of what a room relays. Whatever a test opens
 * through it is closed after the test, failed or not, so no socket outlives its server.
 */
export function useRoom() {
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];
  let opened: { server: TestServer; workspace: CreatedWorkspace } | undefined;

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
    await opened?.server.close();
    opened = undefined;
  });

  function current() {
    if (!opened) throw new Error('start the room first');
    return opened;
  }

  return {
    async start(overrides: Partial<ServerConfig> = {}): Promise<{ server: TestServer; workspace: CreatedWorkspace }> {
      const server = await startTestServer(overrides);
      opened = { server, workspace: await createWorkspace(server.url) };
      return opened;
    },
    /** A stock provider, synced. */
    async client(role: Role): Promise<Client> {
      const { server, workspace } = current();
      const client = await connectSynced(server.wsUrl, workspace.id, workspace.tokens[role]);
      clients.push(client);
      return client;
    },
    /** A bare socket with a role's token, for a client the stock provider cannot play. */
    async socket(role: Role = 'editor', options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
      const { server, workspace } = current();
      const socket = await rawSocket(`${server.wsUrl}/${workspace.id}?token=${workspace.tokens[role]}`, options);
      sockets.push(socket);
      return socket;
    },
  };
}
