import type * as Y from 'yjs';
import { recordAttendance, runningMeeting, type PresentPerson } from '../../shared/schema/attendance';
import { changedUnder } from './changed-roots';

/** The transaction origin of the register's writes. */
const ATTENDANCE_ORIGIN = 'throughline:attendance';

/**
 * How long an audience's newcomers are gathered before they are registered: a thousand people
 * joining in the same minute become a few writes, each relayed once to everyone, rather than a
 * thousand (L4's reasoning for presence).
 */
const AUDIENCE_GATHER_MS = 1_000;

const MEETING_ROOT = ['meeting'];

/** The room as the register needs it. */
export interface AttendanceRoom {
  readonly doc: Y.Doc;
  readonly isClosed: boolean;
  readonly isAudience: boolean;
  change<T>(body: (doc: Y.Doc) => T, origin: unknown): T;
  presentPeople(): Iterable<PresentPerson>;
  watchPeople(listener: ((person: PresentPerson) => void) | null): void;
}

/**
 * Registers who this node's connections are present as while a meeting runs (SPEC M21): whoever
 * is here when it starts, and whoever is present under a name for the first time while it runs.
 * Each node registers its own connections, so with several nodes everyone is registered by the
 * node they are connected to, and no node needs the rule lease to do it.
 *
 * People are gathered under the meeting they were seen in and written together: at the end of
 * the turn, or after a second in an audience, and at once when that meeting ends. Someone who
 * leaves before the write is still written, and the registry writes what is gathered before it
 * decides a room has nothing left to store and before the server's last commit.
 */
export class AttendanceRegister {
  /** Noticed since the last write, whether or not still here: by meeting (`startedAt`), then by way of being present. */
  private readonly gathered = new Map<string, Map<string, PresentPerson>>();
  private soon: NodeJS.Immediate | null = null;
  private later: NodeJS.Timeout | null = null;
  /** The running meeting this node has gathered everyone present at its start for. */
  private meetingGathered: string | null = null;
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (changedUnder(this.room.doc, transaction, MEETING_ROOT)) this.meetingChanged();
  };
  /** Someone here is present under a name for the first time: registered if a meeting runs (a key or two read per newcomer). */
  private readonly onPerson = (person: PresentPerson) => {
    const meeting = runningMeeting(this.room.doc);
    if (meeting !== null) this.gather(meeting, person);
  };

  constructor(
    private readonly room: AttendanceRoom,
    private readonly clock: () => Date,
  ) {
    room.doc.on('afterTransaction', this.onTransaction);
    room.watchPeople(this.onPerson);
    // A meeting that was running when the room loaded goes on with whoever is here already.
    this.meetingChanged();
  }

  /** Writes what is gathered now, in one change; for the end of a turn, an unload and a shutdown. */
  flush(): void {
    this.cancel();
    if (this.gathered.size === 0 || this.room.isClosed) return;
    const gathered = [...this.gathered];
    this.gathered.clear();
    try {
      this.room.change((doc) => {
        for (const [meeting, people] of gathered) recordAttendance(doc, people.values(), meeting, this.clock());
      }, ATTENDANCE_ORIGIN);
    } catch (error) {
      // Like the rules (H1): a document that makes the write throw costs its register, never the room.
      console.error(`[attendance] ${(error as Error).stack ?? String(error)}`);
    }
  }

  /** Writes what is gathered and stops listening. */
  stop(): void {
    this.flush();
    this.room.doc.off('afterTransaction', this.onTransaction);
    this.room.watchPeople(null);
  }

  /**
   * A meeting that has started since the last look registers everyone here now; one that has
   * ended has what is gathered for it written at once rather than after an audience's second.
   */
  private meetingChanged(): void {
    const meeting = runningMeeting(this.room.doc);
    if (meeting === this.meetingGathered) return;
    this.meetingGathered = meeting;
    if (meeting !== null) for (const person of this.room.presentPeople()) this.gather(meeting, person);
    else if (this.gathered.size > 0) this.schedule(true);
  }

  private gather(meeting: string, person: PresentPerson): void {
    let people = this.gathered.get(meeting);
    if (people === undefined) this.gathered.set(meeting, (people = new Map()));
    people.set(`${person.role}/${person.guest}/${person.name}`, person);
    this.schedule(false);
  }

  /** Writes at the end of this turn, or after an audience's second unless `now`. */
  private schedule(now: boolean): void {
    if (now && this.later !== null) this.cancel();
    if (this.soon !== null || this.later !== null) return;
    if (this.room.isAudience && !now) {
      this.later = setTimeout(() => this.flush(), AUDIENCE_GATHER_MS);
      this.later.unref();
    } else {
      this.soon = setImmediate(() => this.flush());
    }
  }

  private cancel(): void {
    if (this.soon !== null) clearImmediate(this.soon);
    if (this.later !== null) clearTimeout(this.later);
    this.soon = null;
    this.later = null;
  }
}
