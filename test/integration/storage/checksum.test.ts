import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectSynced, upgradeStatus, waitFor, type Client } from '../support/clients';
import { openDatabase } from '../support/database';
import { createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from '../support/test-server';

interface StateRow {
  data: Buffer;
  checksum: string | null;
  schema: number | null;
}

function stateRow(dataDir: string, workspace: string): StateRow {
  const db = openDatabase(dataDir);
  try {
    return db.prepare('SELECT data, checksum, schema FROM states WHERE workspace = ?').get(workspace) as StateRow;
  } finally {
    db.close();
  }
}

function rewriteStateRow(dataDir: string, workspace: string, sql: string, ...params: unknown[]): void {
  const db = openDatabase(dataDir);
  try {
    db.prepare(sql).run(...params, workspace);
  } finally {
    db.close();
  }
}

describe('a state row checked against its checksum', () => {
  let server: TestServer;
  let workspace: CreatedWorkspace;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  /** A workspace holding `items.precious`, stopped: stopping folds the log into one state row. */
  async function storedWorkspace(): Promise<void> {
    server = await startTestServer();
    workspace = await createWorkspace(server.url);
    const writer = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    const witness = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    writer.doc.getMap('items').set('precious', 'data');
    await waitFor('the edit to be stored and relayed', () => witness.doc.getMap('items').get('precious') === 'data');
    writer.destroy();
    witness.destroy();
    await server.stop();
  }

  it('[H10] refuses the room (503) when the bytes no longer match, serves none of them and writes nothing over them', async () => {
    await storedWorkspace();
    // Bytes that decode and apply perfectly well, so only the checksum can tell they are not what was saved.
    const forged = new Y.Doc();
    forged.getMap('items').set('precious', 'forged');
    rewriteStateRow(server.dataDir, workspace.id, 'UPDATE states SET data = ? WHERE workspace = ?', Y.encodeStateAsUpdate(forged));
    const before = stateRow(server.dataDir, workspace.id);

    await server.restart();
    expect(await upgradeStatus(`${server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`)).toBe(503);
    const rest = await fetch(`${server.url}/api/workspaces/${workspace.id}`, { headers: { authorization: `Bearer ${workspace.tokens.editor}` } });
    expect(rest.status).toBe(503);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('workspace_unavailable');
    await server.stop();

    expect(stateRow(server.dataDir, workspace.id)).toEqual(before);
  });

  it('[H10] still loads a state row written before checksums existed (storage version 1)', async () => {
    await storedWorkspace();
    rewriteStateRow(server.dataDir, workspace.id, 'UPDATE states SET checksum = NULL, schema = NULL WHERE workspace = ?');

    await server.restart();
    const reader = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(reader);
    expect(reader.doc.getMap('items').get('precious')).toBe('data');
  });
});
