import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { joinCluster, type Cluster } from '../../../server/cluster/cluster';
import type { DocumentLog } from '../../../server/storage/store';
import { waitFor } from '../../support/wait-for';
import { cuttableProxy, type CuttableProxy } from '../support/cuttable-proxy';

/** The link key this node says it holds (M29): no test here asks about it. */
const KEY_ID = 'no-key-these-tests-ask-about';

/**
 * SPEC N12 at the seam between Redis and the node: news that another node ended someone's access
 * travels on Redis only, so a node whose subscription dropped missed whatever was published until
 * it was back. A real Redis (the run's); the other node is this test, publishing as a node does.
 *
 * The run's Redis is every integration file's, and a channel is not a database's: nodes of other
 * files running meanwhile (three-nodes.test.ts, session-gone.test.ts) listen on the access channel
 * and publish their own workspaces' news there. So each test names its workspaces afresh and reads
 * only their news, and learns that a node listens by its hearing a probe, not by a count of
 * listeners.
 */
describe('access news while a node is not listening (N12)', () => {
  let cluster: Cluster;
  let otherNode: Redis;
  let proxy: CuttableProxy | null = null;
  let otherCluster: Cluster | null = null;

  afterEach(async () => {
    vi.restoreAllMocks();
    await cluster.close();
    await otherCluster?.close();
    otherCluster = null;
    otherNode?.disconnect();
    await proxy?.close();
    proxy = null;
  });

  // No room is open on this node: nothing reads or writes a document.
  const unopened = (): never => {
    throw new Error('no room is open on this node');
  };
  const noLog: DocumentLog = { loadDocument: unopened, commit: unopened, compact: unopened, lastSeq: unopened, readLog: unopened };

  /** A workspace id no other file publishes news of. */
  const fresh = (name: string) => `${name}-${randomUUID()}`;

  it('[N12] a node whose subscription dropped rechecks every workspace once it listens again', async () => {
    const [w1, w2, w3] = [fresh('w1'), fresh('w2'), fresh('w3')];
    cluster = await joinCluster(inject('redisUrl'), noLog, KEY_ID);
    // Null, "recheck every workspace", only this node's own reconnect says.
    const heard: Array<string | null> = [];
    cluster.onAccessChanged((workspace) => {
      if (workspace === null || [w1, w2, w3].includes(workspace)) heard.push(workspace);
    });
    otherNode = new Redis(inject('redisUrl'));

    await otherNode.publish('throughline:access', `other-node ${w1}`);
    await waitFor('the news while listening', () => heard.length === 1);
    expect(heard).toEqual([w1]);

    // The node's subscription is cut and the news published before it can be back: it reaches
    // nobody here, so only rechecking everything once listening again can end that access.
    const listening = ((await otherNode.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string)
      .split('\n')
      .filter((line) => line.includes(` name=throughline:${hostname()}:${process.pid}:listen `));
    expect(listening).toHaveLength(1);
    const id = /\bid=(\d+)/.exec(listening[0]!)![1]!;
    await otherNode.multi().client('KILL', 'ID', id).publish('throughline:access', `other-node ${w2}`).exec();
    await waitFor('the node to recheck once it listens again', () => heard.length === 2);
    expect(heard).toEqual([w1, null]);

    // And it hears what comes next as before.
    await otherNode.publish('throughline:access', `other-node ${w3}`);
    await waitFor('the news after it is back', () => heard.length === 3);
    expect(heard).toEqual([w1, null, w3]);
  });

  it('[N12] news this node could not publish, its own link to Redis down past the retries, is published once the link is back', async () => {
    const [w1, w2] = [fresh('w1'), fresh('w2')];
    const redis = new URL(inject('redisUrl'));
    proxy = await cuttableProxy(Number(redis.port));
    cluster = await joinCluster(`redis://${proxy.address}`, noLog, KEY_ID);
    otherNode = new Redis(inject('redisUrl'));
    const heard: string[] = [];
    otherNode.on('message', (_channel: string, message: string) => {
      const workspace = message.split(' ')[1]!;
      if ([w1, w2].includes(workspace)) heard.push(workspace);
    });
    await otherNode.subscribe('throughline:access');

    // Only this node's link is cut: the other node listens throughout and hears nothing of w1 while
    // it is. The news comes once the node's two connections have each failed to reconnect (a
    // command written before the node knew is sent again by ioredis anyway).
    proxy.cut();
    await waitFor('the node to try to reconnect', () => proxy!.refused >= 4);
    cluster.accessChanged(w1);
    // The publisher gives up on a waiting command on its fourth failed connection: well past that.
    await waitFor('the publisher to give up on w1', () => proxy!.refused >= 14);
    expect(heard).toEqual([]);

    await proxy.mend();
    await waitFor('the news of w1 once the link is back', () => heard.length === 1);
    expect(heard).toEqual([w1]);
    // And later news goes out as before, after it.
    cluster.accessChanged(w2);
    await waitFor('the next news', () => heard.length === 2);
    expect(heard).toEqual([w1, w2]);
  });

  it('[N12] news whose PUBLISH went out on a live link that then died, Redis refusing the reconnects, is published again once Redis is back', async () => {
    const [w1, probe] = [fresh('w1'), fresh('probe')];
    const redis = new URL(inject('redisUrl'));
    proxy = await cuttableProxy(Number(redis.port));
    cluster = await joinCluster(`redis://${proxy.address}`, noLog, KEY_ID);
    // The other node is a node: its recheck hook is what closes the removed member's sockets there.
    otherCluster = await joinCluster(inject('redisUrl'), noLog, KEY_ID);
    const heard: Array<string | null> = [];
    const probed = new Set<Cluster>();
    for (const node of [cluster, otherCluster]) {
      node.onAccessChanged((workspace) => {
        if (workspace === probe) probed.add(node);
        else if (node === otherCluster && (workspace === null || workspace === w1)) heard.push(workspace);
      });
    }
    otherNode = new Redis(inject('redisUrl'));
    await waitFor('both nodes to listen', async () => {
      await otherNode.publish('throughline:access', `other-node ${probe}`);
      return probed.size === 2;
    });
    const errors = vi.spyOn(console, 'error');

    // In one turn of the event loop ioredis writes the PUBLISH on its ready socket and the proxy
    // drops that socket before reading a byte of it, then refuses every reconnect: Redis never gets
    // it, and ioredis fails the command once its retries run out. Certain, however slow the machine.
    cluster.accessChanged(w1);
    proxy.cut('refuse');
    await waitFor('the failed publish of w1 to be reported', () => errors.mock.calls.some(([line]) => String(line).startsWith(`[cluster] ${w1}:`)));
    expect(heard).toEqual([]);

    await proxy.mend();
    await waitFor('the news of w1 once Redis is back', () => heard.length === 1);
    expect(heard).toEqual([w1]);
  });
});
