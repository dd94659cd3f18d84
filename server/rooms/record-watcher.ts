import * as Y from 'yjs';
import { MEETING_DEFAULTS, type MeetingStatus } from '../../shared/schema/constants';
import { agendaMap } from '../../shared/schema/root-types';
import { markMeetingEndSnapshot, readMeeting, type MeetingView } from '../../shared/schema/meeting';
import { readMode } from '../../shared/schema/workspace';
import { isPending, type Awaitable, type CommitEntry } from '../storage/store';
import { changedUnder } from './changed-roots';
import { meetingEndSnapshotId } from './meeting-end-id';

/** What the record of a meeting reacts to (DESIGN §5 webhooks and snapshots). */
export type RoomEvent =
  | { type: 'pivot' }
  | { type: 'item.decided'; itemId: string }
  | { type: 'meeting.ended' };

/** Turns a room's events into rows to store with the change that caused them. */
export interface RecordSink {
  recordsFor(workspace: string, doc: Y.Doc, events: readonly RoomEvent[]): Awaitable<Pick<CommitEntry, 'snapshots' | 'deliveries'>>;
  /** Whether storage holds the record of the meeting's end in `doc`, which the meeting may not name yet (M33). */
  endRecorded(workspace: string, doc: Y.Doc): Awaitable<boolean>;
}

/** The room as the watcher needs it. */
export interface RecordRoom {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly isClosed: boolean;
  attachToCommit(records: Pick<CommitEntry, 'snapshots' | 'deliveries'>): void;
  change<T>(body: (doc: Y.Doc) => T, origin: unknown): T;
}

const WATCHED = ['meta', 'meeting', 'agenda'];
/** The transaction origin of the meeting-end snapshot's id the watcher writes into the meeting. */
const RECORD_ORIGIN = 'throughline:record';
/**
 * How long a meeting's end whose record failed waits before it is looked for again; each failure
 * in a row doubles it, up to the most. A storage blip costs the minutes a few seconds, and storage
 * that stays down is asked about once a minute, not in a loop.
 */
const RETRY_FIRST_MS = 5_000;
const RETRY_MOST_MS = 60_000;

/**
 * Watches a room's document after every transaction, whoever made it (a client, the rules, REST),
 * for the moments the record keeps: the review pivoting into triage, an item being decided and
 * the meeting ending (SPEC M2, M9). What they cause is attached to the same group commit as the
 * update that caused them, so a snapshot or a webhook delivery exists exactly when its cause does.
 */
