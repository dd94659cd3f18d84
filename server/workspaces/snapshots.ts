import * as Y from 'yjs';
import { workspaceToJson } from '../../shared/schema/to-json';
import type { WorkspaceJson } from '../../shared/schema/types';
import { parseInstant } from '../../shared/schema/utc-dates';
import { newSnapshotId } from '../auth/tokens';
import { encodeIntegrated } from '../rooms/held-back';
import type { NewSnapshot, Store } from '../storage/store';

/**
 * A snapshot is a whole state copy (M1): `encodeStateAsUpdate` of what the document has
 * integrated (held-back structs never reach storage, H4). Reading one applies that one row to a
 * fresh document: no history is replayed, and the live document's gc stays on.
 */
export function takeSnapshot(workspace: string, doc: Y.Doc, label: string, by: string | null, at: Date): NewSnapshot {
  return { id: newSnapshotId(), workspace, label, at: at.toISOString(), by, data: encodeIntegrated(doc) };
}

/** A stored snapshot as plain JSON (workspaceToJson of a document built from it alone). */
export function snapshotJson(data: Uint8Array): WorkspaceJson {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, data);
    return workspaceToJson(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The copy of the document the last meeting opened with: the latest snapshot taken at or before
 * it started (the previous meeting's end leaves one). What it holds existed before the meeting.
 */
export function openingCopy(store: Store, workspace: string, startedAt: string | null): WorkspaceJson | null {
  const startMs = parseInstant(startedAt);
  if (startMs === null) return null;
  const before = store.listSnapshots(workspace).filter((snapshot) => (parseInstant(snapshot.at) ?? Infinity) <= startMs);
  const last = before[before.length - 1];
  const stored = last ? store.getSnapshot(workspace, last.id) : undefined;
  return stored ? snapshotJson(stored.data) : null;
}
