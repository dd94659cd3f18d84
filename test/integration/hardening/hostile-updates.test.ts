import { rmSync } from 'node:fs';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { defaults } from '../../../server/config';
import { writeUpdate } from '../../../server/protocol/messages';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { seededRandom, testSeed } from '../../support/random';
import { connectClient, connectSynced, waitFor, waitForSync, type Client } from '../support/clients';
import { spawnServer, type ChildServer } from '../support/child-server';
import { openDatabase, storedDocument } from '../support/database';
import { useWorkspace } from '../support/fixture';
import { openSilentClient } from '../support/silent-client';
import { refusalCount } from '../support/metrics';
import { closeAfter, rawSocket, sendPresence, watchClose } from '../support/raw-socket';
import { createWorkspace, tempDataDir } from '../support/test-server';

/** Every row the workspace has stored: the state row, then the log in order. */
function storedRows(dataDir: string, workspace: string): Buffer[] {
  const db = openDatabase(dataDir);
  try {
    const state = db.prepare('SELECT data FROM states WHERE workspace = ?').pluck().all(workspace) as Buffer[];
    const log = db.prepare('SELECT data FROM all_updates WHERE workspace = ? ORDER BY seq').pluck().all(workspace) as Buffer[];
    return [...state, ...log];
  } finally {
    db.close();
  }
}

/** Each update a document emits while `edits` runs on it. */
function updatesOf(doc: Y.Doc, edits: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  edits();
  doc.off('update', record);
  return updates;
}

