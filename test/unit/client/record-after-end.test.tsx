import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { minutesSnapshot } from '../../../client/state/meeting-minutes';
import { createRecord } from '../../../client/state/record';
import type { Snapshot } from '../../../client/sync/record-api';
import type { MeetingView } from '../../../shared/schema/meeting';

const running: MeetingView = { status: 'running', startedAt: '2026-12-07T10:00:00.000Z', endedAt: null, currentItem: null, timer: null, votesRevealed: false, highlight: null, endSnapshot: null };
const ended: MeetingView = { ...running, status: 'ended', endedAt: '2026-12-07T10:56:00.000Z' };
const minutes: Snapshot = { id: 's_minutes', label: '2026-12-07', at: '2026-12-07T10:56:01.000Z', by: null, kind: 'meeting-end' };

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('History after a meeting ended by a node of the release before (SPEC M23, U104)', () => {
  it('[M23][U104] with no mark of its snapshot, the list is read once more a moment after the end, and the Minutes link finds the minutes', async () => {
    vi.useFakeTimers();
    // The server's list: empty when the end arrives, the snapshot stored a moment later (PostgreSQL).
    let stored: Snapshot[] = [];
    // Answered in microtasks, which the fake clock runs as it advances (a Response's body is read on real I/O).
    vi.stubGlobal('fetch', async () => ({ ok: true, json: async () => ({ snapshots: stored }) }));
    const [meeting, setMeeting] = createSignal(running);
    const { record, dispose } = createRoot((dispose) => ({ record: createRecord({ workspaceId: 'w', meeting, lastSnapshot: () => null, onAccessEnded: () => {} }), dispose }));
    const link = () => record.api.exportUrl('md', minutesSnapshot(meeting(), record.snapshots()));
    setMeeting(ended);
    await vi.advanceTimersByTimeAsync(0);
    expect(link()).toBe('/api/workspaces/w/export?format=md');
    stored = [minutes];
    await vi.advanceTimersByTimeAsync(60_000);
    expect(record.snapshots().map((snapshot) => snapshot.id)).toEqual(['s_minutes']);
    expect(link()).toBe('/api/workspaces/w/export?format=md&snapshot=s_minutes');
    dispose();
  });
});
