import type * as Y from 'yjs';
import { writeDependencyState } from '../schema/dependency-accessors';
import { fail, ok, type OpResult } from '../schema/op-result';
import { depsMap } from '../schema/root-types';
import type { IsoDay } from '../schema/types';
import { parseDay } from '../schema/utc-dates';

/**
 * The dependency handshake between two teams (DESIGN §3 `deps`):
 *
 *   requested ──commit (on or before needBy)──▶ committed ──▶ done
 *       │                                          ▲
 *       └─propose a later date─▶ requested + committedDate ─accept─┘
 *
 * A date later than `needBy` is a counter-offer, not a promise: the dependency stays
 * `requested` with the proposed `committedDate` until the downstream accepts it, which makes it
 * `committed` with that date. Either way `dependency-slip` shows the gap until `needBy` moves.
 * `at-risk` and `blocked` are flags either side raises on a live dependency; `done` closes it.
 */

/** The upstream commits to deliver by `date`; a date after `needBy` becomes a proposal instead. */
export function commitDependency(doc: Y.Doc, depId: string, date: IsoDay): OpResult<{ proposed: boolean }> {
  const entry = depsMap(doc).get(depId);
  if (!entry) return fail('not-found', 'That dependency does not exist.');
  if (entry.get('state') === 'done') return fail('conflict', 'That dependency is already done.');
  const dateMs = parseDay(date);
  if (dateMs === null) return fail('invalid', 'The committed date must be written YYYY-MM-DD.');
  const needByMs = parseDay(entry.get('needBy'));
  const proposed = needByMs !== null && dateMs > needByMs;
  writeDependencyState(doc, depId, proposed ? 'requested' : 'committed', date);
  return ok({ proposed });
}

/** The downstream accepts the upstream's proposed later date: the dependency is committed to it. */
export function acceptProposedDate(doc: Y.Doc, depId: string): OpResult {
  const entry = depsMap(doc).get(depId);
  if (!entry) return fail('not-found', 'That dependency does not exist.');
  const date = entry.get('committedDate');
  if (entry.get('state') !== 'requested' || typeof date !== 'string') {
    return fail('conflict', 'There is no proposed date to accept.');
  }
  writeDependencyState(doc, depId, 'committed', date);
  return ok();
}

/** Raises `at-risk` or `blocked` on a live dependency, or clears the flag (null). */
export function flagDependency(doc: Y.Doc, depId: string, flag: 'at-risk' | 'blocked' | null): OpResult {
  const entry = depsMap(doc).get(depId);
  if (!entry) return fail('not-found', 'That dependency does not exist.');
  if (entry.get('state') === 'done') return fail('conflict', 'That dependency is already done.');
  const committedDate = entry.get('committedDate');
  const date = typeof committedDate === 'string' ? committedDate : null;
  // Clearing a flag returns to committed when a date is on record (a flag is raised on live work).
  writeDependencyState(doc, depId, flag ?? (date !== null ? 'committed' : 'requested'), date);
  return ok();
}

/** The upstream delivered. */
export function completeDependency(doc: Y.Doc, depId: string): OpResult {
  const entry = depsMap(doc).get(depId);
  if (!entry) return fail('not-found', 'That dependency does not exist.');
  const committedDate = entry.get('committedDate');
  writeDependencyState(doc, depId, 'done', typeof committedDate === 'string' ? committedDate : null);
  return ok();
}

