import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attendanceMap, attendeesOf, recordAttendance } from '../../../../shared/schema/attendance';
import { endMeeting, readMeeting, startMeeting } from '../../../../shared/schema/meeting';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { newWorkspace, NOW, replicaOf, sync } from '../../support/workspace-fixtures';

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const attendees = (doc: Y.Doc) => attendeesOf(attendanceMap(doc).entries(), readMeeting(doc).startedAt);

describe('the attendance register (SPEC M21)', () => {
  it('[M21] registers nobody while no meeting runs, and nothing at all is stored', () => {
    const doc = newWorkspace();
    expect(recordAttendance(doc, [{ name: 'Ana', role: 'editor' }], at(0))).toBe(0);
    expect(workspaceToJson(doc).attendance).toBeUndefined();
  });

  it('[M21] registers each person once per meeting, when first seen, under the highest role seen', () => {
    const doc = newWorkspace();
    unwrap(startMeeting(doc, { by: 'Fran', now: at(0) }));
    expect(recordAttendance(doc, [{ name: 'Sam', role: 'viewer' }, { name: 'Ana', role: 'editor' }], at(10))).toBe(2);
    // Seen again, and seen as a viewer after being an editor: nothing to write.
    expect(recordAttendance(doc, [{ name: 'Ana', role: 'viewer' }, { name: 'Sam', role: 'viewer' }], at(20))).toBe(0);
    // Sam comes back on an editor's link: raised, first-seen time kept.
    expect(recordAttendance(doc, [{ name: 'Sam', role: 'editor' }], at(30))).toBe(1);
    expect(attendees(doc)).toEqual([
      { name: 'Ana', role: 'editor', at: at(10).toISOString() },
      { name: 'Sam', role: 'editor', at: at(10).toISOString() },
    ]);
  });

  it('[M21] the next meeting starts with nobody; a person who comes again is registered anew', () => {
    const doc = newWorkspace();
    unwrap(startMeeting(doc, { by: 'Fran', now: at(0) }));
    recordAttendance(doc, [{ name: 'Ana', role: 'editor' }, { name: 'Bo', role: 'viewer' }], at(1));
    unwrap(endMeeting(doc, { by: 'Fran', now: at(60) }));
    expect(recordAttendance(doc, [{ name: 'Cy', role: 'editor' }], at(61))).toBe(0);
    unwrap(startMeeting(doc, { by: 'Fran', now: at(3600) }));
    expect(attendees(doc)).toEqual([]);
    recordAttendance(doc, [{ name: 'Ana', role: 'viewer' }], at(3601));
    expect(attendees(doc)).toEqual([{ name: 'Ana', role: 'viewer', at: at(3601).toISOString() }]);
    // One entry per person ever present, not one per visit.
    expect(attendanceMap(doc).size).toBe(2);
  });

  it('[M21] two replicas registering different people at once both keep everyone', () => {
    const doc = newWorkspace();
    unwrap(startMeeting(doc, { by: 'Fran', now: at(0) }));
    const other = replicaOf(doc);
    recordAttendance(doc, [{ name: 'Ana', role: 'editor' }], at(1));
    recordAttendance(other, [{ name: 'Bo', role: 'viewer' }], at(2));
    sync(doc, other);
    sync(other, doc);
    expect(attendees(doc).map((a) => a.name)).toEqual(['Ana', 'Bo']);
    expect(attendees(other)).toEqual(attendees(doc));
  });

  it('[M21] entries a writer broke are read past, never thrown on, and a broken one is rewritten', () => {
    const doc = newWorkspace();
    unwrap(startMeeting(doc, { by: 'Fran', now: at(0) }));
    const register = attendanceMap(doc);
    for (const [name, value] of [['Ana', 'editor'], ['Bo', null], ['Cy', { role: 7 }], ['Di', new Y.Map()], ['Ed', [1, 2]]] as const) register.set(name, value);
    expect(attendees(doc)).toEqual([]);
    expect(recordAttendance(doc, [{ name: 'Ana', role: 'editor' }, { name: 'Di', role: 'viewer' }], at(5))).toBe(2);
    expect(attendees(doc).map((a) => [a.name, a.role])).toEqual([['Ana', 'editor'], ['Di', 'viewer']]);
  });
});
