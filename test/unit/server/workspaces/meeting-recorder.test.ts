import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAgendaItem } from '../../../../shared/schema/agenda-accessors';
import { decideItem } from '../../../../shared/schema/agenda-outcomes';
import { endMeeting, markMeetingEndSnapshot, readMeeting, startMeeting } from '../../../../shared/schema/meeting';
import { agendaMap } from '../../../../shared/schema/root-types';
import { initWorkspace } from '../../../../shared/schema/workspace';
import { LinkSealer } from '../../../../server/auth/link-sealer';
import { meetingEndSnapshotId } from '../../../../server/rooms/meeting-end-id';
import { RecordWatcher } from '../../../../server/rooms/record-watcher';
import type { Catalogue } from '../../../../server/storage/store';
import { WebhookAddressPolicy } from '../../../../server/webhooks/address-policy';
import { WebhookService } from '../../../../server/webhooks/webhook-service';
import { MeetingRecorder } from '../../../../server/workspaces/meeting-recorder';
import { SnapshotReader } from '../../../../server/workspaces/snapshots';
import { waitFor } from '../../../support/wait-for';
import { RoomHarness } from '../support/room-harness';
import { NOW, nowAt } from '../../support/workspace-fixtures';

/**
 * The storage the recorder reads (webhook settings, snapshots), answering as PostgreSQL does,
 * after the turn, and only once `answer()` is called: the room's own commits stay on the file.
 */
function answeringLater(store: Catalogue, atOnce: ReadonlySet<string | symbol> = new Set()): { catalogue: Catalogue; answer: () => void } {
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const catalogue = new Proxy(store, {
    get: (target, key) => {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      // `atOnce`: read as a cache would answer them, in this turn.
      return atOnce.has(key) ? value.bind(target) : (...args: unknown[]) => answered.then(() => value.apply(target, args));
    },
  });
  return { catalogue, answer };
}

/**
 * As `answeringLater`, but each call waits on the gate open when it was made, and gates are
 * answered in whatever order the test says: PostgreSQL answering two meetings' ends out of order.
 */
function answeringOutOfOrder(store: Catalogue): { catalogue: Catalogue; nextGate: () => () => void } {
  let current: Promise<void> = Promise.resolve();
  const nextGate = () => {
    let answer!: () => void;
    current = new Promise<void>((resolve) => (answer = resolve));
    return answer;
  };
  const catalogue = new Proxy(store, {
    get: (target, key) => {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => current.then(() => value.apply(target, args));
    },
  });
  return { catalogue, nextGate };
}

/** Ana, doing something at `at`. */
const ana = (at: Date) => ({ by: 'Ana Diaz', now: at });

/**
 * A room whose meeting ends the recorder watches, reading storage through `catalogue`, on a clock
 * the test sets (`setTime`); `edit` changes the room as a client's update would.
 */
function recordingRoom(harness: RoomHarness, catalogue: Catalogue) {
  const room = harness.load();
  let time = NOW;
  const clock = () => time;
  const recorder = new MeetingRecorder(new SnapshotReader(catalogue), new WebhookService(catalogue, new LinkSealer(randomBytes(32)), clock, new WebhookAddressPolicy([]), null), clock);
  const watcher = new RecordWatcher(room, recorder, () => {});
  const edit = <T>(body: (doc: Y.Doc) => T): T => room.change(body, 'test');
  return { room, recorder, watcher, edit, setTime: (at: Date) => (time = at) };
}

/**
 * Runs `body` with the watcher's waits on a fake clock (setTimeout only: the group commit runs on
 * setImmediate) and the console's errors and warnings kept out of the output; `errorLines` reads
 * the errors logged so far. Stops `watcher` after.
 */
async function withFakeWaits(watcher: RecordWatcher, body: (errorLines: () => string[]) => Promise<void>): Promise<void> {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    await body(() => errors.mock.calls.map(([line]) => String(line)));
  } finally {
    vi.useRealTimers();
    errors.mockRestore();
    warnings.mockRestore();
    watcher.stop();
  }
}

