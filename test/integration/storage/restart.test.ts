import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, connectSynced, upgradeStatus, waitFor, type Client } from '../support/clients';
import { openDatabase, storedDocument } from '../support/database';
import { ADMIN_TOKEN, createWorkspace, startTestServer, type TestServer } from '../support/test-server';

/** Every stored byte of a workspace, to prove nothing was written over it. */
function storedRows(dataDir: string, workspace: string) {
  const db = openDatabase(dataDir);
  try {
    return {
      updates: db.prepare('SELECT seq, data FROM all_updates WHERE workspace = ? ORDER BY seq').all(workspace),
      state: db.prepare('SELECT data FROM states WHERE workspace = ?').pluck().get(workspace),
    };
  } finally {
    db.close();
  }
}

describe('storage across restarts', () => {
  let server: TestServer;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('a restarted server serves everything that was written', async () => {
    server = await startTestServer();
    const workspace = await createWorkspace(server.url, 'Restart review');
    const writer = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    clients.push(writer);
    for (let i = 0; i < 50; i++) writer.doc.getMap('items').set(`k${i}`, i);
    writer.doc.getText('notes').insert(0, 'Decided: ship on the 14th.');
    const reader = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(reader);
    await waitFor('the reader to see every edit', () => reader.doc.getMap('items').size === 50 && reader.doc.getText('notes').length > 0);
    writer.destroy();
    reader.destroy();
    clients.length = 0;

    await server.restart();
    const fresh = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(fresh);
    expect(fresh.doc.getMap('items').size).toBe(50);
    expect(fresh.doc.getText('notes').toString()).toBe('Decided: ship on the 14th.');
    expect(fresh.doc.getMap('meta').get('title')).toBe('Restart review');
  });

  it('after a restart, newcomers and a returning client with offline edits arrive at once and converge', async () => {
    server = await startTestServer();
    const workspace = await createWorkspace(server.url, 'Reconnect wave');
    const before = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    const offlineDoc = before.doc;
    for (let i = 0; i < 200; i++) offlineDoc.getMap('items').set(`k${i}`, i);
    const witness = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    await waitFor('the edits to be stored and relayed', () => witness.doc.getMap('items').size === 200);
    witness.destroy();
    before.provider.destroy();
    // Stopping compacts the log: the restarted server opens the room on one stored state.
    await server.restart();
    offlineDoc.getMap('items').set('offline', 'kept');

    const newcomers = [0, 1, 2].map(() => connectClient(server.wsUrl, workspace.id, workspace.tokens.editor));
    const returning = connectClient(server.wsUrl, workspace.id, workspace.tokens.editor, offlineDoc);
    clients.push(...newcomers, returning);
    newcomers[0]!.doc.getMap('items').set('from-newcomer', true);
    const everyone = [returning, ...newcomers];
    await waitFor('everyone to hold every edit', () =>
      everyone.every((client) => client.doc.getMap('items').size === 202),
    );
    for (const client of everyone) expect(client.doc.getMap('items').toJSON()).toEqual(returning.doc.getMap('items').toJSON());
    await server.stop();
    expect(storedDocument(server.dataDir, workspace.id).doc.getMap('items').size).toBe(202);
  });

  it('compacts a long update log into one state row without losing anything', async () => {
    server = await startTestServer({ compaction: { maxUpdates: 40, maxBytes: 1 << 30 } });
    const workspace = await createWorkspace(server.url);
    const writer = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    clients.push(writer);
    for (let i = 0; i < 130; i++) {
      writer.doc.getMap('items').set(`k${i % 7}`, i);
      // one update per turn, so each is its own log row
      await new Promise((resolve) => setImmediate(resolve));
    }
    const observer = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(observer);
    await waitFor('the last edit', () => observer.doc.getMap('items').get('k3') === 129);
    // 130 edits sent a turn apart against a threshold of 40 rows: compacted while running.
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(Number(/^throughline_compactions_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    await server.stop();

    // Unloading folds the rest of the log in too, so the next load reads one state.
    const stored = storedDocument(server.dataDir, workspace.id);
    expect(stored.updateRows).toBe(0);
    expect(stored.doc.getMap('items').toJSON()).toEqual(writer.doc.getMap('items').toJSON());
  });

  it('refuses connections to a workspace whose stored data cannot be loaded, and never overwrites it', async () => {
    server = await startTestServer();
    const workspace = await createWorkspace(server.url);
    const writer = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    const witness = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(writer, witness);
    writer.doc.getMap('items').set('precious', 'data');
    // Relayed only after commit: once the witness has it, it is stored.
    await waitFor('the edit to be relayed', () => witness.doc.getMap('items').get('precious') === 'data');
    await server.stop();

    const db = openDatabase(server.dataDir);
    db.prepare("INSERT INTO updates (workspace, seq, data, at) VALUES (?, 1000, ?, 'now')").run(workspace.id, Uint8Array.of(0xff, 0xff, 0xff));
    db.close();
    const before = storedRows(server.dataDir, workspace.id);

    await server.restart();
    expect(await upgradeStatus(`${server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`)).toBe(503);
    const rest = await fetch(`${server.url}/api/workspaces/${workspace.id}`, { headers: { authorization: `Bearer ${workspace.tokens.editor}` } });
    expect(rest.status).toBe(503);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('workspace_unavailable');
    // The clients that still hold the document keep retrying; none of that may write over the data.
    // The restarted server listens on a new port, so point them at it, and wait until each has
    // actually been refused twice (a fixed pause could end before any retry on a slow machine).
    const refusals = new Map<Client, number>();
    for (const client of [writer, witness]) {
      client.provider.on('connection-error', (event) => {
        if (/\b503\b/.test(String((event as { message?: unknown }).message))) refusals.set(client, (refusals.get(client) ?? 0) + 1);
      });
      client.provider.serverUrl = server.wsUrl;
    }
    await waitFor('both clients to be refused twice', () => [writer, witness].every((client) => (refusals.get(client) ?? 0) >= 2));
    await server.stop();

    expect(storedRows(server.dataDir, workspace.id)).toEqual(before);
  });
});
