import * as Y from 'yjs';
import { parseRecordBasis, recordBasis, type RecordBasis } from '../../shared/history/record-basis';
import { workspaceToJson } from '../../shared/schema/to-json';
import type { WorkspaceJson } from '../../shared/schema/types';
import { parseInstant } from '../../shared/schema/utc-dates';
import { newSnapshotId } from '../auth/tokens';
import { encodeIntegrated } from '../rooms/held-back';
import { after, type Awaitable } from '../storage/awaitable';
import type { Catalogue, NewSnapshot, SnapshotRecord } from '../storage/store';
import { liveBasis } from './live-basis';

/**
 * A snapshot is a whole state copy (M1): `encodeStateAsUpdate` of what the document has
 * integrated (held-back structs never reach storage, H4), with the record basis beside it so
 * comparing against it needs no document. Reading a whole one applies that one row to a fresh
 * document: no history is replayed, and the live document's gc stays on.
 */
export function takeSnapshot(workspace: string, doc: Y.Doc, label: string, by: string | null, at: Date): NewSnapshot {
  return { id: newSnapshotId(), workspace, label, at: at.toISOString(), by, data: encodeIntegrated(doc), basis: liveBasis(doc).text() };
}

/** A stored snapshot as plain JSON (workspaceToJson of a document built from it alone). */
export function snapshotJson(data: Uint8Array): WorkspaceJson {
  return withSnapshotDoc(data, workspaceToJson);
}

function withSnapshotDoc<T>(data: Uint8Array, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, data);
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The basis of the copy of the document the last meeting opened with: the latest snapshot taken
 * at or before it started (the previous meeting's end leaves one). What it holds existed before
 * the meeting.
 */
export function openingCopy(snapshots: SnapshotReader, workspace: string, startedAt: string | null): Awaitable<RecordBasis | null> {
  const startMs = parseInstant(startedAt);
  if (startMs === null) return null;
  return after(snapshots.list(workspace), (list) => {
    const before = list.filter((snapshot) => (parseInstant(snapshot.at) ?? Infinity) <= startMs);
    const last = before[before.length - 1];
    return last ? after(snapshots.read(workspace, last.id), (read) => read?.basis ?? null) : null;
  });
}

/**
 * Reads snapshots' bases, keeping the last few parsed: a snapshot never changes, and the one
 * people compare against ("since last review") is the same for every call until the next
 * meeting ends. A snapshot stored before bases were kept has its basis built from its state
 * copy once and filled in, so later starts read the text. Callers must not modify what they
 * are given.
 */
export class SnapshotReader {
  private readonly parsed = new Map<string, SnapshotRecord & { basis: RecordBasis }>();

  constructor(
    private readonly store: Catalogue,
    private readonly keep = 4,
  ) {}

  list(workspace: string): Awaitable<SnapshotRecord[]> {
    return this.store.listSnapshots(workspace);
  }

  read(workspace: string, id: string): Awaitable<(SnapshotRecord & { basis: RecordBasis }) | undefined> {
    const key = `${workspace}\u0000${id}`;
    const cached = this.parsed.get(key);
    if (cached) {
      this.parsed.delete(key);
      this.parsed.set(key, cached);
      return cached;
    }
    return after(this.store.getSnapshotBasis(workspace, id), (stored) => {
      if (!stored) return undefined;
      const { basis: text, ...record } = stored;
      const parsed = text === null ? null : parseRecordBasis(text);
      return after(parsed ?? this.rebuild(workspace, id), (basis) => {
        const read = { ...record, basis };
        this.parsed.set(key, read);
        if (this.parsed.size > this.keep) this.parsed.delete(this.parsed.keys().next().value!);
        return read;
      });
    });
  }

  /** The whole snapshot as plain JSON: built each time, as only the snapshot route asks for it. */
  json(workspace: string, id: string): Awaitable<(SnapshotRecord & { document: WorkspaceJson }) | undefined> {
    return after(this.store.getSnapshot(workspace, id), (stored) => {
      if (!stored) return undefined;
      const { data, ...record } = stored;
      return { ...record, document: snapshotJson(data) };
    });
  }

  private rebuild(workspace: string, id: string): Awaitable<RecordBasis> {
    return after(this.store.getSnapshot(workspace, id), (stored) => {
      const basis = withSnapshotDoc(stored!.data, recordBasis);
      return after(this.store.setSnapshotBasis(workspace, id, JSON.stringify(basis)), () => basis);
    });
  }
}
