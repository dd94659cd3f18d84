import { describe, expect, it } from 'vitest';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { unwrap } from '../../../../shared/schema/op-result';
import { setStage } from '../../../../shared/tree/initiative-stages';
import type { NewTreeNode } from '../../../../shared/tree/tree-ops';
import { addKpi, addTreeNode, day, newWorkspace } from '../../support/workspace-fixtures';

const editor = { role: 'editor' } as const;
const facilitator = { role: 'facilitator' } as const;

function initiative(fields: Partial<NewTreeNode> = {}) {
  const doc = newWorkspace();
  const id = addTreeNode(doc, { kind: 'initiative', title: 'Partner programme', owner: 'Lena', ...fields });
  const stage = () => readWorkspaceView(doc).nodes.get(id)!.stage;
  return { doc, id, stage };
}

describe('initiative stages', () => {
  it('needs an owner and a KPI or value target before identified', () => {
    const bare = initiative({ owner: null });
    const refused = setStage(bare.doc, bare.id, 'identified', editor);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'prerequisite',
        message: '“Partner programme” needs an owner and a KPI or a value target before it can move to identified.',
        details: ['an owner', 'a KPI or a value target'],
      },
    });
    expect(bare.stage()).toBe('idea');

    const valued = initiative({ value: { planned: 450, realised: 0, unit: 'kUSD' } });
    unwrap(setStage(valued.doc, valued.id, 'identified', editor));
    expect(valued.stage()).toBe('identified');
  });

  it('accepts a KPI instead of a value target', () => {
    const { doc, id } = initiative();
    expect(setStage(doc, id, 'identified', editor).ok).toBe(false);
    const withKpi = addTreeNode(doc, { kind: 'initiative', owner: 'Lena', kpi: addKpi(doc) });
    unwrap(setStage(doc, withKpi, 'identified', editor));
    expect(readWorkspaceView(doc).nodes.get(withKpi)!.stage).toBe('identified');
  });

  it('needs a due date before detailed, checking every gate it jumps over', () => {
    const { doc, id } = initiative({ value: { planned: 1, realised: 0, unit: 'kUSD' } });
    expect(setStage(doc, id, 'detailed', editor)).toMatchObject({ ok: false, error: { details: ['a due date'] } });
    const dated = initiative({ value: { planned: 1, realised: 0, unit: 'kUSD' }, due: day(30) });
    expect(setStage(dated.doc, dated.id, 'detailed', editor).ok).toBe(true);
  });

  it('lets only the facilitator approve, or withdraw an approval', () => {
    const { doc, id, stage } = initiative({ value: { planned: 1, realised: 0, unit: 'kUSD' }, due: day(30), stage: 'detailed' });
    expect(setStage(doc, id, 'approved', editor)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    unwrap(setStage(doc, id, 'approved', facilitator));
    unwrap(setStage(doc, id, 'started', editor));
    expect(setStage(doc, id, 'detailed', editor)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(stage()).toBe('started');
  });

  it('moves back freely below the approval gate', () => {
    const { doc, id, stage } = initiative({ stage: 'detailed' });
    unwrap(setStage(doc, id, 'idea', editor));
    expect(stage()).toBe('idea');
  });

  it('refuses viewers and nodes that are not initiatives', () => {
    const { doc, id } = initiative();
    expect(setStage(doc, id, 'idea', { role: 'viewer' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const milestone = addTreeNode(doc, { kind: 'milestone' });
    expect(setStage(doc, milestone, 'identified', facilitator)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
