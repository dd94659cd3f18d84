import type * as Y from 'yjs';
import { ROLES, memberOf, type Role } from './constants';
import { meetingMap } from './root-types';
import { text } from './stored-values';

/**
 * Who was present while a meeting ran (SPEC M21): the minutes' "Attended" is more than the people
 * the log names, since someone who only watched, voted or typed part of a decision does nothing
 * the log records.
 *
 * The register is the root map `attendance` (an addition to DESIGN §3): a person's name → `{role,
 * meeting, at}`, where `meeting` is the `startedAt` of the meeting they were seen in and `at` when
 * they were first seen in it. A root map rather than a map inside `meeting`: root types are named,
 * not created, so two nodes registering people at once never replace each other's container.
 * Only the server writes it, from the names its connections are present under (A3); an entry
 * left from an earlier meeting is rewritten when the person comes to the next, so the map holds
 * one entry per person ever present, never one per visit.
 */
export interface PresentPerson {
  readonly name: string;
  readonly role: Role;
}

export interface Attendee extends PresentPerson {
  /** When the person was first seen in the meeting, ISO. */
  readonly at: string;
}

/** How much a role lets someone do: a person seen under two roles is listed under the higher. */
const RANK: Readonly<Record<Role, number>> = { viewer: 0, editor: 1, facilitator: 2 };

export const attendanceMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('attendance');

/**
 * Whether a meeting is running now: the one key read, for callers that ask on every join, and
 * without naming the root, which would create it in a document that never had a meeting.
 */
export function meetingIsRunning(doc: Y.Doc): boolean {
  return doc.share.has('meeting') && meetingMap(doc).get('status') === 'running';
}

/**
 * Registers `people` as present in the running meeting: a person not yet registered for it is
 * added with `now`, one registered under a lower role is raised. Writes nothing when no meeting
 * runs or everyone is registered already. Returns how many entries it wrote.
 */
export function recordAttendance(doc: Y.Doc, people: Iterable<PresentPerson>, now: Date): number {
  const meeting = text(meetingMap(doc).get('startedAt'));
  if (!meetingIsRunning(doc) || meeting === null) return 0;
  const register = attendanceMap(doc);
  let written = 0;
  doc.transact(() => {
    for (const person of people) {
      const known = attendeeOf(person.name, register.get(person.name), meeting);
      if (known && RANK[known.role] >= RANK[person.role]) continue;
      register.set(person.name, { role: person.role, meeting, at: known?.at ?? now.toISOString() });
      written++;
    }
  });
  return written;
}

/**
 * Everyone registered for the meeting that started at `startedAt`, by name, from the register's
 * entries as stored (a Y.Map's or the JSON export's): anything malformed is left out.
 */
export function attendeesOf(entries: Iterable<[string, unknown]>, startedAt: string | null): Attendee[] {
  if (startedAt === null) return [];
  const attendees: Attendee[] = [];
  for (const [name, value] of entries) {
    const attendee = attendeeOf(name, value, startedAt);
    if (attendee) attendees.push(attendee);
  }
  return attendees.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One stored entry as an attendee of the meeting that started at `startedAt`, else null. */
function attendeeOf(name: string, value: unknown, startedAt: string): Attendee | null {
  if (typeof value !== 'object' || value === null || name.trim() === '') return null;
  const { role, meeting, at } = value as Record<string, unknown>;
  const known = memberOf(ROLES, role);
  if (known === null || meeting !== startedAt || typeof at !== 'string') return null;
  return { name, role: known, at };
}
