import type * as Y from 'yjs';
import { dayInWords } from '../rules/format';
import { readDependencyDates, writeAcceptedProposal, writeDeclinedProposal, writeDependencyState } from '../schema/dependency-accessors';
import { earliestCommitDay } from '../schema/commit-dates';
import type { DepState } from '../schema/constants';
import { fail, ok, type OpResult } from '../schema/op-result';
import { isProposal } from '../schema/dependency-proposal';
import { depsMap } from '../schema/root-types';
import type { IsoDay } from '../schema/types';
import { parseDay } from '../schema/utc-dates';

/**
 * The dependency handshake between two teams (DESIGN §3 `deps`):
 *
 *   requested ──commit (on or before needBy)──▶ committed ──▶ done
 *
 * A date later than `needBy` is a counter-offer, not a promise: it is kept as the proposal
 * (`proposedDate`) and the dependency stays in its state, requested or committed to the earlier
 * date, with "proposed <date>" beside it, until the downstream accepts it (the committed date
 * becomes the proposal; a request becomes committed) or declines it (the proposal goes). Either
 * way `dependency-slip` counts the proposed date as the delivery date, since it is just as late
 * (SPEC U6). `at-risk` and `blocked` are flags either side raises on a live dependency; `done`
 * closes it.
 */

/**
 * The upstream commits, at `now`, to deliver by `date`; a date after `needBy` becomes a proposal
 * instead. A date that has already passed is refused (SPEC U57): it would be a missed commitment
 * from the moment it is stored.
 */
export function commitDependency(doc: Y.Doc, depId: string, date: IsoDay, now: Date): OpResult<{ proposed: boolean }> {
  const dates = readDependencyDates(doc, depId);
  if (!dates) return fail('not-found', 'That dependency does not exist.');
  if (dates.state === 'done') return fail('conflict', 'That dependency is already done.');
  const dateMs = parseDay(date);
  if (dateMs === null) return fail('invalid', 'The committed date must be written YYYY-MM-DD.');
  const passed = passedDate(date, now);
  if (passed) return passed;
  const needByMs = parseDay(depsMap(doc).get(depId)!.get('needBy'));
  const proposed = isProposal(dateMs, needByMs);
  if (proposed) writeDependencyState(doc, depId, liveState(dates.state), dates.committedDate, date);
  else writeDependencyState(doc, depId, 'committed', date, null);
  return ok({ proposed });
}

/**
 * The downstream accepts, at `now`, the upstream's proposed later date: it becomes the committed
 * date. Only the proposal read is accepted: a new date the upstream proposes at the same moment
 * stays open (SPEC U82). A proposal whose date has passed meanwhile is refused as a commitment to
 * it would be (SPEC U57): accepted, it would be a missed commitment from the moment it is stored.
 */
export function acceptProposedDate(doc: Y.Doc, depId: string, now: Date): OpResult {
  const dates = readDependencyDates(doc, depId);
  if (!dates) return fail('not-found', 'That dependency does not exist.');
  if (dates.proposedDate === null || dates.state === 'done') return fail('conflict', 'There is no proposed date to accept.');
  const passed = passedDate(dates.proposedDate, now);
  if (passed) return passed;
  const state = liveState(dates.state);
  writeAcceptedProposal(doc, depId, state === 'requested' ? 'committed' : state, dates.proposedDate, dates.proposalKey!);
  return ok();
}

/**
 * The downstream declines the proposal: it goes, and the dependency stays as it was. Only the
 * proposal read is declined: a new date the upstream proposes at the same moment stays (SPEC U81),
 * and so does one proposed again at the same date (SPEC U82).
 */
export function declineProposedDate(doc: Y.Doc, depId: string): OpResult {
  const dates = readDependencyDates(doc, depId);
  if (!dates) return fail('not-found', 'That dependency does not exist.');
  if (dates.proposedDate === null || dates.state === 'done') return fail('conflict', 'There is no proposed date to decline.');
  writeDeclinedProposal(doc, depId, dates.proposedDate, dates.proposalKey!);
  return ok();
}

/** Raises `at-risk` or `blocked` on a live dependency, or clears the flag (null). */
export function flagDependency(doc: Y.Doc, depId: string, flag: 'at-risk' | 'blocked' | null): OpResult {
  const dates = readDependencyDates(doc, depId);
  if (!dates) return fail('not-found', 'That dependency does not exist.');
  if (dates.state === 'done') return fail('conflict', 'That dependency is already done.');
  // Clearing a flag returns to committed when a date is on record (a flag is raised on live work).
  writeDependencyState(doc, depId, flag ?? (dates.committedDate !== null ? 'committed' : 'requested'), dates.committedDate, dates.proposedDate);
  return ok();
}

/** The upstream delivered; a proposal still open has nothing left to decide. */
export function completeDependency(doc: Y.Doc, depId: string): OpResult {
  const dates = readDependencyDates(doc, depId);
  if (!dates) return fail('not-found', 'That dependency does not exist.');
  writeDependencyState(doc, depId, 'done', dates.committedDate, null);
  return ok();
}

/** The state a live dependency keeps through the handshake (done is handled before). */
function liveState(state: DepState): Exclude<DepState, 'done'> {
  return state === 'committed' || state === 'at-risk' || state === 'blocked' ? state : 'requested';
}

/** The refusal of a commitment to a day that has passed for the committer or for the rules (SPEC U57), or null. */
function passedDate(date: IsoDay, now: Date): OpResult<never> | null {
  const earliest = earliestCommitDay(now);
  if (date >= earliest) return null;
  // In words, as the dependency board writes its dates (SPEC U38).
  return fail('invalid', `The date ${dayInWords(date)} is before today (${dayInWords(earliest)}): a dependency cannot be committed to a day that has passed. Pick today or a later date.`);
}
