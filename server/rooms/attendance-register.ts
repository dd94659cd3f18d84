import type * as Y from 'yjs';
import { meetingIsRunning, recordAttendance, type PresentPerson } from '../../shared/schema/attendance';
import { readMeeting } from '../../shared/schema/meeting';
import { changedUnder } from './changed-roots';

/** The transaction origin of the register's writes. */
export const ATTENDANCE_ORIGIN = 'throughline:attendance';

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
 * is here when it starts, and whoever is present as someone new while it runs. Each node
 * registers its own connections, so with several nodes everyone is registered once, by the node
 * they are connected to, and no node needs the rule lease to do it.
 *
 * People are gathered as they are noticed and written together: at the end of the turn, or after
 * a second in an audience. Someone who leaves before the write is still written, and the
 * registry flushes what is gathered before it decides a room has nothing left to store.
 */
export class AttendanceRegister {
  /** Noticed since the last write, whether or not still here, by role and name (recordAttendance keeps the higher role). */
  private readonly gathered = new Map<string, PresentPerson>();
  private soon: NodeJS.Immediate | null = null;
  private later: NodeJS.Timeout | null = null;
  /** The meeting (its `startedAt`) whose start this node has gathered everyone present for. */
  private meetingGathered: string | null = null;
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (changedUnder(this.room.doc, transaction, MEETING_ROOT)) this.meetingChanged();
  };
  /** Someone here is present as someone new: registered if a meeting runs (one key read per newcomer). */
  private readonly onPerson = (person: PresentPerson) => {
    if (meetingIsRunning(this.room.doc)) this.gather(person);
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
    const people = [...this.gathered.values()];
    this.gathered.clear();
    try {
      this.room.change((doc) => recordAttendance(doc, people, this.clock()), ATTENDANCE_ORIGIN);
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

  /** A meeting that has started since the last look registers everyone here now; its timer and items do not. */
  private meetingChanged(): void {
    const startedAt = meetingIsRunning(this.room.doc) ? readMeeting(this.room.doc).startedAt : null;
    if (startedAt === this.meetingGathered) return;
    this.meetingGathered = startedAt;
    if (startedAt !== null) for (const person of this.room.presentPeople()) this.gather(person);
  }

  private gather(person: PresentPerson): void {
    this.gathered.set(`${person.role} ${person.name}`, person);
    this.schedule();
  }

  private schedule(): void {
    if (this.soon !== null || this.later !== null) return;
    if (this.room.isAudience) {
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
