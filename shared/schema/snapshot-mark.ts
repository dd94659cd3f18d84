import type * as Y from 'yjs';
import { metaMap } from './root-types';
import { text } from './stored-values';

/**
 * `meta.lastSnapshot` `{id, at}` (SPEC M23, an addition to DESIGN §3): the snapshot last taken
 * on request. Snapshots live in storage, not in the document, so without it no other screen
 * hears that one was taken. The server writes it in the change it stores the snapshot with, so
 * a screen that sees the mark finds the snapshot listed. A meeting's end has its own, in the
 * meeting it ended (`markMeetingEndSnapshot`, U104).
 */
export interface SnapshotMark {
  readonly id: string;
  readonly at: string;
}

/** Writes the mark of `snapshot`; only the server does, in the change that stores it. */
export function markSnapshot(doc: Y.Doc, snapshot: SnapshotMark): void {
  metaMap(doc).set('lastSnapshot', { id: snapshot.id, at: snapshot.at });
}

/** The id of the snapshot last taken on request, or null: any stored value is tolerated (H1). */
export function lastSnapshotId(doc: Y.Doc): string | null {
  const mark: unknown = metaMap(doc).get('lastSnapshot');
  return typeof mark === 'object' && mark !== null && !Array.isArray(mark) ? text((mark as Record<string, unknown>).id) : null;
}
