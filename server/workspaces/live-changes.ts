import { diffWorkspaces, type Changes } from '../../shared/history/changes';
import type { RecordBasis } from '../../shared/history/record-basis';
import type { LiveBasis } from './live-basis';

/** The last answer worked out against each live document. */
const answers = new WeakMap<LiveBasis, { since: string; revision: number; changes: Changes }>();

/**
 * What changed from snapshot `since` (its basis `before`) to the live document, worked out once
 * per snapshot and state of the document. Every screen in a meeting shows "since the last review"
 * and asks again a few seconds after each change (SPEC M15): between two changes a room of
 * hundreds asks hundreds of times for one answer, each a diff of the whole workspace. A snapshot
 * never changes, so its id and the live basis's revision say when the last answer still holds.
 * Callers must not modify what it returns.
 */
export function changesToNow(live: LiveBasis, since: string, before: RecordBasis): Changes {
  const after = live.basis();
  const revision = live.revision();
  const last = answers.get(live);
  if (last !== undefined && last.since === since && last.revision === revision) return last.changes;
  const changes = diffWorkspaces(before, after);
  answers.set(live, { since, revision, changes });
  return changes;
}
