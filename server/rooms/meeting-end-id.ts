import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { readMeeting } from '../../shared/schema/meeting';
import { meetingMap } from '../../shared/schema/root-types';

/**
 * The id of the snapshot a meeting's end takes (M33), the same on every node that records that
 * end: a node that lost its lease without knowing it and the node that took it over may both
 * record it, and storage keeps the first snapshot under an id and drops a second. Derived from the
 * end itself as the document holds it: the Yjs item that set the meeting's status to `ended`,
 * whose id every replica shares once it holds that end, and no other write has (two ends written
 * at once through two nodes are two items, and two ids, until they merge and one wins). Not from
 * the meeting's times, which are screens' clocks: two meetings started and ended within one
 * millisecond had the same ones. Null when the status is not `ended`.
 *
 * @example meetingEndSnapshotId('w1', room.doc) // 's_…' (12 characters after it)
 */
export function meetingEndSnapshotId(workspace: string, doc: Y.Doc): string | null {
  const status = meetingMap(doc)._map.get('status');
  // A deleted status reads as the default, not `ended`.
  if (status === undefined || readMeeting(doc).status !== 'ended') return null;
  // Shaped as newSnapshotId's ids, so nothing that lists or links snapshots tells them apart.
  return `s_${createHash('sha256').update(`meeting-end\u0000${workspace}\u0000${status.id.client}\u0000${status.id.clock}`).digest('base64url').slice(0, 12)}`;
}
