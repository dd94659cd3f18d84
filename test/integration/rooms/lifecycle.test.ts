import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../../scripts/local-services';
import { seededRandom, testSeed } from '../../support/random';
import { connectClient, connectSynced, waitFor, waitForSync } from '../support/clients';
import { createWorkspace, startTestServer, type TestServer } from '../support/test-server';

describe('room lifecycle', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('unloads a room after its last client leaves and reloads it with everything', async () => {
    server = await startTestServer({ roomIdleMs: 50 });
    const workspace = await createWorkspace(server.url);
    const client = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    const witness = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    client.doc.getMap('items').set('kept', 'yes');
    await waitFor('the edit to be relayed', () => witness.doc.getMap('items').get('kept') === 'yes');
    expect(server.server.services.rooms.loadedCount).toBe(1);
    client.destroy();
    witness.destroy();
    await waitFor('the room to unload', () => server.server.services.rooms.loadedCount === 0);

    const again = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    expect(again.doc.getMap('items').get('kept')).toBe('yes');
    again.destroy();
  });

  it('[R5] loses nothing over 25 visits that each leave with an edit in flight, the room idling out between some of them (SQLite: an unload is one turn)', async () => {
    const random = seededRandom(testSeed('unload race'));
    server = await startTestServer({ roomIdleMs: 15 });
    const workspace = await createWorkspace(server.url);
    for (let visit = 0; visit < 25; visit++) {
      const client = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
      // The previous visitor's edit may still be in flight on its closing socket: it must land.
      await waitFor(`the ${visit} earlier edits`, () => client.doc.getMap('items').size === visit);
      client.doc.getMap('items').set(`visit-${visit}`, visit);
      // Leave at once, with the edit just sent; the room idles out after 15 ms, and the next
      // visitor arrives 0–30 ms later: before, during or after the unload.
      client.destroy();
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
    }
    const last = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    await waitFor('all 25 edits', () => last.doc.getMap('items').size === 25);
    last.destroy();
  });

  it('[R5] on PostgreSQL, a client arriving while the unload waits for the last edit to be stored gets the room with that edit', async () => {
    const databaseUrl = await createDatabase(inject('postgresUrl'));
    server = await startTestServer({ roomIdleMs: 15, databaseUrl });
    const workspace = await createWorkspace(server.url);
    const first = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    // The log takes no new row until released (reads go on): the last edit's commit waits there.
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE updates IN SHARE MODE');
      first.doc.getMap('items').set('last', 'edit');
      await waitFor('the edit’s commit waiting on the lock', async () => {
        const { rows } = await holder.query<{ waiting: number }>(
          "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO updates%'",
        );
        return rows[0]!.waiting > 0;
      });
      first.destroy();
      await waitFor('the last client gone', () => server.server.services.rooms.connectionCount === 0);
      // The server runs in this process and set its 15 ms idle timer as the last client went, so
      // this later, longer timer fires after it: the unload has begun, and waits for the commit.
      await new Promise((resolve) => setTimeout(resolve, 150));
      // Someone comes back meanwhile. A room already forgotten would be loaded afresh from the
      // log, which does not hold the edit yet, and would never learn of it.
      const second = connectClient(server.wsUrl, workspace.id, workspace.tokens.viewer);
      // In a room before the commit is let go: a room loaded afresh now would miss the edit for good.
      await waitFor('the second client in a room', () => server.server.services.rooms.connectionCount === 1);
      await holder.query('COMMIT');
      await waitForSync(second);
      await waitFor('the last edit', () => second.doc.getMap('items').get('last') === 'edit');
      second.destroy();
    } finally {
      await holder.end();
    }
    await waitFor('the room to unload', () => server.server.services.rooms.loadedCount === 0);
    const again = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    expect(again.doc.getMap('items').get('last')).toBe('edit');
    again.destroy();
  });
});
