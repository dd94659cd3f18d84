import { dayInWords } from '../rules/format';

/**
 * Which snapshots mark a review (DESIGN §5: "Ending a meeting takes a snapshot …; the next meeting
 * opens with what changed since it"), and so which one "since the last review" measures from.
 */

/** `meeting-end`: the one a meeting's end took (M2); `taken`: one a facilitator took on request (M1). */
export type SnapshotKind = 'meeting-end' | 'taken';

/**
 * A meeting's end takes its snapshot by nobody; one taken on request has always been stored with
 * a name, the link's role at the least, since the first release that kept snapshots (storage
 * version 4). So `by` tells every stored snapshot's kind, and no stored row needs a new column.
 *
 * @example snapshotKind(null) // 'meeting-end'
 */
export function snapshotKind(by: string | null): SnapshotKind {
  return by === null ? 'meeting-end' : 'taken';
}

/**
 * A stored snapshot's label as it is listed (SPEC M2). A meeting's end labels its snapshot with
 * the day it ended, in words ("7 Dec 2026") as every screen writes dates; the releases before
 * stored that day as "2026-12-07", which reads in words too, with no stored row rewritten. A label
 * a facilitator gave is theirs, listed as typed, a date or not.
 *
 * @example snapshotLabel('2026-12-07', null) // '7 Dec 2026'
 */
export function snapshotLabel(label: string, by: string | null): string {
  return snapshotKind(by) === 'meeting-end' ? dayInWords(label) : label;
}

/**
 * The snapshot "since the last review" measures from (SPEC M26): the newest one a meeting's end
 * took, so a snapshot someone took between meetings does not hide the week's changes from the
 * next one. Before any meeting has ended, the newest snapshot of any kind (a baseline someone
 * took) is the one there is to compare with. Order of `snapshots` does not matter.
 *
 * @example lastReviewSnapshot(listed)?.id
 */
export function lastReviewSnapshot<T extends { at: string; by: string | null }>(snapshots: readonly T[]): T | null {
  const newest = (list: readonly T[]) => list.reduce<T | null>((best, snapshot) => (best === null || snapshot.at > best.at ? snapshot : best), null);
  return newest(snapshots.filter((snapshot) => snapshotKind(snapshot.by) === 'meeting-end')) ?? newest(snapshots);
}
