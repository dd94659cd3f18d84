import { describe, expect, it } from 'vitest';
import { dayInWords } from '../../../../shared/rules/format';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { unwrap } from '../../../../shared/schema/op-result';
import { depsMap } from '../../../../shared/schema/root-types';
import {
  acceptProposedDate,
  commitDependency,
  completeDependency,
  declineProposedDate,
  flagDependency,
} from '../../../../shared/tree/dependency-handshake';
import { addDependency, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';

function request() {
  const doc = newWorkspace();
  const id = addDependency(doc, { from: addTreeNode(doc), to: addTreeNode(doc), needBy: day(20) });
  const dep = () => {
    const { state, committedDate, proposedDate } = readWorkspaceView(doc).deps.get(id)!;
    return { state, committedDate, proposedDate };
  };
  return { doc, id, dep };
}

describe('the dependency handshake', () => {
  it('starts as a request', () => {
    expect(request().dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: null });
  });

  it('commits when the upstream can deliver by needBy', () => {
    const { doc, id, dep } = request();
    expect(unwrap(commitDependency(doc, id, day(20), NOW))).toEqual({ proposed: false });
    expect(dep()).toEqual({ state: 'committed', committedDate: day(20), proposedDate: null });
  });

  it('[U6] keeps a later date as a proposal beside the state until the downstream accepts it', () => {
    const { doc, id, dep } = request();
    expect(unwrap(commitDependency(doc, id, day(27), NOW))).toEqual({ proposed: true });
    expect(dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: day(27) });
    unwrap(acceptProposedDate(doc, id, NOW));
    expect(dep()).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
  });

  it('[U6] a proposal on a committed dependency leaves it committed to its date; declined, it goes', () => {
    const { doc, id, dep } = request();
    unwrap(commitDependency(doc, id, day(18), NOW));
    unwrap(commitDependency(doc, id, day(30), NOW));
    expect(dep()).toEqual({ state: 'committed', committedDate: day(18), proposedDate: day(30) });
    unwrap(flagDependency(doc, id, 'at-risk'));
    expect(dep()).toEqual({ state: 'at-risk', committedDate: day(18), proposedDate: day(30) });
    unwrap(declineProposedDate(doc, id));
    expect(dep()).toEqual({ state: 'at-risk', committedDate: day(18), proposedDate: null });
    expect(declineProposedDate(doc, id)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    unwrap(commitDependency(doc, id, day(25), NOW));
    unwrap(acceptProposedDate(doc, id, NOW));
    expect(dep()).toEqual({ state: 'at-risk', committedDate: day(25), proposedDate: null });
  });

  it('[U6] a proposal stored by the release before (a request with a committed date) reads, accepts and declines as one', () => {
    const { doc, id, dep } = request();
    depsMap(doc).get(id)!.set('committedDate', day(27));
    expect(dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: day(27) });
    unwrap(declineProposedDate(doc, id));
    expect(dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: null });
    const other = request();
    depsMap(other.doc).get(other.id)!.set('committedDate', day(27));
    unwrap(acceptProposedDate(other.doc, other.id, NOW));
    expect(other.dep()).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
  });

  it('[U6] a flag raised and cleared on a proposal stored by the release before keeps the proposal', () => {
    const { doc, id, dep } = request();
    depsMap(doc).get(id)!.set('committedDate', day(27));
    unwrap(flagDependency(doc, id, 'at-risk'));
    expect(dep()).toEqual({ state: 'at-risk', committedDate: null, proposedDate: day(27) });
    unwrap(flagDependency(doc, id, null));
    expect(dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: day(27) });
    unwrap(acceptProposedDate(doc, id, NOW));
    expect(dep()).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
  });

  it('[U81] a flag on a declined proposal writes nothing to the proposal', () => {
    const { doc, id, dep } = request();
    unwrap(commitDependency(doc, id, day(27), NOW));
    unwrap(declineProposedDate(doc, id));
    unwrap(flagDependency(doc, id, 'blocked'));
    expect(dep()).toEqual({ state: 'blocked', committedDate: null, proposedDate: null });
    expect(depsMap(doc).get(id)!.toJSON()).toMatchObject({ proposedDate: day(27), declinedDate: day(27) });
  });

  it('has nothing to accept without a proposal', () => {
    const { doc, id } = request();
    expect(acceptProposedDate(doc, id, NOW)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('raises and clears flags on live work', () => {
    const { doc, id, dep } = request();
    unwrap(commitDependency(doc, id, day(18), NOW));
    unwrap(flagDependency(doc, id, 'blocked'));
    expect(dep().state).toBe('blocked');
    unwrap(flagDependency(doc, id, null));
    expect(dep()).toEqual({ state: 'committed', committedDate: day(18), proposedDate: null });
  });

  it('closes with done, after which it cannot be re-committed', () => {
    const { doc, id, dep } = request();
    unwrap(completeDependency(doc, id));
    expect(dep().state).toBe('done');
    expect(commitDependency(doc, id, day(1), NOW)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses a committed date that is not a date', () => {
    const { doc, id } = request();
    expect(commitDependency(doc, id, '20/12/2025', NOW)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('[U57] refuses a commitment to a day that has passed, naming the date, and stores nothing; today is a commitment', () => {
    const { doc, id, dep } = request();
    const refused = commitDependency(doc, id, day(-1), NOW);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(!refused.ok && refused.error.message).toBe(
      `The date ${dayInWords(day(-1))} is before today (${dayInWords(day(0))}): a dependency cannot be committed to a day that has passed. Pick today or a later date.`,
    );
    // A proposal is a promise too: a passed date after need-by is refused the same way.
    const late = request();
    depsMap(late.doc).get(late.id)!.set('needBy', day(-10));
    expect(commitDependency(late.doc, late.id, day(-3), NOW)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(late.dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: null });
    expect(dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: null });
    expect(unwrap(commitDependency(doc, id, day(0), NOW))).toEqual({ proposed: false });
    expect(dep()).toEqual({ state: 'committed', committedDate: day(0), proposedDate: null });
  });

  it('[U57] refuses to accept a proposal whose date has passed since it was made, and keeps it to decline', () => {
    const { doc, id, dep } = request();
    depsMap(doc).get(id)!.set('needBy', day(-10));
    // Proposed a week ago for yesterday, after the need-by date; accepted today, it would be missed at once.
    const weekAgo = new Date(NOW.getTime() - 7 * 86_400_000);
    expect(unwrap(commitDependency(doc, id, day(-1), weekAgo))).toEqual({ proposed: true });
    const refused = acceptProposedDate(doc, id, NOW);
    expect(!refused.ok && refused.error.message).toBe(
      `The date ${dayInWords(day(-1))} is before today (${dayInWords(day(0))}): a dependency cannot be committed to a day that has passed. Pick today or a later date.`,
    );
    expect(dep()).toEqual({ state: 'requested', committedDate: null, proposedDate: day(-1) });
  });
});
