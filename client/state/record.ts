import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { lastReviewSnapshot } from '../../shared/history/snapshot-kind';
import type { MeetingView } from '../../shared/schema/meeting';
import type { AccessProblem } from '../sync/access-problem';
import { createRecordApi, type RecordApi, type Snapshot } from '../sync/record-api';

/** How long after a meeting's end, with no mark of its snapshot, the list is read once more. */
const UNMARKED_END_READ_MS = 5_000;

export interface RecordState {
  api: RecordApi;
  /** The workspace's snapshots, newest first; empty until first read. */
  snapshots: Accessor<readonly Snapshot[]>;
  snapshotsError: Accessor<string | null>;
  refresh(): Promise<void>;
  /** What "since the last review" measures from (M26): the newest meeting end's snapshot. */
  lastReview: Accessor<Snapshot | null>;
  /** The snapshot "What changed" compares with: the one chosen, else the last review. */
  since: Accessor<Snapshot | null>;
  choose(id: string | null): void;
}

/**
 * The record a meeting leaves, as this browser knows it (DESIGN §7 History): the snapshot list,
 * read on demand, again when a meeting starts or ends, and again when the document's mark of a
 * snapshot moves, whoever took it: the last taken on request (M23), and a meeting end's (M2,
 * U104); and which snapshot "What changed" is measured from.
 */
export function createRecord(options: {
  workspaceId: string;
  meeting: Accessor<MeetingView>;
  lastSnapshot: Accessor<string | null>;
  onAccessEnded: (problem: AccessProblem) => void;
}): RecordState {
  const api = createRecordApi(options.workspaceId, options.onAccessEnded);
  const [snapshots, setSnapshots] = createSignal<readonly Snapshot[]>([]);
  const [snapshotsError, setSnapshotsError] = createSignal<string | null>(null);
  const [chosen, setChosen] = createSignal<string | null>(null);
  // Reads overlap (a meeting's end, a mark, this person's own snapshot): only the latest one
  // asked for is shown, so a slow answer from before a snapshot was stored cannot hide it.
  let asked = 0;
  const refresh = async () => {
    const ask = ++asked;
    try {
      const list = await api.snapshots();
      if (ask !== asked) return;
      setSnapshots([...list].sort((a, b) => b.at.localeCompare(a.at)));
      setSnapshotsError(null);
    } catch (error) {
      if (ask === asked) setSnapshotsError((error as Error).message);
    }
  };
  // A meeting ended by a node of the release before gets no mark, and with PostgreSQL its snapshot
  // is stored a moment after the end this read follows: one more read a moment later finds it,
  // unless the mark came first. Without it History never read the list again after that end.
  let lateRead: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(lateRead));
  // Memos, so that only a new status or a new id reads again, not every change to the meeting
  // (the current item, its timer, the highlight), as each did before.
  const status = createMemo(() => options.meeting().status);
  const endMark = createMemo(() => options.meeting().endSnapshot?.id);
  createEffect(
    on(
      status,
      (now) => {
        clearTimeout(lateRead);
        if (now === 'ended') lateRead = setTimeout(() => void refresh(), UNMARKED_END_READ_MS);
        void refresh();
      },
    ),
  );
  // Each mark arrives with the change that stored its snapshot, so the list read now holds it:
  // the last taken on request (M23), and the one a meeting's end took, which the server names in
  // the meeting (U104).
  createEffect(on(options.lastSnapshot, () => void refresh(), { defer: true }));
  createEffect(
    on(
      endMark,
      () => {
        clearTimeout(lateRead);
        void refresh();
      },
      { defer: true },
    ),
  );
  const lastReview = () => lastReviewSnapshot(snapshots());
  const since = () => snapshots().find((snapshot) => snapshot.id === chosen()) ?? lastReview();
  return { api, snapshots, snapshotsError, refresh, lastReview, since, choose: setChosen };
}
