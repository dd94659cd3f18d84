import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../../scripts/local-services';
import { spawnServer, type ChildServer } from '../support/child-server';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { cuttableProxy, type CuttableProxy } from '../support/cuttable-proxy';
import { createWorkspace, tempDataDir, type CreatedWorkspace } from '../support/test-server';

/**
 * SPEC N6 across a cut: presence travels only on Redis, so a node whose link to Redis was cut
 * missed every presence change made elsewhere meanwhile, and the other nodes missed its own. A
 * stock client sends its presence again only every 15 s (y-protocols renews a state half-way to
 * its 30 s timeout), so without more the room shows a stale or missing colleague for that long.
 * Two nodes on one database and the run's Redis; the second reaches Redis through a proxy the
 * test cuts ('refuse': both its connections fail and none comes back until it is mended).
 */
describe('presence once a node is back on Redis (N6)', () => {
  const dataDir = tempDataDir();
  const nodes: ChildServer[] = [];
  const clients: Client[] = [];
  let proxy: CuttableProxy;
  let workspace: CreatedWorkspace;

  const connect = async (node: ChildServer) => {
    const client = await connectSynced(`${node.url.replace('http', 'ws')}/ws`, workspace.id, workspace.tokens.editor);
    clients.push(client);
    return client;
  };
  /** The clock of `of`'s presence as `client` holds it, if it holds one with this focus. */
  const seenClock = (client: Client, of: Client, focus: string) => {
    const id = of.doc.clientID;
    return client.provider.awareness.getStates().get(id)?.focus === focus ? client.provider.awareness.meta.get(id)?.clock : undefined;
  };

  beforeAll(async () => {
    const env = { DATABASE_URL: await createDatabase(inject('postgresUrl')) };
    proxy = await cuttableProxy(Number(new URL(inject('redisUrl')).port));
    // The first node makes the link key in the shared data directory; the second reads it.
    nodes.push(await spawnServer(dataDir, 0, { ...env, REDIS_URL: inject('redisUrl') }));
    nodes.push(await spawnServer(dataDir, 0, { ...env, REDIS_URL: `redis://${proxy.address}` }));
    workspace = await createWorkspace(nodes[0]!.url, 'Presence across a cut');
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const node of nodes) node.process.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.exited));
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[N6] presence changed on either side while a node was cut off shows on the other as soon as it is back, not at the next renewal', async () => {
    const [here, hereToo] = [await connect(nodes[0]!), await connect(nodes[0]!)];
    const there = await connect(nodes[1]!);
    here.provider.awareness.setLocalStateField('focus', 'before');
    there.provider.awareness.setLocalStateField('focus', 'before');
    await waitFor('each side’s presence on the other', () => seenClock(there, here, 'before') !== undefined && seenClock(here, there, 'before') !== undefined);

    proxy.cut('refuse');
    // Both change what they look at while the second node cannot reach Redis. The first node has
    // taken this one in once its other client shows it; the second's own client is its witness.
    here.provider.awareness.setLocalStateField('focus', 'during');
    there.provider.awareness.setLocalStateField('focus', 'during');
    const hereClock = here.provider.awareness.meta.get(here.doc.clientID)!.clock;
    const thereClock = there.provider.awareness.meta.get(there.doc.clientID)!.clock;
    await waitFor('the first node to take in the change', () => seenClock(hereToo, here, 'during') === hereClock);
    // And the second node has given up publishing its client's change: ioredis fails a command
    // once its reconnects have failed a few times, and the node reports it.
    await waitFor('the second node to give up publishing', () => nodes[1]!.output().includes(`[cluster] ${workspace.id}:`));
    expect(seenClock(there, here, 'during')).toBeUndefined();
    expect(seenClock(here, there, 'during')).toBeUndefined();

    await proxy.mend();
    // The clocks are those set during the cut: what arrives is the change itself, not the stock
    // client's renewal 15 s later (which would carry the next clock).
    await waitFor('the first side’s change on the second node', () => seenClock(there, here, 'during') !== undefined, 12_000);
    await waitFor('the second side’s change on the first node', () => seenClock(here, there, 'during') !== undefined, 12_000);
    expect(seenClock(there, here, 'during')).toBe(hereClock);
    expect(seenClock(here, there, 'during')).toBe(thereClock);
  });
});
