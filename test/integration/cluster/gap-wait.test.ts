import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { writeClusterMessage } from '../../../server/cluster/cluster-message';
import { joinCluster, type Cluster } from '../../../server/cluster/cluster';
import type { Room } from '../../../server/rooms/room';
import type { DocumentLog } from '../../../server/storage/store';
import { waitFor } from '../../support/wait-for';
import { editUpdate, RecordingPeer, RoomHarness } from '../../unit/server/support/room-harness';

/**
 * SPEC N7 at the seam between Redis and the room: a node hears another node's batch before the
 * batch it follows far more often than a message is lost (each node publishes as its own commit
 * returns), so the room waits a moment for it on Redis before reading the database. A real Redis
 * (the run's) and a real SQLite log; the other node is this test, committing to the log and
 * publishing on the room's channel as a node does.
 */
describe('a batch heard before the one it follows (N7)', () => {
  let harness: RoomHarness;
  let room: Room;
  let reader: RecordingPeer;
  let cluster: Cluster;
  let otherNode: Redis;
  let reads: number;

  const publish = (updates: Uint8Array[], afterSeq: number) =>
    otherNode.publish('throughline:room:w1', Buffer.from(writeClusterMessage({ type: 'stored', node: 'other-node', afterSeq, lastSeq: afterSeq + updates.length, updates })));
  const items = () => reader.updates().map((update) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return Object.keys(doc.getMap('items').toJSON()).join(',');
  });

  beforeEach(async () => {
    harness = new RoomHarness();
    room = harness.load();
    reader = new RecordingPeer('viewer');
    room.connect(reader);
    reads = 0;
    const store = harness.store;
    // The log as the cluster reads it, counting the catch-up reads. Its last number reads 0, so
    // the periodic check (every two seconds) never finds the room behind: a read here is the
    // room's own, for the rows it heard of.
    const log: DocumentLog = {
      loadDocument: (workspace) => store.loadDocument(workspace),
      commit: (entries) => store.commit(entries),
      compact: (workspace, state, uptoSeq, schema) => store.compact(workspace, state, uptoSeq, schema),
      lastSeq: () => 0,
      readLog: (workspace, afterSeq) => {
        reads++;
        return store.readLog(workspace, afterSeq);
      },
    };
    cluster = await joinCluster(inject('redisUrl'), log);
    otherNode = new Redis(inject('redisUrl'));
    cluster.opened(room);
    // Opening reads what was stored before the subscription, then takes the rules' lease.
    await waitFor('the node to lead the room', () => cluster.leads('w1'));
    reader.received.length = 0;
    reads = 0;
  });

  afterEach(async () => {
    cluster.closed(room);
    await cluster.close();
    otherNode.disconnect();
    harness.close();
  });

  it('[N7] is applied from Redis, after the one it follows, without reading the database', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map(editUpdate);
    await publish([c!], 2);
    await publish([a!, b!], 0);
    await waitFor('the room to hold rows 1-3', () => room.storedSeq === 3);
    expect(items()).toEqual(['a', 'b', 'c']);
    expect(reads).toBe(0);
  });

  it('[N7] is read with the rows before it from the database when they do not come on Redis', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map(editUpdate);
    harness.store.commit([{ workspace: 'w1', updates: [a!, b!] }]);
    harness.store.commit([{ workspace: 'w1', updates: [c!] }]);
    // The message for rows 1-2 is lost.
    await publish([c!], 2);
    await waitFor('the room to hold rows 1-3', () => room.storedSeq === 3);
    expect(items()).toEqual(['a', 'b', 'c']);
    expect(reads).toBe(1);
  });
});
