import * as Y from 'yjs';
import { basisText, parseRecordBasis, recordBasis, type RecordBasis } from '../../shared/history/record-basis';
import { lastReviewSnapshot } from '../../shared/history/snapshot-kind';
import { workspaceToJson } from '../../shared/schema/to-json';
import type { WorkspaceJson } from '../../shared/schema/types';
import { parseInstant } from '../../shared/schema/utc-dates';
import { newSnapshotId } from '../auth/tokens';
import { encodeIntegrated } from '../rooms/held-back';
import { after, isPending, type Awaitable } from '../storage/awaitable';
import type { Catalogue, NewSnapshot, SnapshotRecord, WholeSnapshot } from '../storage/store';
import { liveBasis } from './live-basis';

/**
 * A snapshot is a state copy (M1) of what the document has integrated (held-back structs never
 * reach storage, H4), with the record basis beside it so comparing against it needs no document.
 * When the workspace has a whole snapshot this document contains, the copy is only what the
 * document holds beyond it (`encodeStateAsUpdate` against its state vector, with the whole delete
 * set): a few kilobytes after a meeting instead of the whole document, encoded in a fraction of
 * the time. A copy past half the whole one's size is stored whole instead, and later ones extend
 * it, so reading any snapshot applies at most two rows to a fresh document: no history is
 * replayed, and the live document's gc stays on.
 */
export function takeSnapshot(
  workspace: string,
  doc: Y.Doc,
  label: string,
  by: string | null,
  at: Date,
  latestWhole: WholeSnapshot | undefined,
  id: string = newSnapshotId(),
): NewSnapshot {
  const snapshot = { id, workspace, label, at: at.toISOString(), by, basis: liveBasis(doc).text() };
  if (latestWhole !== undefined) {
    const extent = Y.decodeSnapshot(latestWhole.extent);
    // A whole snapshot another node took may hold updates this one has not received yet.
    if (contains(doc, extent)) {
      const data = encodeIntegrated(doc, Y.encodeStateVector(extent.sv));
      if (data.byteLength * 2 <= latestWhole.bytes) return { ...snapshot, data, base: latestWhole.id, extent: null };
    }
  }
  return { ...snapshot, data: encodeIntegrated(doc), base: null, extent: Y.encodeSnapshot(Y.snapshot(doc)) };
}

/**
 * Whether the document holds every struct and every deletion of `extent`. Deleting adds no
 * struct, so a copy can have every struct of a whole snapshot and still lack one of its deletions.
 */
function contains(doc: Y.Doc, extent: Y.Snapshot): boolean {
  for (const [client, clock] of extent.sv) {
    if (Y.getState(doc.store, client) < clock) return false;
  }
  for (const [client, deletions] of extent.ds.clients) {
    const structs = doc.store.clients.get(client);
    if (structs === undefined) return false;
    for (const { clock, len } of deletions) {
      for (let index = Y.findIndexSS(structs, clock); index < structs.length && structs[index]!.id.clock < clock + len; index++) {
        if (!structs[index]!.deleted) return false;
      }
    }
  }
  return true;
}

/** A stored snapshot as plain JSON (workspaceToJson of a document built from its rows alone). */
export function snapshotJson(rows: readonly Uint8Array[]): WorkspaceJson {
  return withSnapshotDoc(rows, workspaceToJson);
}

function withSnapshotDoc<T>(rows: readonly Uint8Array[], read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const data of rows) Y.applyUpdate(doc, data);
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The basis of the copy of the document the last meeting opened with: the last review as it stood
 * when the meeting started (M26: the previous meeting's end, not a snapshot someone took since),
 * so the minutes' "from earlier meetings" and the actions' "carried over" measure from the point
 * "What changed since the last review" does. What it holds existed before the meeting.
 */
export function openingCopy(snapshots: SnapshotReader, workspace: string, startedAt: string | null): Awaitable<RecordBasis | null> {
  const startMs = parseInstant(startedAt);
  if (startMs === null) return null;
  return after(snapshots.list(workspace), (list) => {
    const last = lastReviewSnapshot(list.filter((snapshot) => (parseInstant(snapshot.at) ?? Infinity) <= startMs));
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
  /**
   * Reads still to be answered (PostgreSQL), shared by whoever asks meanwhile: a basis of an
   * earlier format (SPEC M19) is rebuilt by decoding the whole state copy, and every screen
   * following a review asks for the same one at once after an upgrade.
   */
  private readonly pending = new Map<string, Promise<(SnapshotRecord & { basis: RecordBasis }) | undefined>>();

  constructor(
    private readonly store: Catalogue,
    private readonly keep = 4,
  ) {}

  list(workspace: string): Awaitable<SnapshotRecord[]> {
    return this.store.listSnapshots(workspace);
  }

  /** What the workspace's next snapshot may extend. */
  latestWhole(workspace: string): Awaitable<WholeSnapshot | undefined> {
    return this.store.latestWholeSnapshot(workspace);
  }

  read(workspace: string, id: string): Awaitable<(SnapshotRecord & { basis: RecordBasis }) | undefined> {
    const key = `${workspace}\u0000${id}`;
    const cached = this.parsed.get(key);
    if (cached) {
      this.parsed.delete(key);
      this.parsed.set(key, cached);
      return cached;
    }
    const waiting = this.pending.get(key);
    if (waiting) return waiting;
    const answer = after(this.store.getSnapshotBasis(workspace, id), (stored) => {
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
    if (isPending(answer)) {
      this.pending.set(key, answer);
      const done = () => this.pending.delete(key);
      answer.then(done, done);
    }
    return answer;
  }

  /** The whole snapshot as plain JSON: built each time, as only the snapshot route asks for it. */
  json(workspace: string, id: string): Awaitable<(SnapshotRecord & { document: WorkspaceJson }) | undefined> {
    return after(this.store.getSnapshot(workspace, id), (stored) => {
      if (!stored) return undefined;
      const { data, base, ...record } = stored;
      return after(this.rows(workspace, record.id, data, base), (rows) => ({ ...record, document: snapshotJson(rows) }));
    });
  }

  private rebuild(workspace: string, id: string): Awaitable<RecordBasis> {
    return after(this.store.getSnapshot(workspace, id), (stored) =>
      after(this.rows(workspace, id, stored!.data, stored!.base), (rows) => {
        const basis = withSnapshotDoc(rows, recordBasis);
        return after(this.store.setSnapshotBasis(workspace, id, basisText(basis)), () => basis);
      }),
    );
  }

  /** The rows that make up a snapshot: the whole one it extends, if any, then its own. */
  private rows(workspace: string, id: string, data: Uint8Array, base: string | null): Awaitable<Uint8Array[]> {
    if (base === null) return [data];
    return after(this.store.getSnapshot(workspace, base), (whole) => {
      if (!whole) throw new Error(`Snapshot ${id} extends ${base}, which is not stored.`);
      return [whole.data, data];
    });
  }
}
