import * as Y from 'yjs';
import { workspaceToJson } from '../../shared/schema/to-json';
import type { WorkspaceJson } from '../../shared/schema/types';
import { parseInstant } from '../../shared/schema/utc-dates';
import { newSnapshotId } from '../auth/tokens';
import { encodeIntegrated } from '../rooms/held-back';
import { after, type Awaitable } from '../storage/awaitable';
import type { Catalogue, NewSnapshot, SnapshotRecord } from '../storage/store';

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
export function openingCopy(snapshots: SnapshotReader, workspace: string, startedAt: string | null): Awaitable<WorkspaceJson | null> {
  const startMs = parseInstant(startedAt);
  if (startMs === null) return null;
  return after(snapshots.list(workspace), (list) => {
    const before = list.filter((snapshot) => (parseInstant(snapshot.at) ?? Infinity) <= startMs);
    const last = before[before.length - 1];
    return last ? after(snapshots.read(workspace, last.id), (read) => read?.document ?? null) : null;
  });
}

/**
 * Reads snapshots as plain JSON, keeping the last few built: a snapshot never changes, and the
 * one people compare against ("since last review") is the same for every call until the next
 * meeting ends, so only the first `changes` after a start pays for building it. Callers must
 * not modify what they are given.
 */
export class SnapshotReader {
  private readonly built = new Map<string, SnapshotRecord & { document: WorkspaceJson }>();

  constructor(
    private readonly store: Catalogue,
    private readonly keep = 4,
  ) {}

  list(workspace: string): Awaitable<SnapshotRecord[]> {
    return this.store.listSnapshots(workspace);
  }

  read(workspace: string, id: string): Awaitable<(SnapshotRecord & { document: WorkspaceJson }) | undefined> {
    const key = `${workspace}\u0000${id}`;
    const cached = this.built.get(key);
    if (cached) {
      this.built.delete(key);
      this.built.set(key, cached);
      return cached;
    }
    return after(this.store.getSnapshot(workspace, id), (stored) => {
      if (!stored) return undefined;
      const { data, ...record } = stored;
      const read = { ...record, document: snapshotJson(data) };
      this.built.set(key, read);
      if (this.built.size > this.keep) this.built.delete(this.built.keys().next().value!);
      return read;
    });
  }
}