describe('hostile updates', () => {
  const clients: Client[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  describe('with the default limits', () => {
    const fixture = useWorkspace();

    it('[H3][H14] refuses an update of 200,000 structs before integrating it, and the room keeps relaying', async () => {
      const alice = await fixture.connect('editor');
      const bob = await fixture.connect('editor');
      const flood = new Y.Doc();
      flood.transact(() => {
        for (let i = 0; i < 200_000; i++) flood.getMap('items').set(`flood-${i}`, i);
      });
      const frame = writeUpdate(Y.encodeStateAsUpdate(flood));
      expect(frame.byteLength).toBeLessThan(defaults.maxPayloadBytes);

      const { code, reason } = await closeAfter(fixture.socketUrl(), [frame]);
      expect(code).toBe(4002);
      expect(reason).toMatch(/more structs than the server accepts/);

      alice.doc.getMap('items').set('after', true);
      await waitFor('the room to keep relaying', () => bob.doc.getMap('items').get('after') === true);
      expect(bob.doc.getMap('items').has('flood-0')).toBe(false);
      expect(await refusalCount(fixture.server.url, 'update_over_budget')).toBe(1);
      fixture.disconnectAll();
      await fixture.server.stop();
      expect(storedDocument(fixture.server.dataDir, fixture.workspace.id).doc.getMap('items').has('flood-0')).toBe(false);
    });

    it('[H3] refuses shared types nested more than 64 deep, so a chain stays one anybody can delete without closing the room', async () => {
      const alice = await fixture.connect('editor');
      const bob = await fixture.connect('editor');
      const chain = (map: Y.Map<unknown>, levels: number) => {
        for (let i = 0; i < levels; i++) map = map.set('c', new Y.Map<unknown>());
        return map;
      };
      // Built 40 levels per change: the room takes the first change and refuses the second, at 80.
      const mallory = new Y.Doc();
      let deepest = mallory.getMap('chain');
      const frames = updatesOf(mallory, () => {
        for (let i = 0; i < 5; i++) mallory.transact(() => (deepest = chain(deepest, 40)));
      }).map(writeUpdate);
      const { code, reason } = await closeAfter(fixture.socketUrl(), frames);
      expect(code).toBe(4002);
      expect(reason).toBe('an update nesting shared types more than 64 deep was refused');
      expect(await refusalCount(fixture.server.url, 'update_over_budget')).toBe(1);
      const depthIn = (doc: Y.Doc) => {
        let depth = 0;
        for (let map = doc.getMap('chain').get('c'); map instanceof Y.Map; map = map.get('c')) depth++;
        return depth;
      };
      await waitFor('the accepted levels to reach bob', () => depthIn(bob.doc) === 40);

      // Deleting the chain's top deletes every level under it, and the room stays open for both.
      const drops: string[] = [];
      for (const [name, client] of [['alice', alice], ['bob', bob]] as const) {
        client.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && drops.push(name));
      }
      alice.doc.getMap('chain').delete('c');
      alice.doc.getMap('items').set('after', true);
      await waitFor('the deletion and the edit after it to reach bob', () => bob.doc.getMap('items').get('after') === true);
      expect(depthIn(bob.doc)).toBe(0);
      expect(drops).toEqual([]);
      fixture.disconnectAll();
      await fixture.server.stop();
      expect(storedDocument(fixture.server.dataDir, fixture.workspace.id).doc.getMap('chain').has('c')).toBe(false);
    });

    it('[H3] refuses a shared type placed beside an edit the room never got, rather than hold it back for something unchecked to complete', async () => {
      const bob = await fixture.connect('editor');
      const mallory = new Y.Doc();
      const [, beside] = updatesOf(mallory, () => {
        mallory.getArray('list').insert(0, ['withheld']);
        mallory.getArray('list').push([new Y.Map()]);
      });
      const { code, reason } = await closeAfter(fixture.socketUrl(), [writeUpdate(beside!)]);
      expect(code).toBe(4003);
      expect(reason).toBe('an update placed a shared type in or beside content the server does not have; reconnect to resync');
      const carol = await fixture.connect('viewer');
      bob.doc.getMap('items').set('after', true);
      // Relayed once committed: the room goes on storing and relaying.
      await waitFor('bob\'s edit to reach carol', () => carol.doc.getMap('items').get('after') === true);
      fixture.disconnectAll();
      await fixture.server.stop();
      expect(storedDocument(fixture.server.dataDir, fixture.workspace.id).doc.getArray('list').length).toBe(0);
    });

    it('[H3] refuses an update creating shared types that gives one client\'s structs in two blocks, of which Yjs keeps only the last', async () => {
      const mallory = new Y.Doc();
      mallory.getMap('chain').set('c', new Y.Map());
      const once = Y.encodeStateAsUpdate(mallory);
      // One block and no deletions: [1, ...block, 0]. Twice: [2, ...block, ...block, 0].
      expect([once[0], once[once.length - 1]]).toEqual([1, 0]);
      const block = once.subarray(1, once.length - 1);
      const twice = Uint8Array.from([2, ...block, ...block, 0]);
      const { code, reason } = await closeAfter(fixture.socketUrl(), [writeUpdate(twice)]);
      expect(code).toBe(1007);
      expect(reason).toBe("an update that creates shared types gives one client's structs in two blocks");
    });

    it('[H8] reads nothing a socket sends after the frame it was closed for, and ends its TCP connection without waiting for an answer', async () => {
      const alice = await fixture.connect('editor');
      const bob = await fixture.connect('editor');
      const raw = await openSilentClient(fixture.socketUrl());
      const sneaky = new Y.Doc();
      sneaky.getMap('items').set('after-the-bad-frame', true);
      // The malformed frame and a valid update in one write: the server reads them together.
      raw.send(Uint8Array.of(0xff), writeUpdate(Y.encodeStateAsUpdate(sneaky)));
      let ended = false;
      void raw.ended.then(() => (ended = true));
      // ws would wait 30 s for a close frame this client never sends.
      await waitFor('the server to end the connection', () => ended, 10_000);
      raw.destroy();

      alice.doc.getMap('items').set('sentinel', true);
      await waitFor('a later edit to reach Bob', () => bob.doc.getMap('items').get('sentinel') === true);
      expect(bob.doc.getMap('items').has('after-the-bad-frame')).toBe(false);
    });

    it('[H12] closes a second connection that writes with a client id another live connection writes with', async () => {
      const watcher = await fixture.connect('viewer');
      // Set before the provider starts: its presence takes the document's client id then.
      const firstDoc = new Y.Doc();
      firstDoc.clientID = 424242;
      const first = connectClient(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.editor, firstDoc);
      clients.push(first);
      await waitForSync(first);
      // A live edit: what makes a connection the owner of its client id.
      first.doc.getMap('items').set('first', true);
      await waitFor('the first writer’s edit', () => watcher.doc.getMap('items').get('first') === true);

      // Two documents with one client id that both wrote before meeting (a cloned document):
      // Yjs cannot tell their clocks apart, so the twin's first edit is silently skipped, and the
      // server can only stop it writing more.
      const twinDoc = new Y.Doc();
      twinDoc.clientID = 424242;
      twinDoc.getMap('items').set('twin', true);
      const twin = connectClient(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.editor, twinDoc);
      clients.push(twin);
      const told = new Promise<number>((resolve) => {
        const onClose = (event: CloseEvent | null) => {
          twin.provider.off('connection-close', onClose);
          // Not again: the stock provider's presence breaks when it reconnects after Yjs changed its client id.
          twin.provider.shouldConnect = false;
          resolve(event?.code ?? 0);
        };
        twin.provider.on('connection-close', onClose);
      });
      await waitForSync(twin);
      twinDoc.getMap('items').set('twin-again', true);
      expect(await told).toBe(4006);
      expect(first.provider.wsconnected).toBe(true);
      expect(await refusalCount(fixture.server.url, 'client_id_in_use')).toBeGreaterThan(0);
      expect(watcher.doc.getMap('items').has('twin-again')).toBe(false);
    });

    /** An editor who has written once, and a viewer who has their edit: the editor owns their client id. */
    async function writingMember(): Promise<{ watcher: Client; member: Client; id: number }> {
      const watcher = await fixture.connect('viewer');
      const member = connectClient(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.editor);
      clients.push(member);
      await waitForSync(member);
      member.doc.getMap('items').set('first', member.doc.clientID);
      await waitFor('the member’s first edit', () => watcher.doc.getMap('items').get('first') === member.doc.clientID);
      return { watcher, member, id: member.doc.clientID };
    }

    it('[H12] lets a member write whose client id another connection, a viewer, announced in its presence first', async () => {
      const watcher = await fixture.connect('viewer');
      // Presence claims nothing: anyone may announce any id, and a squatter on a reconnecting
      // editor's id would otherwise lock that editor out of writing for good.
      const squatter = await fixture.socket('viewer');
      sendPresence(squatter, 737373, 5, { view: 'tree' });
      await waitFor('the squatter’s presence', () => watcher.provider.awareness.getStates().has(737373));

      const doc = new Y.Doc();
      doc.clientID = 737373;
      const member = connectClient(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.editor, doc);
      clients.push(member);
      await waitForSync(member);
      member.doc.getMap('items').set('mine', true);
      await waitFor('the member’s edit', () => watcher.doc.getMap('items').get('mine') === true);
      expect(member.provider.wsconnected).toBe(true);
    });

    it('[H12] closes a connection that deletes edits a writing member has yet to make, whose edits then stay', async () => {
      const { watcher, member, id } = await writingMember();

      // No structs, only a deletion of the member's next ten clocks: Yjs would hold it back and
      // delete the member's next edits as they arrived, for everyone, the member too.
      const deletion = encoding.createEncoder();
      for (const value of [0, 1, id, 1, Y.getState(member.doc.store, id), 10]) encoding.writeVarUint(deletion, value);
      const hostile = await fixture.socket('editor');
      const closed = watchClose(hostile);
      hostile.send(writeUpdate(encoding.toUint8Array(deletion)));
      await waitFor('the deleter to be closed', () => closed.closed !== null);
      expect(closed.closed!.code).toBe(4006);

      member.doc.getMap('items').set('kept', true);
      await waitFor('the member’s edit', () => watcher.doc.getMap('items').get('kept') === true);
      expect(member.doc.getMap('items').get('kept')).toBe(true);
    });

    it('[H12] closes a connection that deletes what the server itself has yet to write, whose readings then stay', async () => {
      const facilitator = await fixture.connect('facilitator');
      const kpi = unwrap(createKpi(facilitator.doc, { name: 'Churn', unit: '%', direction: 'decrease', baseline: 5, target: 3, owner: 'Dana' }));
      const watcher = await fixture.connect('viewer');
      await waitFor('the KPI', () => watcher.doc.getMap('kpis').has(kpi));
      const readings = () => ((watcher.doc.getMap('kpis').get(kpi) as Y.Map<unknown>).get('readings') as Y.Array<unknown> | undefined)?.length;
      const post = (value: number) =>
        fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/kpis/${kpi}/readings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'application/json' },
          body: JSON.stringify({ at: new Date().toISOString().slice(0, 10), value, source: 'warehouse' }),
        });
      // The server writes a reading with its own client id: the one whose clock the reading moved.
      const before = Y.decodeStateVector(Y.encodeStateVector(watcher.doc));
      expect((await post(4)).status).toBe(201);
      await waitFor('the first reading', () => readings() === 1);
      const after = Y.decodeStateVector(Y.encodeStateVector(watcher.doc));
      const server = [...after].find(([client, clock]) => clock > (before.get(client) ?? 0))![0];

      // Only a deletion, of the server's next thousand clocks: Yjs holds it back, and applies it
      // with the next client update that arrives after the server has written there.
      const deletion = encoding.createEncoder();
      for (const value of [0, 1, server, 1, after.get(server)!, 1000]) encoding.writeVarUint(deletion, value);
      const hostile = await fixture.socket('editor');
      const closed = watchClose(hostile);
      hostile.send(writeUpdate(encoding.toUint8Array(deletion)));
      await waitFor('the deleter to be closed', () => closed.closed !== null);
      expect(closed.closed!.code).toBe(4006);

      expect((await post(6)).status).toBe(201);
      await waitFor('the second reading', () => readings() === 2);
      facilitator.doc.getMap('items').set('later', true);
      await waitFor('a later edit', () => watcher.doc.getMap('items').get('later') === true);
      expect(readings()).toBe(2);
    });

    it('[H12] lets a reconnecting client write once its old, half-open connection fails a probe', async () => {
      const watcher = await fixture.connect('viewer');
      const doc = new Y.Doc();
      const [before] = updatesOf(doc, () => doc.getMap('items').set('before', true));
      // The laptop's old connection: it wrote, then went silent without closing.
      const stale = await fixture.socket('editor', { autoPong: false });
      stale.on('error', () => {});
      stale.send(writeUpdate(before!));
      await waitFor('the first edit', () => watcher.doc.getMap('items').get('before') === true);

      doc.getMap('items').set('after-reconnect', true);
      const back = connectClient(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.editor, doc);
      clients.push(back);
      await waitFor('the edit made after reconnecting', () => watcher.doc.getMap('items').get('after-reconnect') === true, 20_000);
      expect(stale.readyState).not.toBe(WebSocket.OPEN);
    });

    it('[H12] lets a reconnecting client write at once when its old connection said goodbye and then vanished', async () => {
      const watcher = await fixture.connect('viewer');
      const doc = new Y.Doc();
      const [before] = updatesOf(doc, () => doc.getMap('items').set('before', true));
      const old = await openSilentClient(fixture.socketUrl());
      try {
        old.send(writeUpdate(before!));
        await waitFor('the first edit', () => watcher.doc.getMap('items').get('before') === true);
        // The close frame arrives and the server answers it, ending its side; the end of the
        // client's side never comes, which ws waits for (2 s here, 30 s by default).
        old.sayGoodbye();
        await old.ended;

        const [after] = updatesOf(doc, () => doc.getMap('items').set('after-reconnect', true));
        const back = await fixture.socket('editor');
        const closed = watchClose(back);
        try {
          back.send(writeUpdate(after!));
          // Let in at the first try (a raw socket never tries again), while ws still holds the old connection.
          await waitFor('the edit made after reconnecting', () => watcher.doc.getMap('items').get('after-reconnect') === true, 5_000);
          expect(closed.closed).toBeNull();
        } finally {
          back.close();
        }
      } finally {
        old.destroy();
      }
    });
  });

  describe('stored rows', () => {
    const dataDir = tempDataDir();
    let child: ChildServer | undefined;
    afterEach(async () => {
      child?.process.kill('SIGKILL');
      await child?.exited;
      rmSync(dataDir, { recursive: true, force: true });
    });

    // Killed rather than stopped, so the log is read as written, not compacted away on shutdown.
    it('[H11] are each one that applies on its own to a fresh document, whatever the clients send', async () => {
      child = await spawnServer(dataDir);
      const wsUrl = `${child.url.replace('http', 'ws')}/ws`;
      const workspace = await createWorkspace(child.url, 'Stored rows');
      const url = `${wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`;
      const seed = testSeed('self-contained rows');
      const random = seededRandom(seed);
      const writers: Client[] = [];
      for (let i = 0; i < 3; i++) writers.push(await connectSynced(wsUrl, workspace.id, workspace.tokens.editor));
      clients.push(...writers);
      for (let step = 0; step < 120; step++) {
        const writer = writers[Math.floor(random() * writers.length)]!;
        const text = writer.doc.getText('notes');
        if (random() < 0.3 && text.length > 0) text.delete(Math.floor(random() * text.length), 1);
        else if (random() < 0.5) text.insert(Math.floor(random() * (text.length + 1)), 'ab');
        else writer.doc.getMap('items').set(`k${Math.floor(random() * 30)}`, random());
      }

      // A deletion Yjs never writes (an empty range) beside a real insert: refused whole.
      const inserter = new Y.Doc();
      inserter.getMap('items').set('beside-an-empty-range', true);
      const insert = Y.encodeStateAsUpdate(inserter);
      const emptyRange = encoding.createEncoder();
      // The insert's structs, then a delete set of its own in place of its empty one (the last byte).
      encoding.writeUint8Array(emptyRange, insert.subarray(0, insert.length - 1));
      encoding.writeVarUint(emptyRange, 1);
      encoding.writeVarUint(emptyRange, writers[0]!.doc.clientID);
      encoding.writeVarUint(emptyRange, 1);
      encoding.writeVarUint(emptyRange, 0);
      encoding.writeVarUint(emptyRange, 0);
      expect((await closeAfter(url, [writeUpdate(encoding.toUint8Array(emptyRange))])).code).toBe(1007);

      // A merged update with a gap (a skip), the way a client holding back updates resends them.
      const gappy = new Y.Doc();
      const [first, second, third] = updatesOf(gappy, () => {
        for (let i = 0; i < 3; i++) gappy.getText('notes').insert(0, `gap${i} `);
      });
      const raw = await rawSocket(url);
      raw.send(writeUpdate(Y.mergeUpdates([first!, third!])));
      raw.send(writeUpdate(second!));

      // Map keys iterate in each replica's own arrival order: compare them sorted.
      const content = (doc: Y.Doc) => JSON.stringify([doc.getText('notes').toString(), Object.entries(doc.getMap('items').toJSON()).sort()]);
      await waitFor('the gap to close', () => writers[0]!.doc.getText('notes').toString().includes('gap2'));
      await waitFor('the writers to converge', () => writers.every((w) => content(w.doc) === content(writers[0]!.doc)));
      expect(writers[1]!.doc.getMap('items').has('beside-an-empty-range')).toBe(false);
      const expected = content(writers[0]!.doc);
      child.process.kill('SIGKILL');
      await child.exited;
      raw.terminate();

      const rows = storedRows(dataDir, workspace.id);
      expect(rows.length).toBeGreaterThan(20);
      for (const row of rows) {
        const fresh = new Y.Doc();
        expect(() => Y.applyUpdate(fresh, row)).not.toThrow();
      }
      const replayed = storedDocument(dataDir, workspace.id).doc;
      expect(content(replayed)).toBe(expected);
      // Replayed in order, nothing is left waiting: no row holds what another row was to complete.
      expect(replayed.store.pendingStructs).toBeNull();
      expect(replayed.store.pendingDs).toBeNull();
    });
  });

  describe('with a small cap on held-back updates', () => {
    const fixture = useWorkspace({
      limits: { ...defaults.limits, heldBack: { maxBytes: 1024 * 1024, maxUpdates: 5 } },
      compaction: { maxUpdates: 4, maxBytes: defaults.compaction.maxBytes },
    });

    it('[H4] closes a connection whose updates wait for predecessors it never sends, and keeps none of them', async () => {
      const bob = await fixture.connect('editor');
      const orphan = new Y.Doc();
      const [withheld, ...dependents] = updatesOf(orphan, () => {
        for (let i = 0; i < 7; i++) orphan.getText('notes').insert(0, `orphan${i} `);
      });
      expect(withheld).toBeDefined();
      const { code } = await closeAfter(fixture.socketUrl(), dependents.map(writeUpdate));
      expect(code).toBe(4003);
      expect(await refusalCount(fixture.server.url, 'held_back_limit')).toBe(1);

      // Had the held-back updates been kept, the missing one would now complete them.
      const late = await fixture.socket();
      late.send(writeUpdate(withheld!));
      await waitFor('the first update to arrive', () => bob.doc.getText('notes').toString().includes('orphan0'));
      expect(bob.doc.getText('notes').toString()).toBe('orphan0 ');
    });

    it('[H4] compacts while updates are held back, and neither the state row nor a newcomer gets them', async () => {
      const alice = await fixture.connect('editor');
      const orphan = new Y.Doc();
      const [withheld, dependent] = updatesOf(orphan, () => {
        orphan.getMap('items').set('orphan-a', true);
        orphan.getMap('items').set('orphan-b', true);
      });
      expect(withheld).toBeDefined();
      const hostile = await fixture.socket();
      hostile.send(writeUpdate(dependent!));
      for (let i = 0; i < 6; i++) alice.doc.getMap('items').set(`alice-${i}`, i);
      const newcomer = await fixture.connect('viewer');
      await waitFor('the newcomer to have Alice’s edits', () => newcomer.doc.getMap('items').get('alice-5') === 5);
      expect(newcomer.doc.getMap('items').has('orphan-b')).toBe(false);
      // Not even held back on its side: what the room held back was never sent.
      expect(newcomer.doc.store.pendingStructs).toBeNull();
      fixture.disconnectAll();
      await fixture.server.stop();

      const db = openDatabase(fixture.server.dataDir);
      const uptoSeq = db.prepare('SELECT upto_seq FROM states WHERE workspace = ?').pluck().get(fixture.workspace.id) as number;
      db.close();
      expect(uptoSeq).toBeGreaterThanOrEqual(4);
      const stored = storedDocument(fixture.server.dataDir, fixture.workspace.id).doc;
      expect(stored.getMap('items').get('alice-5')).toBe(5);
      expect(stored.getMap('items').has('orphan-b')).toBe(false);
      expect(stored.store.pendingStructs).toBeNull();
    });
  });
});
