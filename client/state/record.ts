import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { lastReviewSnapshot } from '../../shared/history/snapshot-kind';
import type { MeetingView } from '../../shared/schema/meeting';
import type { AccessProblem } from '../sync/access-problem';
import { createRecordApi, type RecordApi, type Snapshot } from '../sync/record-api';

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
 * read on demand, again when a meeting starts or ends (ending one takes a snapshot on the
 * server, M2, stored with the update that ended it, so it is read a moment after), and again
 * when the document's mark of the last snapshot taken on request moves (M23), whoever took it;
 * and which snapshot "What changed" is measured from.
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
  const timers: ReturnType<typeof setTimeout>[] = [];
  createEffect(
    on(
      () => options.meeting().status,
      () => {
        void refresh();
        // The end's snapshot is stored with the update that ended it: read again once it has travelled.
        for (const ms of [400, 1500]) timers.push(setTimeout(() => void refresh(), ms));
      },
    ),
  );
  onCleanup(() => timers.forEach(clearTimeout));
  // The mark arrives with the change that stored the snapshot, so the list read now holds it.
  createEffect(on(options.lastSnapshot, () => void refresh(), { defer: true }));
  const lastReview = () => lastReviewSnapshot(snapshots());
  const since = () => snapshots().find((snapshot) => snapshot.id === chosen()) ?? lastReview();
  return { api, snapshots, snapshotsError, refresh, lastReview, since, choose: setChosen };
}
