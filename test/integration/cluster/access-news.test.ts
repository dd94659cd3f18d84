import { hostname } from 'node:os';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { joinCluster, type Cluster } from '../../../server/cluster/cluster';
import type { DocumentLog } from '../../../server/storage/store';
import { waitFor } from '../../support/wait-for';

/**
 * SPEC N12 at the seam between Redis and the node: news that another node ended someone's access
 * travels on Redis only, so a node whose subscription dropped missed whatever was published until
 * it was back. A real Redis (the run's); the other node is this test, publishing as a node does.
 */
describe('access news while a node is not listening (N12)', () => {
  let cluster: Cluster;
  let otherNode: Redis;

  afterEach(async () => {
    await cluster.close();
    otherNode.disconnect();
  });

  // No room is open on this node: nothing reads or writes a document.
  const unopened = (): never => {
    throw new Error('no room is open on this node');
  };
  const noLog: DocumentLog = { loadDocument: unopened, commit: unopened, compact: unopened, lastSeq: unopened, readLog: unopened };

  it('[N12] a node whose subscription dropped rechecks every workspace once it listens again', async () => {
    cluster = await joinCluster(inject('redisUrl'), noLog);
    const heard: Array<string | null> = [];
    cluster.onAccessChanged((workspace) => heard.push(workspace));
    otherNode = new Redis(inject('redisUrl'));

    await otherNode.publish('throughline:access', 'other-node w1');
    await waitFor('the news while listening', () => heard.length === 1);
    expect(heard).toEqual(['w1']);

    // The node's subscription is cut and the news published before it can be back: it reaches
    // nobody here, so only rechecking everything once listening again can end that access.
    const listening = ((await otherNode.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string)
      .split('\n')
      .filter((line) => line.includes(` name=throughline:${hostname()}:${process.pid}:listen `));
    expect(listening).toHaveLength(1);
    const id = /\bid=(\d+)/.exec(listening[0]!)![1]!;
    await otherNode.multi().client('KILL', 'ID', id).publish('throughline:access', 'other-node w2').exec();
    await waitFor('the node to recheck once it listens again', () => heard.length === 2);
    expect(heard).toEqual(['w1', null]);

    // And it hears what comes next as before.
    await otherNode.publish('throughline:access', 'other-node w3');
    await waitFor('the news after it is back', () => heard.length === 3);
    expect(heard).toEqual(['w1', null, 'w3']);
  });
});
