import { afterEach, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { writeClusterMessage } from '../../../server/cluster/cluster-message';
import { joinCluster, type Cluster } from '../../../server/cluster/cluster';
import type { Room } from '../../../server/rooms/room';
import type { DocumentLog, LogTail } from '../../../server/storage/store';
import { waitFor } from '../../support/wait-for';
import { editUpdate, RecordingPeer, RoomHarness } from '../../unit/server/support/room-harness';

/** The link key this node says it holds (M29): no test here asks about it. */
const KEY_ID = 'no-key-these-tests-ask-about';

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
  /** While set, a read answers what the log held when it was asked, once this resolves. */
  let readsHeld: Promise<void> | null;

  const stored = (updates: Uint8Array[], afterSeq: number) =>
    Buffer.from(writeClusterMessage({ type: 'stored', node: 'other-node', afterSeq, lastSeq: afterSeq + updates.length, updates }));
  const items = () => reader.itemKeys();

  /**
   * Opens `w1` on a node of the cluster, waiting `gapWaitMs` (else the default) for a gap's rows on Redis; answers
   * once the node has read the log and leads the room.
   */
  const open = async (gapWaitMs?: number): Promise<void> => {
    harness = new RoomHarness();
    room = harness.load();
    reader = new RecordingPeer('viewer');
    room.connect(reader);
    // What it was sent on joining (the blank state) is not what these tests look at.
    reader.received.length = 0;
    reads = 0;
    readsHeld = null;
    const store = harness.store;
    // The log as the cluster reads it, counting the reads. Its last number reads 0, so the
    // periodic check (every two seconds) never finds the room behind: a read here is the room's
    // own, for rows it heard of (or the one it makes on opening).
    const log: DocumentLog = {
      loadDocument: (workspace) => store.loadDocument(workspace),
      commit: (entries) => store.commit(entries),
      compact: (workspace, state, uptoSeq, schema) => store.compact(workspace, state, uptoSeq, schema),
      lastSeq: () => 0,
      readLog: (workspace, afterSeq) => {
        reads++;
        const tail = store.readLog(workspace, afterSeq) as LogTail;
        return readsHeld ? readsHeld.then(() => tail) : tail;
      },
    };
    cluster = await joinCluster(inject('redisUrl'), log, KEY_ID, { gapWaitMs });
    otherNode = new Redis(inject('redisUrl'));
    cluster.opened(room);
  };
  const lead = () => waitFor('the node to lead the room', () => cluster.leads('w1'));

  afterEach(async () => {
    cluster.closed(room);
    await cluster.close();
    otherNode.disconnect();
    harness.close();
  });

  it('[N7] is applied from Redis as it comes, and the rows it follows after it, without reading the database', async () => {
    await open();
    await lead();
    reads = 0;
    const [a, b, c] = ['a', 'b', 'c'].map(editUpdate);
    // Row 3's message, then rows 1-2's, published back to back as two nodes would.
    await otherNode.multi().publish('throughline:room:w1', stored([c!], 2)).publish('throughline:room:w1', stored([a!, b!], 0)).exec();
    await waitFor('the room to hold rows 1-3', () => room.storedSeq === 3);
    // Row 3 builds on nothing of rows 1-2: it went out as it came.
    expect(items()).toEqual(['c', 'a', 'b']);
    expect(reads).toBe(0);
  });

  it('[N7] a gap that opens after an earlier one closed waits its own full wait, so a stream of gaps each closed in time reads nothing', async () => {
    // The wait is long (a second, not 50 ms) and every time below is a fraction of it: on a loaded
    // machine a 50 ms wait could end before this test saw the gap open, or before it closed it.
    const wait = 1000;
    const gapOpenMs = wait / 10;
    await open(wait);
    await lead();
    reads = 0;
    const updates = Array.from({ length: 32 }, (_, i) => editUpdate(`e${i}`));
    for (const update of updates) harness.store.commit([{ workspace: 'w1', updates: [update] }]);
    // Two nodes' batches in turn, each pair heard the wrong way round with the earlier row a tenth
    // of the wait late: the room awaits a row most of the time, for longer than one wait in all
    // (sixteen gaps), but never one row for longer than a tenth of it. A wait timed from the
    // first gap would end with another gap open, and read the database.
    const streamStart = Date.now();
    for (let row = 0; row < updates.length; row += 2) {
      await otherNode.publish('throughline:room:w1', stored([updates[row + 1]!], row + 1));
      // The gap is open: without it this test would show nothing about waiting.
      await waitFor(`row ${row + 2} to be kept`, () => room.awaitsRows);
      await new Promise((resolve) => setTimeout(resolve, gapOpenMs));
      await otherNode.publish('throughline:room:w1', stored([updates[row]!], row));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await waitFor('the room to hold every row', () => room.storedSeq === updates.length);
    // The stream outlasted one wait, or it would show nothing about a wait timed from its first gap.
    expect(Date.now() - streamStart).toBeGreaterThan(wait);
    // Long enough for any wait still armed to end.
    await new Promise((resolve) => setTimeout(resolve, wait + 100));
    // Each pair's later row went out as it came, each row once.
    expect(items()).toEqual(updates.map((_, i) => `e${i % 2 === 0 ? i + 1 : i - 1}`));
    expect(reads).toBe(0);
  });

  it('[N7] when the rows before it never come on Redis, they are read from the database with it', async () => {
    await open();
    await lead();
    reads = 0;
    const [a, b, c] = ['a', 'b', 'c'].map(editUpdate);
    harness.store.commit([{ workspace: 'w1', updates: [a!, b!] }]);
    harness.store.commit([{ workspace: 'w1', updates: [c!] }]);
    // The message for rows 1-2 is lost.
    await otherNode.publish('throughline:room:w1', stored([c!], 2));
    await waitFor('the room to hold rows 1-3', () => room.storedSeq === 3);
    expect(items()).toEqual(['c', 'a', 'b']);
    expect(reads).toBe(1);
  });

  it('[N7] when a read began before the missing rows were stored, the room reads again after it', async () => {
    let release = () => {};
    await open();
    // The read the node makes on opening is held, having seen the log empty.
    readsHeld = new Promise((resolve) => (release = resolve));
    await waitFor('the read on opening', () => reads === 1);
    const [a, b] = ['a', 'b'].map(editUpdate);
    harness.store.commit([{ workspace: 'w1', updates: [a!] }]);
    harness.store.commit([{ workspace: 'w1', updates: [b!] }]);
    // Row 1's message is lost; row 2's comes, and the room's wait for row 1 ends while the read is held.
    await otherNode.publish('throughline:room:w1', stored([b!], 1));
    await waitFor('row 2 to be kept', () => room.awaitsRows);
    await new Promise((resolve) => setTimeout(resolve, 100)); // longer than the wait, so it has ended
    readsHeld = null;
    release();
    await waitFor('the room to hold rows 1-2', () => room.storedSeq === 2);
    expect(items()).toEqual(['b', 'a']);
    expect(reads).toBe(2);
  });
});
