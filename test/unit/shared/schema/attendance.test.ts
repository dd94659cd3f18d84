import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attendeesOf, recordAttendance, runningMeeting, type PresentPerson } from '../../../../shared/schema/attendance';
import { endMeeting, readMeeting, startMeeting } from '../../../../shared/schema/meeting';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { newWorkspace, NOW, replicaOf, sync } from '../../support/workspace-fixtures';

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const register = (doc: Y.Doc) => doc.getMap('attendance');
const attendees = (doc: Y.Doc) => attendeesOf(register(doc).values(), readMeeting(doc).startedAt);
const member = (name: string, role: PresentPerson['role'] = 'editor'): PresentPerson => ({ name, role, guest: false });
const guest = (name: string, role: PresentPerson['role'] = 'viewer'): PresentPerson => ({ name, role, guest: true });

function meetingRunning(): { doc: Y.Doc; meeting: string } {
  const doc = newWorkspace();
  unwrap(startMeeting(doc, { by: 'Fran', now: at(0) }));
  return { doc, meeting: runningMeeting(doc)! };
}

describe('the attendance register (SPEC M21)', () => {
  it('[M21] registers nobody for a meeting that is not the document’s, and a document nobody attended serialises as before', () => {
    const doc = newWorkspace();
    expect(runningMeeting(doc)).toBeNull();
    expect(recordAttendance(doc, [member('Ana')], at(0).toISOString(), at(0))).toBe(0);
    expect(workspaceToJson(doc).attendance).toBeUndefined();
    // Reading the JSON named no root into existence.
    expect(doc.share.has('attendance')).toBe(false);
  });

  it('[M21] registers each way a person is present once per meeting, and lists them once, under the highest role, a guest only if never a member', () => {
    const { doc, meeting } = meetingRunning();
    expect(recordAttendance(doc, [guest('Sam'), member('Ana')], meeting, at(10))).toBe(2);
    expect(recordAttendance(doc, [member('Ana'), guest('Sam')], meeting, at(20))).toBe(0);
    // Sam comes back on an editor's link, Ana also on a shared viewer link.
    expect(recordAttendance(doc, [guest('Sam', 'editor'), guest('Ana')], meeting, at(30))).toBe(2);
    expect(attendees(doc)).toEqual([
      { name: 'Ana', role: 'editor', guest: false, at: at(10).toISOString() },
      { name: 'Sam', role: 'editor', guest: true, at: at(10).toISOString() },
    ]);
  });

  it('[M21] people seen while a meeting ran are written after it ends, but never into the next one', () => {
    const { doc, meeting } = meetingRunning();
    unwrap(endMeeting(doc, { by: 'Fran', now: at(60) }));
    expect(recordAttendance(doc, [guest('Late Larry')], meeting, at(61))).toBe(1);
    expect(attendees(doc).map((a) => a.name)).toEqual(['Late Larry']);
    unwrap(startMeeting(doc, { by: 'Fran', now: at(3600) }));
    expect(attendees(doc)).toEqual([]);
    expect(recordAttendance(doc, [guest('Still Late')], meeting, at(3601))).toBe(0);
    const next = runningMeeting(doc)!;
    recordAttendance(doc, [guest('Late Larry')], next, at(3602));
    expect(attendees(doc)).toEqual([{ name: 'Late Larry', role: 'viewer', guest: true, at: at(3602).toISOString() }]);
    // One entry per way of being present, not one per visit.
    expect(register(doc).size).toBe(1);
  });

  it('[M21] two replicas registering the same person in different ways at once keep both, and read the higher role', () => {
    const { doc, meeting } = meetingRunning();
    const other = replicaOf(doc);
    recordAttendance(doc, [member('Ana', 'editor'), guest('Bo')], meeting, at(1));
    recordAttendance(other, [member('Ana', 'viewer')], meeting, at(2));
    sync(doc, other);
    sync(other, doc);
    expect(attendees(doc)).toEqual([
      { name: 'Ana', role: 'editor', guest: false, at: at(1).toISOString() },
      { name: 'Bo', role: 'viewer', guest: true, at: at(1).toISOString() },
    ]);
    expect(attendees(other)).toEqual(attendees(doc));
  });

  it('[M21] entries a writer broke are read past, never thrown on', () => {
    const { doc, meeting } = meetingRunning();
    const stored: unknown[] = ['editor', null, 7, new Y.Map(), [1, 2], { name: 'No Role', role: 'owner', meeting, at: meeting }, { name: '  ', role: 'editor', meeting, at: meeting }, { name: 'No Time', role: 'viewer', meeting }];
    stored.forEach((value, i) => register(doc).set(`k${i}`, value));
    expect(attendees(doc)).toEqual([]);
    expect(recordAttendance(doc, [member('Ana')], meeting, at(5))).toBe(1);
    expect(attendees(doc).map((a) => [a.name, a.role])).toEqual([['Ana', 'editor']]);
  });
});
