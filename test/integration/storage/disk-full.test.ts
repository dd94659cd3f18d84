import { afterEach, describe, expect, it } from 'vitest';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { createWorkspace, startTestServer, tempDataDir, type TestServer } from '../support/test-server';

describe('a full disk', () => {
  let server: TestServer;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('refuses to relay what it cannot store, and loses nothing once there is room again', async () => {
    const dataDir = tempDataDir();
    // The quota makes SQLite answer SQLITE_FULL exactly as a full disk does.
    server = await startTestServer({ dataDir, maxDatabaseBytes: 256 * 1024 });
    const workspace = await createWorkspace(server.url);
    const writer = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    const reader = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(writer, reader);

    const closeCodes: number[] = [];
    writer.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    // What was relayed to the reader, read when the failed room closes the reader's connection:
    // every relay came before that close frame on the same socket. (Read when the writer's close
    // arrives instead, it could miss a relay still in flight on the reader's socket.)
    let stored: string[] | undefined;
    reader.provider.on('connection-close', (event) => {
      if (event?.code === 1011 && !stored) stored = [...reader.doc.getMap('items').keys()].sort();
    });
    const big = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 40; i++) writer.doc.getMap('items').set(`k${i}`, `${i}:${big}`);
    await waitFor('the server to refuse the batch it could not store', () => closeCodes.includes(1011) && stored !== undefined);
    expect(stored!.length).toBeLessThan(40);

    // The same process reloads the failed room from storage: a newcomer gets what was stored and
    // relayed, never the refused batch the old room had applied in memory.
    const newcomer = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(newcomer);
    expect([...newcomer.doc.getMap('items').keys()].sort()).toEqual(stored);

    // Free space (a larger quota, same address): the writer's reconnect delivers every edit.
    const port = server.server.port;
    await server.stop();
    server = await startTestServer({ dataDir, port, maxDatabaseBytes: 0 });
    await waitFor('every edit to arrive', () => reader.doc.getMap('items').size === 40, 15_000);
    const late = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(late);
    expect(late.doc.getMap('items').size).toBe(40);
  });
});
