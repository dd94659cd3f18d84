import { describe, expect, it } from 'vitest';
import { missingOwner } from '../../../../shared/rules/missing-owner';
import { unwrap } from '../../../../shared/schema/op-result';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { addTreeNode, newWorkspace, run, severities } from '../../support/workspace-fixtures';

describe('missing-owner', () => {
  it('warns amber about an objective or initiative nobody owns', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', title: 'Improve margin', owner: null });
    const initiative = addTreeNode(doc, { kind: 'initiative', title: 'Tiered SLAs', team: 'Customer Success', owner: '   ' });
    const findings = run(doc, missingOwner);
    expect(severities(findings).sort()).toEqual([['amber', objective], ['amber', initiative]].sort());
    expect(findings.find((f) => f.subject.id === initiative)!.message).toBe(
      'The initiative Tiered SLAs (Customer Success) has no owner',
    );
  });

  it('does not ask key results, milestones or the intent for an owner', () => {
    const doc = newWorkspace();
    for (const kind of ['intent', 'keyResult', 'milestone'] as const) addTreeNode(doc, { kind, owner: null });
    expect(run(doc, missingOwner)).toEqual([]);
  });

  it('ignores archived nodes', () => {
    const doc = newWorkspace();
    unwrap(archiveNode(doc, addTreeNode(doc, { owner: null })));
    expect(run(doc, missingOwner)).toEqual([]);
  });
});
