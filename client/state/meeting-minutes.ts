import type { MeetingView } from '../../shared/schema/meeting';
import type { Snapshot } from '../sync/record-api';

/**
 * The snapshot holding the last meeting's minutes (M2, M6, U104), or undefined while none is
 * known (the live export stands in). The mark the server writes (`meeting.endSnapshot`) is taken
 * only when it names this meeting and the list holds it as a meeting end's: a mark can name
 * another meeting (PostgreSQL answering two ends out of order, a node of the release before
 * ending a later meeting) or nothing at all (any client can write the document), and trusting it
 * then left every Minutes link on the live export or a 404. Otherwise the meeting-end snapshot
 * taken at or after the meeting's start, as the release before found it (its start is the
 * starting screen's clock, so a skewed one misses until the mark is listed).
 *
 * @example minutesSnapshot(meeting(), record.snapshots()) // 's_XUm78lIYnMiO'
 */
export function minutesSnapshot(meeting: Pick<MeetingView, 'startedAt' | 'endSnapshot'>, snapshots: readonly Snapshot[]): string | undefined {
  const { startedAt, endSnapshot } = meeting;
  const ends = snapshots.filter((snapshot) => snapshot.kind === 'meeting-end');
  if (endSnapshot !== null && endSnapshot.startedAt === startedAt && ends.some((snapshot) => snapshot.id === endSnapshot.id)) return endSnapshot.id;
  return ends.find((snapshot) => startedAt === null || snapshot.at >= startedAt)?.id;
}
