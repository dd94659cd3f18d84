import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom, testSeed } from '../../support/random';
import { connectSynced, waitFor } from '../support/clients';
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

  it('loses nothing when clients arrive while the room is unloading', async () => {
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
});
