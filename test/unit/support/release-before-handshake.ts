import * as Y from 'yjs';
import { DEP_STATES, memberOf } from '../../../shared/schema/constants';
import { depsMap, setIfChanged } from '../../../shared/schema/root-types';

/**
 * A tab of the release before the proposal id (commit 7a0e54c, SPEC U82), for the tests of the
 * two releases working on one document: its reader and its handshake's writes, as that commit's
 * `datesOf`, `writeDependencyState` and `writeDeclinedProposal` do them (days already checked: the
 * tests pass dates after the need-by date). test/fixtures/handshake7a0e54c holds what that
 * commit itself wrote; proposal-release-before.test.ts checks these writes against it.
 */

/** A dependency's state and dates as a board of 7a0e54c reads them: ids unknown, a proposal declined by date alone. */
export function readAsReleaseBefore(doc: Y.Doc, id: string) {
  const entry = depsMap(doc).get(id)!;
  const state = memberOf(DEP_STATES, entry.get('state')) ?? 'requested';
  const committedDate = entry.get('committedDate') ?? null;
  const proposedDate = entry.get('proposedDate') ?? null;
  const dates =
    state === 'requested' && typeof proposedDate !== 'string' && typeof committedDate === 'string'
      ? { committedDate: null, proposedDate: committedDate }
      : { committedDate, proposedDate };
  return { state, ...dates, proposedDate: dates.proposedDate === entry.get('declinedDate') ? null : dates.proposedDate };
}

/** The release before's upstream proposes `date`, after the need-by date: the dependency keeps its state. */
export function proposeAsReleaseBefore(doc: Y.Doc, id: string, date: string): void {
  const read = readAsReleaseBefore(doc, id);
  write(doc, id, live(read.state), read.committedDate, date);
}

/** The release before's downstream accepts the proposal it reads: the date committed, the proposal emptied. */
export function acceptAsReleaseBefore(doc: Y.Doc, id: string): void {
  const read = readAsReleaseBefore(doc, id);
  const state = live(read.state);
  write(doc, id, state === 'requested' ? 'committed' : state, read.proposedDate, null);
}

/** The release before's downstream declines the proposal it reads, by its date alone. */
export function declineAsReleaseBefore(doc: Y.Doc, id: string): void {
  setIfChanged(depsMap(doc).get(id)!, 'declinedDate', readAsReleaseBefore(doc, id).proposedDate);
}

function live(state: string): string {
  return state === 'committed' || state === 'at-risk' || state === 'blocked' ? state : 'requested';
}

function write(doc: Y.Doc, id: string, state: string, committedDate: unknown, proposedDate: unknown): void {
  const entry = depsMap(doc).get(id)!;
  const before = readAsReleaseBefore(doc, id);
  doc.transact(() => {
    setIfChanged(entry, 'state', state);
    setIfChanged(entry, 'committedDate', committedDate);
    if (before.proposedDate === proposedDate && (proposedDate === null || entry.get('proposedDate') === proposedDate)) return;
    if (proposedDate !== null || entry.has('proposedDate')) setIfChanged(entry, 'proposedDate', proposedDate);
    if (proposedDate !== null && entry.get('declinedDate') === proposedDate) entry.set('declinedDate', null);
  });
}
