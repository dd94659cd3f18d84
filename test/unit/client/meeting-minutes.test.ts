import { describe, expect, it } from 'vitest';
import { minutesSnapshot } from '../../../client/state/meeting-minutes';
import { createRecordApi, type Snapshot } from '../../../client/sync/record-api';

// Two meetings ended, the second on 7 Dec from 10:00; the list newest first, as History reads it.
const first: Snapshot = { id: 's_first', label: '2026-11-30', at: '2026-11-30T11:00:00.000Z', by: null, kind: 'meeting-end' };
const second: Snapshot = { id: 's_second', label: '2026-12-07', at: '2026-12-07T10:56:00.000Z', by: null, kind: 'meeting-end' };
const baseline: Snapshot = { id: 's_baseline', label: 'Before pricing', at: '2026-12-07T11:30:00.000Z', by: 'Ana Diaz', kind: 'taken' };
const listed = [baseline, second, first];
const startedAt = '2026-12-07T10:00:00.000Z';

/** The Minutes link beside "Meeting ended …" (MeetingControls), as the person gets it. */
const minutesLink = (endSnapshot: { id: string; startedAt: string | null } | null) =>
  createRecordApi('w', () => {}).exportUrl('md', minutesSnapshot({ startedAt, endSnapshot }, listed));

describe('the Minutes link of the meeting that ended (SPEC U104)', () => {
  it('[U104] follows the mark the server wrote for this meeting, once the list holds it', () => {
    expect(minutesLink({ id: 's_second', startedAt })).toBe('/api/workspaces/w/export?format=md&snapshot=s_second');
  });

  it('[U104] a mark naming the meeting before (PostgreSQL answering two ends out of order) leaves the link on this meeting’s minutes', () => {
    expect(minutesLink({ id: 's_first', startedAt: '2026-11-30T10:00:00.000Z' })).toBe('/api/workspaces/w/export?format=md&snapshot=s_second');
  });

  it('[U104] a mark naming a snapshot nobody stored, or one not a meeting end’s, leaves the link on this meeting’s minutes', () => {
    expect(minutesLink({ id: 's_bogus', startedAt })).toBe('/api/workspaces/w/export?format=md&snapshot=s_second');
    expect(minutesLink({ id: 's_baseline', startedAt })).toBe('/api/workspaces/w/export?format=md&snapshot=s_second');
  });

  it('[U104] with no meeting end listed since the start, the live export stands in', () => {
    expect(createRecordApi('w', () => {}).exportUrl('md', minutesSnapshot({ startedAt: '2026-12-08T09:00:00.000Z', endSnapshot: null }, listed))).toBe('/api/workspaces/w/export?format=md');
  });
});
