import { describe, expect, it } from 'vitest';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { unwrap } from '../../../../shared/schema/op-result';
import {
  acceptProposedDate,
  commitDependency,
  completeDependency,
  flagDependency,
} from '../../../../shared/tree/dependency-handshake';
import { addDependency, addTreeNode, day, newWorkspace } from '../../support/workspace-fixtures';

function request() {
  const doc = newWorkspace();
  const id = addDependency(doc, { from: addTreeNode(doc), to: addTreeNode(doc), needBy: day(20) });
  const dep = () => {
    const { state, committedDate } = readWorkspaceView(doc).deps.get(id)!;
    return { state, committedDate };
  };
  return { doc, id, dep };
}

describe('the dependency handshake', () => {
  it('starts as a request', () => {
    expect(request().dep()).toEqual({ state: 'requested', committedDate: null });
  });

  it('commits when the upstream can deliver by needBy', () => {
    const { doc, id, dep } = request();
    expect(unwrap(commitDependency(doc, id, day(20)))).toEqual({ proposed: false });
    expect(dep()).toEqual({ state: 'committed', committedDate: day(20) });
  });

  it('keeps a later date as a proposal until the downstream accepts it', () => {
    const { doc, id, dep } = request();
    expect(unwrap(commitDependency(doc, id, day(27)))).toEqual({ proposed: true });
    expect(dep()).toEqual({ state: 'requested', committedDate: day(27) });
    unwrap(acceptProposedDate(doc, id));
    expect(dep()).toEqual({ state: 'committed', committedDate: day(27) });
  });

  it('has nothing to accept without a proposal', () => {
    const { doc, id } = request();
    expect(acceptProposedDate(doc, id)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('raises and clears flags on live work', () => {
    const { doc, id, dep } = request();
    unwrap(commitDependency(doc, id, day(18)));
    unwrap(flagDependency(doc, id, 'blocked'));
    expect(dep().state).toBe('blocked');
    unwrap(flagDependency(doc, id, null));
    expect(dep()).toEqual({ state: 'committed', committedDate: day(18) });
  });

  it('closes with done, after which it cannot be re-committed', () => {
    const { doc, id, dep } = request();
    unwrap(completeDependency(doc, id));
    expect(dep().state).toBe('done');
    expect(commitDependency(doc, id, day(1))).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses a committed date that is not a date', () => {
    const { doc, id } = request();
    expect(commitDependency(doc, id, '20/12/2025')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
