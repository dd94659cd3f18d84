import { afterEach, beforeEach } from 'vitest';
import type { ServerConfig } from '../../../server/config';
import type { Role } from '../../../server/storage/store';
import { connectSynced, type Client } from './clients';
import { createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from './test-server';

export interface WorkspaceFixture {
  readonly server: TestServer;
  readonly workspace: CreatedWorkspace;
  /** A synced stock client with `role`'s token; destroyed after the test. */
  connect(role: Role): Promise<Client>;
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
  beforeEach(async () => {
    server = await startTestServer(overrides);
    workspace = await createWorkspace(server.url, title);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
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
    disconnectAll() {
      for (const client of clients.splice(0)) client.destroy();
    },
    readAsViewer() {
      return fetch(`${server!.url}/api/workspaces/${workspace!.id}`, { headers: { authorization: `Bearer ${workspace!.tokens.viewer}` } });
    },
  };
}