describe('the meeting-end snapshot with storage that answers later (SPEC M2)', () => {
  let harness: RoomHarness;
  afterEach(() => harness.close());

  it.each([
    ['every read', new Set<string>()],
    // Settings read at once and the snapshots' base later: the copy was taken only when the
    // settings were late, so the record read the room as the next meeting had left it.
    ['the snapshots, the webhook settings answered at once', new Set(['getWebhooks'])],
  ])('[M2] holds the meeting as it ended, though the next one started before PostgreSQL answered %s', async (_, atOnce) => {
    harness = new RoomHarness();
    const { catalogue, answer } = answeringLater(harness.store, atOnce);
    const { room, watcher, edit, setTime } = recordingRoom(harness, catalogue);
    const item = edit((doc) => {
      initWorkspace(doc, { title: 'Weekly review' });
      return createAgendaItem(doc, { title: 'Weekly numbers', standing: true });
    });
    const itemId = item.ok ? item.value : '';
    edit((doc) => startMeeting(doc, ana(NOW)));
    edit((doc) => {
      (agendaMap(doc).get(itemId) as Y.Map<Y.Text>).get('decision')!.insert(0, 'Ship it');
      decideItem(doc, itemId, null, ana(nowAt(1)));
    });
    setTime(nowAt(2));
    edit((doc) => endMeeting(doc, ana(nowAt(2))));
    // Before the answer comes, Ana starts the next meeting: the standing item reopens.
    setTime(nowAt(3));
    edit((doc) => startMeeting(doc, ana(nowAt(3))));
    answer();
    await waitFor('the meeting-end snapshot stored', async () => (await catalogue.listSnapshots('w1')).length > 0);
    const [listed] = await catalogue.listSnapshots('w1');
    // Listed at the end, before the next meeting's start: that meeting's opening copy (M26).
    expect(listed!.at).toBe(nowAt(2).toISOString());
    const { document } = (await new SnapshotReader(catalogue).json('w1', listed!.id))!;
    expect(document.meeting?.status).toBe('ended');
    expect(document.agenda[itemId]).toMatchObject({ state: 'decided', decision: 'Ship it' });
    watcher.stop();
  });

  it('[U104] names the last meeting’s snapshot in the meeting, though the meeting before it was answered later', async () => {
    harness = new RoomHarness();
    const { catalogue, nextGate } = answeringOutOfOrder(harness.store);
    const { room, watcher, edit, setTime } = recordingRoom(harness, catalogue);
    edit((doc) => initWorkspace(doc, { title: 'Weekly review' }));
    const meeting = (start: Date, end: Date) => {
      setTime(start);
      edit((doc) => startMeeting(doc, ana(start)));
      const answer = nextGate();
      setTime(end);
      edit((doc) => endMeeting(doc, ana(end)));
      return answer;
    };
    const answerFirst = meeting(nowAt(1), nowAt(2));
    const answerSecond = meeting(nowAt(3), nowAt(4));
    answerSecond();
    await waitFor('the second meeting named', () => readMeeting(room.doc).endSnapshot !== null);
    answerFirst();
    await waitFor('both meeting ends stored', async () => (await harness.store.listSnapshots('w1')).length === 2);
    // The first meeting's answer came last (its mark, if written, went in the commit that stored
    // its snapshot): the room is the second meeting's, and so is its mark.
    const second = (await harness.store.listSnapshots('w1')).find((snapshot) => snapshot.at === nowAt(4).toISOString());
    expect(readMeeting(room.doc).endSnapshot).toEqual({ id: second!.id, startedAt: nowAt(3).toISOString() });
    watcher.stop();
  });
});

