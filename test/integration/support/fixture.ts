import { afterEach, beforeEach } from 'vitest';
import type WebSocket from 'ws';
import type { ServerConfig } from '../../../server/config';
import type { Role } from '../../../server/storage/store';
import { connectSynced, type Client } from './clients';
import { rawSocket } from './raw-socket';
import { createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from './test-server';

export interface WorkspaceFixture {
  readonly server: TestServer;
  readonly workspace: CreatedWorkspace;
  /** A synced stock client with `role`'s token; destroyed after the test. */
  connect(role: Role): Promise<Client>;
  /** A bare socket with `role`'s token, for a client the stock provider cannot play; terminated after the test. */
  socket(role?: Role, options?: WebSocket.ClientOptions): Promise<WebSocket>;
  /** The WebSocket address of the workspace with `role`'s token. */
  socketUrl(role?: Role): string;
  /** Destroys every client connected so far (before a restart, say). */
  disconnectAll(): void;
  /** `GET /api/workspaces/:id` with the viewer's token. */
  readAsViewer(): Promise<Response>;
}

/**
 * A fresh server and workspace for every test in the calling `describe`, torn down after it
 * with every client the test connected.
 */
export function useWorkspace(overrides: Partial<ServerConfig> = {}, title = 'Test review'): WorkspaceFixture {
  let server: TestServer | undefined;
  let workspace: CreatedWorkspace | undefined;
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];
  beforeEach(async () => {
    server = await startTestServer(overrides);
    workspace = await createWorkspace(server.url, title);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get workspace() {
      return workspace!;
    },
    async connect(role) {
      const client = await connectSynced(server!.wsUrl, workspace!.id, workspace!.tokens[role]);
      clients.push(client);
      return client;
    },
    async socket(role = 'editor', options = {}) {
      const socket = await rawSocket(this.socketUrl(role), options);
      sockets.push(socket);
      return socket;
    },
    socketUrl(role = 'editor') {
      return `${server!.wsUrl}/${workspace!.id}?token=${workspace!.tokens[role]}`;
    },
    disconnectAll() {
      for (const client of clients.splice(0)) client.destroy();
    },
    readAsViewer() {
      return fetch(`${server!.url}/api/workspaces/${workspace!.id}`, { headers: { authorization: `Bearer ${workspace!.tokens.viewer}` } });
    },
  };
}
