import { describe, expect, it } from 'vitest';
import { clearImpact, showImpact } from '../../../../shared/schema/impact-highlight';
import { readMeeting } from '../../../../shared/schema/meeting';
import { unwrap } from '../../../../shared/schema/op-result';
import { meetingMap } from '../../../../shared/schema/root-types';
import { NOW, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

const ana = { id: 'p-ana', name: 'Ana', role: 'facilitator' as const };
const ben = { id: 'p-ben', name: 'Ben', role: 'editor' as const };
const cy = { id: 'p-cy', name: 'Cy', role: 'editor' as const };
const subject = { type: 'dep' as const, id: 'd1' };

describe('[U8] the shared impact highlight', () => {
  it('is in the meeting, so every replica reads the same subject, author and time', () => {
    const doc = newWorkspace();
    unwrap(showImpact(doc, { subject, label: 'Export API → Onboarding' }, ben, NOW));
    const other = replicaOf(doc);
    sync(doc, other);
    expect(readMeeting(other).highlight).toEqual({ subject, label: 'Export API → Onboarding', byId: 'p-ben', by: 'Ben', at: NOW.toISOString() });
  });

  it('is cleared or replaced only by its author or a facilitator; a viewer shows none', () => {
    const doc = newWorkspace();
    expect(showImpact(doc, { subject, label: 'x' }, { ...cy, role: 'viewer' }, NOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    unwrap(showImpact(doc, { subject, label: 'x' }, ben, NOW));
    expect(clearImpact(doc, cy)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Ben is showing an impact to the room; Ben or a facilitator can clear it.' } });
    expect(showImpact(doc, { subject: { type: 'kpi', id: 'k1' }, label: 'y' }, cy, NOW).ok).toBe(false);
    expect(readMeeting(doc).highlight?.byId).toBe('p-ben');
    unwrap(clearImpact(doc, ana));
    expect(readMeeting(doc).highlight).toBeNull();
    unwrap(showImpact(doc, { subject, label: 'x' }, cy, NOW));
    unwrap(clearImpact(doc, cy));
    expect(readMeeting(doc).highlight).toBeNull();
  });

  it('reads anything malformed as no highlight', () => {
    const doc = newWorkspace();
    for (const value of [42, 'dep:d1', { subject: { type: 'team', id: 'x' }, byId: 'p', at: NOW.toISOString() }, { subject, byId: 'p', at: 'soon' }]) {
      meetingMap(doc).set('highlight', value);
      expect(readMeeting(doc).highlight).toBeNull();
    }
  });
});
