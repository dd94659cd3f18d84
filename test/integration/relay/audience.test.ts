import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonical } from '../../support/canonical';
import { spawnServer, type ChildServer } from '../support/child-server';
import { connectClient, connectSynced, waitFor, type Client } from '../support/clients';
import { createWorkspace, tempDataDir } from '../support/test-server';

/** Above the audience size (SPEC L: 250 connections), as a test on a shared machine can afford. */
const FOLLOWERS = 298;
const WRITERS = 2;

// Each stock provider in Node adds a process 'exit' listener; this test holds 300 at once.
process.setMaxListeners(FOLLOWERS + WRITERS + 64);

const content = (doc: Y.Doc) => canonical({ items: doc.getMap('items').toJSON(), notes: doc.getText('notes').toString() });

/** The server process's resident memory, from the kernel's own count. */
const residentKB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

describe('a review followed by an audience', () => {
  let server: ChildServer | undefined;
  let dataDir: string | undefined;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    server?.process.kill('SIGKILL');
    await server?.exited;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('[L1][L2][L3][L4] 300 stock providers joining one room at once all reach its state, see every presence, and see a presence change', async () => {
    dataDir = tempDataDir();
    // All from 127.0.0.1: the per-address cap is raised as a large review behind one proxy needs.
    server = await spawnServer(dataDir, 0, { THROUGHLINE_MAX_CONNECTIONS_PER_ADDRESS: String(FOLLOWERS + WRITERS + 10) });
    const workspace = await createWorkspace(server.url, 'Quarterly business review');
    const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
    const writers = await Promise.all(Array.from({ length: WRITERS }, () => connectSynced(wsUrl, workspace.id, workspace.tokens.editor)));
    clients.push(...writers);
    const before = residentKB(server.process.pid!);

    // Everyone at once, each announcing a presence (claiming a role the link does not give),
    // while both writers keep editing.
    const followers = Array.from({ length: FOLLOWERS }, (_, i) => {
      const follower = connectClient(wsUrl, workspace.id, workspace.tokens.viewer);
      follower.provider.awareness.setLocalState({ user: { name: `Follower ${i}`, role: 'facilitator' }, seat: i });
      return follower;
    });
    clients.push(...followers);
    for (let edit = 0; edit < 20; edit++) {
      writers[edit % WRITERS]!.doc.getMap('items').set(`edit-${edit}`, edit);
      writers[edit % WRITERS]!.doc.getText('notes').insert(0, `${edit} `);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    await waitFor('every follower to sync', () => followers.every((f) => f.provider.synced), 120_000);
    // Each writer has the other's edits once they are relayed: only then is the state final.
    const whole = (client: Client) => client.doc.getMap('items').size === 20;
    await waitFor('both writers to hold every edit', () => writers.every(whole) && content(writers[0]!.doc) === content(writers[1]!.doc), 120_000);
    const expected = content(writers[0]!.doc);
    await waitFor('every follower to hold the writers’ state', () => followers.every((f) => content(f.doc) === expected), 120_000);

    const everyone = [...followers, ...writers].filter((c) => c.provider.awareness.getLocalState() !== null);
    const seesEveryone = (client: Client) => everyone.every((other) => client.provider.awareness.getStates().has(other.doc.clientID));
    await waitFor('every client to see every presence', () => clients.every(seesEveryone), 120_000);
    // A3 holds in an audience too: the role is the link's, whatever the client claimed.
    const seen = writers[0]!.provider.awareness.getStates().get(followers[123]!.doc.clientID);
    expect(seen).toMatchObject({ user: { name: 'Follower 123', role: 'viewer', guest: true }, seat: 123 });

    const after = residentKB(server.process.pid!);
    console.log(`[L] server memory with ${clients.length} connections: ${Math.round((after - before) / (FOLLOWERS))} KB per follower (${before} KB → ${after} KB resident)`);

    followers[7]!.provider.awareness.setLocalStateField('seat', 'front row');
    const mover = followers[7]!.doc.clientID;
    await waitFor(
      'the presence change to reach everyone',
      () => clients.every((c) => c === followers[7] || c.provider.awareness.getStates().get(mover)?.seat === 'front row'),
      30_000,
    );
  }, 400_000);
});
