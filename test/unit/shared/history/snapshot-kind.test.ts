import { describe, expect, it } from 'vitest';
import { lastReviewSnapshot, snapshotKind, snapshotLabel } from '../../../../shared/history/snapshot-kind';

const ended = (at: string) => ({ id: `end ${at}`, at, by: null });
const taken = (at: string) => ({ id: `taken ${at}`, at, by: 'Ana Diaz (guest)' });

describe('the last review, which "since the last review" measures from (SPEC M26)', () => {
  it('[M26] a meeting end takes its snapshot by nobody; one taken on request names who took it, a role at the least', () => {
    expect(snapshotKind(null)).toBe('meeting-end');
    expect(snapshotKind('facilitator')).toBe('taken');
  });

  it('[M26] is the newest meeting end, however many snapshots were taken after it, in any order', () => {
    const week = [ended('2026-11-22T16:47:00.000Z'), ended('2026-11-29T16:47:00.000Z'), taken('2026-12-02T10:00:00.000Z'), taken('2026-12-03T09:00:00.000Z')];
    expect(lastReviewSnapshot(week)?.id).toBe('end 2026-11-29T16:47:00.000Z');
    expect(lastReviewSnapshot([...week].reverse())?.id).toBe('end 2026-11-29T16:47:00.000Z');
  });

  it('[M26] before any meeting has ended, is the newest snapshot taken; with none, there is none', () => {
    expect(lastReviewSnapshot([taken('2026-12-01T10:00:00.000Z'), taken('2026-12-02T10:00:00.000Z')])?.id).toBe('taken 2026-12-02T10:00:00.000Z');
    expect(lastReviewSnapshot([])).toBeNull();
  });
});

describe('a snapshot’s label as it is listed (SPEC M2)', () => {
  it('[M2] a meeting end’s label the release before stored as an ISO day reads in words, as the ones stored since do', () => {
    expect(snapshotLabel('2026-12-07', null)).toBe('7 Dec 2026');
    expect(snapshotLabel('7 Dec 2026', null)).toBe('7 Dec 2026');
  });

  it('[M2] a label a facilitator typed is listed as typed, an ISO day included', () => {
    expect(snapshotLabel('2026-12-07', 'Ana Diaz (guest)')).toBe('2026-12-07');
    expect(snapshotLabel('Before the review', 'facilitator')).toBe('Before the review');
  });
});
