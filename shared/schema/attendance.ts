import type * as Y from 'yjs';
import { ROLES, memberOf, type Role } from './constants';
import { meetingMap } from './root-types';
import { text } from './stored-values';

/**
 * Who was present while a meeting ran (SPEC M21): the minutes' "Attended" is more than the people
 * the log names, since someone who only watched, voted or typed part of a decision does nothing
 * the log records.
 *
 * The register is the root map `attendance` (an addition to DESIGN §3). Each entry is one way a
 * person was present, `{name, role, guest, meeting, at}`: `meeting` is the `startedAt` of the
 * meeting they were seen in and `at` when first seen in it, and `guest` says the name was typed
 * on a shared link rather than known to the server. An entry is keyed by role, guest and name,
 * so that nodes registering the same person at once in different ways write different keys and
 * neither is lost to the other; readers merge them by name. A root map rather than one inside
 * `meeting`: root types are named, not created, so no two writers ever replace the container.
 * Only the server writes it, from the names its connections are present under (A3); an entry
 * left from an earlier meeting is rewritten when the person comes to the next, so the map holds
 * one entry per way a person was ever present, never one per visit.
 */
export interface PresentPerson {
  readonly name: string;
  readonly role: Role;
  /** The name was typed on a shared role link, not one the server knows for a member. */
  readonly guest: boolean;
}

export interface Attendee extends PresentPerson {
  /** When the person was first seen in the meeting, ISO. */
  readonly at: string;
}

/** How much a role lets someone do: a person seen under two roles is listed under the higher. */
const RANK: Readonly<Record<Role, number>> = { viewer: 0, editor: 1, facilitator: 2 };

/** Longer typed names are cut: a guest's name is theirs to type, the register's size is not. */
export const MAX_ATTENDEE_NAME = 100;

/**
 * Whether a meeting is running now: the one key read, for callers that ask on every join, and
 * without naming the root, which would create it in a document that never had a meeting.
 */
export function meetingIsRunning(doc: Y.Doc): boolean {
  return doc.share.has('meeting') && meetingMap(doc).get('status') === 'running';
}

/** The meeting a newcomer is present in now (its `startedAt`), or null when none runs. */
export function runningMeeting(doc: Y.Doc): string | null {
  return meetingIsRunning(doc) ? text(meetingMap(doc).get('startedAt')) : null;
}

/**
 * Registers `people` as present in the meeting that started at `meeting`, as long as it is still
 * the document's last one (running, or ended since they were seen): each way a person is present
 * is added once, with `now`. Returns how many entries it wrote.
 */
export function recordAttendance(doc: Y.Doc, people: Iterable<PresentPerson>, meeting: string, now: Date): number {
  if (!doc.share.has('meeting') || text(meetingMap(doc).get('startedAt')) !== meeting) return 0;
  const register = doc.getMap('attendance');
  let written = 0;
  doc.transact(() => {
    for (const person of people) {
      const key = `${person.role}/${person.guest ? 'guest' : 'member'}/${person.name}`;
      if (attendeeOf(register.get(key), meeting)) continue;
      register.set(key, { name: person.name, role: person.role, guest: person.guest, meeting, at: now.toISOString() });
      written++;
    }
  });
  return written;
}

/**
 * Everyone registered for the meeting that started at `startedAt`, one per name, from the
 * register's entries as stored (a Y.Map's or the JSON export's): under the highest role they were
 * seen with, a guest only when never present under a member's name, first seen at the earliest.
 * Anything malformed is left out.
 */
export function attendeesOf(entries: Iterable<unknown>, startedAt: string | null): Attendee[] {
  if (startedAt === null) return [];
  const byName = new Map<string, Attendee>();
  for (const value of entries) {
    const seen = attendeeOf(value, startedAt);
    if (seen === null) continue;
    const known = byName.get(seen.name);
    byName.set(
      seen.name,
      known === undefined
        ? seen
        : {
            name: seen.name,
            role: RANK[seen.role] > RANK[known.role] ? seen.role : known.role,
            guest: seen.guest && known.guest,
            at: seen.at < known.at ? seen.at : known.at,
          },
    );
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One stored entry as an attendee of the meeting that started at `startedAt`, else null. */
function attendeeOf(value: unknown, startedAt: string): Attendee | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, role, guest, meeting, at } = value as Record<string, unknown>;
  const known = memberOf(ROLES, role);
  if (typeof name !== 'string' || name.trim() === '' || known === null || meeting !== startedAt || typeof at !== 'string') return null;
  return { name, role: known, guest: guest === true, at };
}