describe('a meeting’s end stored without its record (SPEC M33)', () => {
  let harness: RoomHarness;
  afterEach(() => harness.close());

  /** The meeting-end snapshots this release recorded before the end under test (`endedWithoutRecord`). */
  let earlierEnds: string[] = [];

  /**
   * `w1` as it stands in storage after a meeting started at `start` and ended at `end` (screens'
   * clocks) whose record was never stored. `earlier`: a meeting this release recorded came before,
   * so the document carries a mark (an earlier meeting's); without one, the document reads as one
   * only the release before recorded meetings in.
   */
  async function endedWithoutRecord({ earlier = true, start = nowAt(1), end = nowAt(2) } = {}): Promise<{ concurrentEnd: Uint8Array }> {
    if (earlier) {
      // Recorded as it ended: the room's storage answers at once.
      const { room, watcher, edit, setTime } = recordingRoom(harness, harness.store);
      edit((doc) => initWorkspace(doc, { title: 'Weekly review' }));
      setTime(nowAt(0.5));
      edit((doc) => startMeeting(doc, ana(nowAt(0.5))));
      edit((doc) => endMeeting(doc, ana(nowAt(0.5))));
      await room.whenCommitted();
      expect(readMeeting(room.doc).endSnapshot).not.toBeNull();
      watcher.stop();
    }
    earlierEnds = (await harness.store.listSnapshots('w1')).map((snapshot) => snapshot.id);
    // Storage never answers the recorder: the process stops between storing the end and its record.
    const { catalogue } = answeringLater(harness.store);
    const { room, watcher, edit } = recordingRoom(harness, catalogue);
    edit((doc) => initWorkspace(doc, { title: 'Weekly review' }));
    edit((doc) => startMeeting(doc, ana(start)));
    // Another facilitator ending the same meeting at once through another node, half a day later
    // by their screen: made on a replica without this end, under a client id above any other, so
    // that once merged its status item is the one the meeting holds.
    const replica = new Y.Doc();
    replica.clientID = 2 ** 32 - 1;
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(replica);
    endMeeting(replica, ana(new Date(end.getTime() + 12 * 3600_000)));
    const concurrentEnd = Y.encodeStateAsUpdate(replica, before);
    edit((doc) => endMeeting(doc, ana(end)));
    await room.whenCommitted();
    watcher.stop();
    return { concurrentEnd };
  }

  const meetingEnds = async () => (await harness.store.listSnapshots('w1')).filter((snapshot) => snapshot.by === null && !earlierEnds.includes(snapshot.id));

  /** The snapshot a meeting's end took under the release before: a random id, named nowhere. */
  const releaseBeforeEnd = (at: Date) =>
    harness.store.commit([
      {
        workspace: 'w1',
        updates: [],
        snapshots: [{ id: 's_releasebefore', workspace: 'w1', label: at.toISOString().slice(0, 10), at: at.toISOString(), by: null, data: new Uint8Array([0, 0]), base: null, extent: null, basis: '{}' }],
      },
    ]);

  it.each([
    ['a meeting this release recorded before it', true],
    // No mark, and no meeting end stored at all: nobody recorded one, not even the release before.
    ['a new workspace’s first meeting', false],
  ])('[M33] is recorded as the room is next built, once, and named in the meeting: %s', async (_, earlier) => {
    harness = new RoomHarness();
    await endedWithoutRecord({ earlier });
    expect(await meetingEnds()).toEqual([]);
    const { room, watcher, setTime } = recordingRoom(harness, harness.store);
    setTime(nowAt(3));
    watcher.recordMissedEnd();
    await room.whenCommitted();
    const [listed, ...more] = await meetingEnds();
    expect(more).toEqual([]);
    expect(listed).toMatchObject({ label: nowAt(2).toISOString().slice(0, 10), at: nowAt(3).toISOString() });
    expect(readMeeting(room.doc).endSnapshot).toEqual({ id: listed!.id, startedAt: nowAt(1).toISOString() });
    const { document } = (await new SnapshotReader(harness.store).json('w1', listed!.id))!;
    expect(document.meeting).toMatchObject({ status: 'ended', endedAt: nowAt(2).toISOString() });
    watcher.stop();
    // Named now: the next load looks no further, and records nothing again.
    const again = recordingRoom(harness, harness.store);
    again.watcher.recordMissedEnd();
    await again.room.whenCommitted();
    expect((await meetingEnds()).map((snapshot) => snapshot.id)).toEqual([listed!.id]);
    again.watcher.stop();
  });

  it('[M33] an end the release before recorded, naming nothing, is not recorded again', async () => {
    harness = new RoomHarness();
    await endedWithoutRecord({ earlier: false });
    // Stored a minute before the end the screen that ended it wrote: its clock ran ahead.
    await releaseBeforeEnd(new Date(nowAt(2).getTime() - 60_000));
    const { room, watcher } = recordingRoom(harness, harness.store);
    watcher.recordMissedEnd();
    await room.whenCommitted();
    expect((await meetingEnds()).map((snapshot) => snapshot.id)).toEqual(['s_releasebefore']);
    expect(readMeeting(room.doc).endSnapshot).toBeNull();
    watcher.stop();
  });

  it('[M33] an end the release before recorded, the starting screen’s clock ahead of the server’s by more than the meeting lasted, is not recorded again', async () => {
    harness = new RoomHarness();
    const serverStart = nowAt(1).getTime();
    // Started by a screen 10 minutes ahead; ended five minutes later.
    await endedWithoutRecord({ earlier: false, start: new Date(serverStart + 10 * 60_000), end: new Date(serverStart + 15 * 60_000) });
    harness.store.setWebhooks('w1', ['http://hooks.test/minutes'], 'sealed', NOW.toISOString());
    // That release's record, dated by the server as the meeting ended: before the meeting's start.
    await releaseBeforeEnd(new Date(serverStart + 5 * 60_000));
    const { room, watcher } = recordingRoom(harness, harness.store);
    watcher.recordMissedEnd();
    await room.whenCommitted();
    expect((await meetingEnds()).map((snapshot) => snapshot.id)).toEqual(['s_releasebefore']);
    expect(await harness.store.listDeliveries('w1', 10)).toEqual([]);
    expect(readMeeting(room.doc).endSnapshot).toBeNull();
    watcher.stop();
  });

  it('[M33] an end the release before recorded and named (022a1c7 marked its ends, under random ids) is not recorded again', async () => {
    harness = new RoomHarness();
    await endedWithoutRecord({ earlier: false });
    harness.store.setWebhooks('w1', ['http://hooks.test/minutes'], 'sealed', NOW.toISOString());
    await releaseBeforeEnd(nowAt(2));
    // As that release wrote its mark, in the commit that stored its snapshot: its id is random,
    // not the one this release derives from the end.
    const { room, watcher, edit } = recordingRoom(harness, harness.store);
    edit((doc) => markMeetingEndSnapshot(doc, { id: 's_releasebefore', startedAt: nowAt(1).toISOString() }));
    watcher.recordMissedEnd();
    await room.whenCommitted();
    expect((await meetingEnds()).map((snapshot) => snapshot.id)).toEqual(['s_releasebefore']);
    expect(await harness.store.listDeliveries('w1', 10)).toEqual([]);
    watcher.stop();
  });

  it('[M33] a second look while the record of the missed end is on its way records it once', async () => {
    harness = new RoomHarness();
    await endedWithoutRecord();
    harness.store.setWebhooks('w1', ['http://hooks.test/minutes'], 'sealed', NOW.toISOString());
    // The look answers at once; the record waits on the webhook settings.
    const { catalogue, answer } = answeringLater(harness.store, new Set(['listSnapshots']));
    const { room, recorder, watcher } = recordingRoom(harness, catalogue);
    const recordsFor = vi.spyOn(recorder, 'recordsFor');
    // The lead taken as the room opened, and again from a tick (Cluster.lead runs from both).
    watcher.recordMissedEnd();
    watcher.recordMissedEnd();
    answer();
    await waitFor('the end recorded', () => readMeeting(room.doc).endSnapshot?.startedAt === nowAt(1).toISOString());
    await room.whenCommitted();
    expect(recordsFor).toHaveBeenCalledTimes(1);
    expect((await meetingEnds()).map((snapshot) => snapshot.id)).toEqual([meetingEndSnapshotId('w1', room.doc)]);
    expect(await harness.store.listDeliveries('w1', 10)).toHaveLength(1);
    watcher.stop();
  });

  it('[M33] an end merged while the look for a missed one is out is looked for, and recorded, in its place', async () => {
    harness = new RoomHarness();
    const { concurrentEnd } = await endedWithoutRecord();
    const { catalogue, answer } = answeringLater(harness.store);
    const { room, watcher } = recordingRoom(harness, catalogue);
    const first = meetingEndSnapshotId('w1', room.doc);
    watcher.recordMissedEnd();
    room.change((doc) => Y.applyUpdate(doc, concurrentEnd), 'test');
    const merged = meetingEndSnapshotId('w1', room.doc);
    expect(merged).not.toBe(first);
    answer();
    await waitFor('the end recorded', () => readMeeting(room.doc).endSnapshot?.startedAt === nowAt(1).toISOString());
    await room.whenCommitted();
    expect((await meetingEnds()).map((snapshot) => snapshot.id)).toEqual([merged]);
    watcher.stop();
  });

  it('[M33] a record that fails after the look answered is reported, not left to end the process, and the next look records it', async () => {
    harness = new RoomHarness();
    await endedWithoutRecord();
    const { room, recorder, watcher } = recordingRoom(harness, harness.store);
    // The look answers later, as PostgreSQL does; the record made then fails once.
    vi.spyOn(recorder, 'endRecorded').mockReturnValue(Promise.resolve(false));
    const recordsFor = vi.spyOn(recorder, 'recordsFor').mockImplementationOnce(() => {
      throw new Error('the webhook settings are unreadable');
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      watcher.recordMissedEnd();
      await waitFor('the failure reported', () => errors.mock.calls.length > 0);
      expect(String(errors.mock.calls[0]![0])).toContain('the webhook settings are unreadable');
      watcher.recordMissedEnd();
      await waitFor('the end recorded', () => readMeeting(room.doc).endSnapshot?.startedAt === nowAt(1).toISOString());
      expect(recordsFor).toHaveBeenCalledTimes(2);
    } finally {
      errors.mockRestore();
      watcher.stop();
    }
  });

  it('[M33] a meeting’s end whose record fails as it ends is recorded by the same node a few seconds later, once', async () => {
    harness = new RoomHarness();
    const { room, recorder, watcher, edit } = recordingRoom(harness, harness.store);
    edit((doc) => initWorkspace(doc, { title: 'Weekly review' }));
    edit((doc) => startMeeting(doc, ana(nowAt(1))));
    // Storage fails twice (a blip), then answers: nothing else would make this node look again.
    const recordsFor = vi
      .spyOn(recorder, 'recordsFor')
      .mockImplementationOnce(() => Promise.reject(new Error('connection terminated unexpectedly')))
      .mockImplementationOnce(() => Promise.reject(new Error('connection terminated unexpectedly')));
    await withFakeWaits(watcher, async (errorLines) => {
      edit((doc) => endMeeting(doc, ana(nowAt(2))));
      await vi.advanceTimersByTimeAsync(0);
      expect(errorLines()).toEqual(['[record] w1: connection terminated unexpectedly']);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(recordsFor).toHaveBeenCalledTimes(2);
      // The second failure waits twice as long.
      await vi.advanceTimersByTimeAsync(9_999);
      expect(recordsFor).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(1);
      await room.whenCommitted();
      const [recorded, ...more] = await meetingEnds();
      expect(more).toEqual([]);
      expect(readMeeting(room.doc).endSnapshot).toEqual({ id: recorded!.id, startedAt: nowAt(1).toISOString() });
      // Recorded: no further look, however long the room stays open.
      await vi.advanceTimersByTimeAsync(120_000);
      await room.whenCommitted();
      expect(recordsFor).toHaveBeenCalledTimes(3);
      expect((await meetingEnds()).map((snapshot) => snapshot.id)).toEqual([recorded!.id]);
    });
  });

  it('[M33] a record that fails once its room was stopped (unloaded, or failed) looks for nothing more', async () => {
    harness = new RoomHarness();
    const { recorder, watcher, edit } = recordingRoom(harness, harness.store);
    edit((doc) => initWorkspace(doc, { title: 'Weekly review' }));
    edit((doc) => startMeeting(doc, ana(nowAt(1))));
    let fail!: (error: Error) => void;
    vi.spyOn(recorder, 'recordsFor').mockImplementationOnce(() => new Promise((_, reject) => (fail = reject)));
    const endRecorded = vi.spyOn(recorder, 'endRecorded');
    await withFakeWaits(watcher, async (errorLines) => {
      edit((doc) => endMeeting(doc, ana(nowAt(2))));
      watcher.stop();
      fail(new Error('connection terminated unexpectedly'));
      await vi.advanceTimersByTimeAsync(120_000);
      expect(errorLines()).toEqual(['[record] w1: connection terminated unexpectedly']);
      expect(endRecorded).not.toHaveBeenCalled();
    });
  });

  it('[M33] a look for a missed end that fails is made again a few seconds later, and records it', async () => {
    harness = new RoomHarness();
    await endedWithoutRecord();
    const { room, recorder, watcher } = recordingRoom(harness, harness.store);
    vi.spyOn(recorder, 'endRecorded').mockImplementationOnce(() => Promise.reject(new Error('the snapshots are unreadable')));
    await withFakeWaits(watcher, async (errorLines) => {
      watcher.recordMissedEnd();
      await vi.advanceTimersByTimeAsync(4_999);
      expect(errorLines()).toEqual(['[record] w1: the snapshots are unreadable']);
      expect(await meetingEnds()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await room.whenCommitted();
      const [recorded, ...more] = await meetingEnds();
      expect(more).toEqual([]);
      expect(readMeeting(room.doc).endSnapshot).toEqual({ id: recorded!.id, startedAt: nowAt(1).toISOString() });
    });
  });

  it('[M33] two meetings with the same times (started and ended within one millisecond) are two ends, each recorded', async () => {
    harness = new RoomHarness();
    const { room, watcher, edit } = recordingRoom(harness, harness.store);
    edit((doc) => initWorkspace(doc, { title: 'Weekly review' }));
    for (let meeting = 0; meeting < 2; meeting++) {
      edit((doc) => startMeeting(doc, ana(nowAt(1))));
      edit((doc) => endMeeting(doc, ana(nowAt(1))));
    }
    await room.whenCommitted();
    expect(await meetingEnds()).toHaveLength(2);
    watcher.stop();
  });

  it('[M33] two nodes recording one end at once (a lease that lapsed unnoticed) store one snapshot and send its minutes once', async () => {
    harness = new RoomHarness();
    await endedWithoutRecord();
    harness.store.setWebhooks('w1', ['http://hooks.test/minutes'], 'sealed', NOW.toISOString());
    // Both look before either answer comes, so both find the end unrecorded.
    const { catalogue, answer } = answeringLater(harness.store);
    const nodes = [recordingRoom(harness, catalogue), recordingRoom(harness, catalogue)];
    for (const node of nodes) node.watcher.recordMissedEnd();
    answer();
    await waitFor('both records made and committed', () => nodes.every((node) => readMeeting(node.room.doc).endSnapshot?.startedAt === nowAt(1).toISOString()));
    await Promise.all(nodes.map((node) => node.room.whenCommitted()));
    const ends = await meetingEnds();
    expect(ends.map((snapshot) => snapshot.id)).toEqual([meetingEndSnapshotId('w1', nodes[0]!.room.doc)]);
    for (const node of nodes) expect(readMeeting(node.room.doc).endSnapshot).toEqual({ id: ends[0]!.id, startedAt: nowAt(1).toISOString() });
    expect((await harness.store.listDeliveries('w1', 10)).map((delivery) => delivery.event)).toEqual(['meeting.ended']);
    for (const node of nodes) node.watcher.stop();
  });
});