export class RecordWatcher {
  private mode: string;
  private meetingStatus: MeetingStatus;
  private decided: Set<string>;
  /**
   * A look for an end nobody recorded, or its record, is under way (M33): one at a time, until the
   * record is attached: were it cleared as the look answers, a second trigger (Cluster.lead runs
   * from the room's opening and from its tick) would record the same end again, in the same commit.
   */
  private lookingForMissedEnd = false;
  /** The look for an end whose record failed, waiting (M33), and how long the next one waits. */
  private retry: ReturnType<typeof setTimeout> | undefined;
  private retryMs = RETRY_FIRST_MS;
  /** Stopped with its room: an answer that comes later records nothing and looks for nothing. */
  private stopped = false;
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (!changedUnder(this.room.doc, transaction, WATCHED)) return;
    try {
      this.notice();
    } catch (error) {
      // Like the rules (H1): a malformed document costs its record, never the room.
      console.error(`[record] ${this.room.id}: ${(error as Error).stack ?? String(error)}`);
    }
  };

  /**
   * @param catchUp writes what the room has noticed but not yet written (the attendance
   *   register's gathered people, M21), so that a meeting's record, made as it ends, holds it.
   */
  constructor(
    private readonly room: RecordRoom,
    private readonly sink: RecordSink,
    private readonly catchUp: () => void,
  ) {
    const doc = room.doc;
    this.mode = readMode(doc);
    this.meetingStatus = this.readMeetingStatus();
    this.decided = this.decidedItems();
    doc.on('afterTransaction', this.onTransaction);
  }

  stop(): void {
    this.stopped = true;
    this.room.doc.off('afterTransaction', this.onTransaction);
    clearTimeout(this.retry);
  }

  private notice(): void {
    const doc = this.room.doc;
    const events: RoomEvent[] = [];
    const mode = readMode(doc);
    if (mode === 'triage' && this.mode !== 'triage') events.push({ type: 'pivot' });
    this.mode = mode;
    const decided = this.decidedItems();
    for (const id of decided) if (!this.decided.has(id)) events.push({ type: 'item.decided', itemId: id });
    this.decided = decided;
    const status = this.readMeetingStatus();
    const ended = status === 'ended' && this.meetingStatus !== 'ended';
    if (ended) events.push({ type: 'meeting.ended' });
    this.meetingStatus = status;
    if (events.length === 0) return;
    // Written in a transaction of its own, which Yjs finishes after this one's listeners.
    if (ended) this.catchUp();
    // The meeting the snapshot ends, read now: by the time a later answer comes, another may have started.
    this.record(events, ended ? readMeeting(doc).startedAt : undefined);
  }

  /**
   * Records the meeting's end now if it ended and nobody recorded it (SPEC M33): the node that led
   * when it ended was killed between storing the end and storing its record (with PostgreSQL the
   * record goes with a later commit, N4), or no node led then. Called as the room is built where
   * this node records it, as this node takes the lead (N8), and again a while after a record or a
   * look that failed. The record is of the document as it stands, as any end's. An end another
   * node records at the same moment is stored once when both nodes hold that same end: its
   * snapshot's id is the end's (`meetingEndSnapshotId`), and storage keeps the first. Two ends
   * written at once through two nodes are two ids until they merge, and each node may record its
   * own (not guarded, SPEC M33).
   */
  recordMissedEnd(): void {
    if (this.stopped || this.lookingForMissedEnd || this.unrecordedEnd() === null) return;
    // The end as the document holds it now: another end of the meeting may merge before the answer.
    const end = meetingEndSnapshotId(this.room.id, this.room.doc);
    this.lookingForMissedEnd = true;
    const done = () => {
      this.lookingForMissedEnd = false;
    };
    const report = (error: unknown) => {
      done();
      console.error(`[record] ${this.room.id}: ${messageOf(error)}`);
      this.lookAgainLater();
    };
    /** Nothing left to record: the next failure, of another end, waits the shortest time again. */
    const nothingLeft = () => {
      done();
      this.retryMs = RETRY_FIRST_MS;
    };
    const recorded = (yes: boolean) => {
      // The answer may come after a closed room, another meeting's start, or this end's mark.
      const meeting = this.room.isClosed ? null : this.unrecordedEnd();
      if (meeting === null) {
        nothingLeft();
        return;
      }
      // Another end merged meanwhile (two facilitators ending at once through two nodes): the
      // answer was about an end the meeting no longer holds, so look for the one it holds.
      if (meetingEndSnapshotId(this.room.id, this.room.doc) !== end) {
        done();
        this.recordMissedEnd();
        return;
      }
      if (yes) {
        nothingLeft();
        return;
      }
      console.warn(`[record] ${this.room.id}: the meeting that ended ${meeting.endedAt ?? '(no time)'} had no record; recording it now (M33)`);
      this.record([{ type: 'meeting.ended' }], meeting.startedAt, done);
    };
    try {
      const answer = this.sink.endRecorded(this.room.id, this.room.doc);
      // A throw in `recorded` must not become an unhandled rejection, which ends the process.
      if (isPending(answer)) answer.then(recorded, report).catch(report);
      else recorded(answer);
    } catch (error) {
      // Like the rules (H1): a failing look costs this record, never the room.
      report(error);
    }
  }

  /** The meeting, when it has ended and does not name its end's record (M33); otherwise null. */
  private unrecordedEnd(): MeetingView | null {
    if (!this.room.doc.share.has('meeting')) return null;
    const meeting = readMeeting(this.room.doc);
    if (meeting.status !== 'ended' || (meeting.endSnapshot !== null && meeting.endSnapshot.startedAt === meeting.startedAt)) return null;
    return meeting;
  }

  /**
   * Asks the sink for the events' rows and stores them with the room's next commit; `endedMeeting`
   * as `attach`. `settled` runs once the rows are attached, or the sink failed. A meeting's end
   * whose record fails is looked for again later (M33): nothing else would record it while this
   * node goes on leading.
   */
  private record(events: readonly RoomEvent[], endedMeeting: string | null | undefined, settled: () => void = () => {}): void {
    const failed = (error: unknown) => {
      settled();
      console.error(`[record] ${this.room.id}: ${messageOf(error)}`);
      if (endedMeeting !== undefined) this.lookAgainLater();
    };
    const attach = (records: Pick<CommitEntry, 'snapshots' | 'deliveries'>) => {
      try {
        this.attach(records, endedMeeting);
      } finally {
        settled();
      }
    };
    let records: Awaitable<Pick<CommitEntry, 'snapshots' | 'deliveries'>>;
    try {
      records = this.sink.recordsFor(this.room.id, this.room.doc, events);
    } catch (error) {
      failed(error);
      return;
    }
    // With PostgreSQL the webhook settings arrive later, and their rows with the next commit.
    if (isPending(records)) records.then(attach).catch(failed);
    else attach(records);
  }

  /** Looks for an unrecorded end again after the wait (`RETRY_FIRST_MS`), unless a look is already waiting. */
  private lookAgainLater(): void {
    if (this.retry !== undefined || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      try {
        this.recordMissedEnd();
      } catch (error) {
        // Nothing catches a throw out of a timer but the process's end.
        console.error(`[record] ${this.room.id}: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }, this.retryMs);
    // A waiting look is no reason to keep a stopping process alive: the next build of the room looks too.
    this.retry.unref();
    this.retryMs = Math.min(RETRY_MOST_MS, this.retryMs * 2);
  }

  /**
   * Stores the rows with this turn's commit and, for a meeting's end, names its snapshot in the
   * meeting (SPEC U104) in a change committed with them: a screen that reads the id finds the
   * snapshot stored, and the link to the minutes never depends on the clock of the screen that
   * started the meeting. The only snapshot the sink makes is a meeting end's.
   */
  private attach(records: Pick<CommitEntry, 'snapshots' | 'deliveries'>, endedMeeting: string | null | undefined): void {
    if ((records.snapshots?.length ?? 0) + (records.deliveries?.length ?? 0) > 0) this.room.attachToCommit(records);
    const snapshot = records.snapshots?.[0];
    // A room closed while a later answer was on its way has no commit left to write into. An
    // answer that comes once another meeting has started names a meeting the room has left: its
    // mark would take the place of the newer meeting's, answered first (U104).
    if (!snapshot || endedMeeting === undefined || this.room.isClosed || readMeeting(this.room.doc).startedAt !== endedMeeting) return;
    this.retryMs = RETRY_FIRST_MS;
    this.room.change((doc) => markMeetingEndSnapshot(doc, { id: snapshot.id, startedAt: endedMeeting }), RECORD_ORIGIN);
  }

  /**
   * The meeting's status. A workspace nobody has held a meeting in stores no `meeting` (SPEC L8),
   * and naming it would create one more empty map in every quiet room: it is idle.
   */
  private readMeetingStatus(): MeetingStatus {
    return this.room.doc.share.has('meeting') ? readMeeting(this.room.doc).status : MEETING_DEFAULTS.status;
  }

  /**
   * The items decided now, read from each entry's `state` alone: this runs after every agenda
   * change, decision keystrokes included, and must not parse whole items for it.
   */
  private decidedItems(): Set<string> {
    const decided = new Set<string>();
    // Naming an agenda no update has created would create it: one more empty map in every quiet room.
    if (!this.room.doc.share.has('agenda')) return decided;
    agendaMap(this.room.doc).forEach((entry, id) => {
      if (entry instanceof Y.Map && entry.get('state') === 'decided') decided.add(id);
    });
    return decided;
  }
}

/** What a failure says, whatever was thrown or rejected with. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
