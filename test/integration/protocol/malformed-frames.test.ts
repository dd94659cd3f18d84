import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { defaults } from '../../../server/config';
import { writeUpdate } from '../../../server/protocol/messages';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { openDatabase, storedDocument } from '../support/database';
import { closeAfter } from '../support/raw-socket';
import { createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from '../support/test-server';

describe('malformed frames', () => {
  let server: TestServer;
  let workspace: CreatedWorkspace;
  let alice: Client;
  let bob: Client;
  const socketUrl = () => `${server.wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`;

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await createWorkspace(server.url);
    alice = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
    bob = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.editor);
  });
  afterAll(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  const garbageUpdate = Uint8Array.of(3, 0xfe, 0xff, 0xff, 0xff, 0x0f, 9, 9);
  const cases: Array<[string, () => string | Uint8Array, number]> = [
    ['a text frame', () => 'hello', 1003],
    ['a lone 0xFF byte', () => Uint8Array.of(0xff), 1007],
    ['an empty frame', () => new Uint8Array(0), 1007],
    ['a truncated varint', () => Uint8Array.of(0, 0x80), 1007],
    ['a length prefix past the end', () => Uint8Array.of(0, 2, 50, 1, 2), 1007],
    ['an unknown message type', () => Uint8Array.of(9), 1007],
    ['an update that does not decode', () => writeUpdate(garbageUpdate), 1007],
    ['a frame over the payload limit', () => new Uint8Array(defaults.maxPayloadBytes + 1), 1009],
  ];

  it.each(cases)('%s closes that socket only, and the room keeps relaying', async (_name, frame, code) => {
    expect((await closeAfter(socketUrl(), [frame()])).code).toBe(code);

    const key = `after-${code}-${Math.random()}`;
    alice.doc.getMap('items').set(key, true);
    await waitFor('the room to keep relaying', () => bob.doc.getMap('items').get(key) === true);
    expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('stores nothing from a bad frame', async () => {
    const before = alice.doc.getMap('items').toJSON();
    await server.stop();
    const db = openDatabase(server.dataDir);
    const rows = db
      .prepare('SELECT data FROM states WHERE workspace = @id UNION ALL SELECT data FROM all_updates WHERE workspace = @id')
      .pluck()
      .all({ id: workspace.id }) as Buffer[];
    db.close();
    for (const row of rows) expect(() => Y.decodeUpdate(row)).not.toThrow();
    expect(storedDocument(server.dataDir, workspace.id).doc.getMap('items').toJSON()).toEqual(before);
  });
});
