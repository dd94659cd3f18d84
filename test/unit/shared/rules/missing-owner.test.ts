import { describe, expect, it } from 'vitest';
import { missingOwner } from '../../../../shared/rules/missing-owner';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { addTreeNode, newWorkspace, run, setRaw, severities } from '../../support/workspace-fixtures';

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

  it('[T2] names a node added from the outline, whose title is still blank, as untitled', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', title: '', owner: null });
    setRaw(doc, 'nodes', addTreeNode(doc, { kind: 'initiative', owner: null, team: 'Growth' }), 'title', '  ');
    expect(run(doc, missingOwner).map((f) => f.message).sort()).toEqual(['Untitled initiative (Growth) has no owner', 'Untitled objective has no owner']);
    expect(run(doc, missingOwner).find((f) => f.subject.id === objective)!.message).toBe('Untitled objective has no owner');
  });

  // As stored by any writer, not only through the accessors (which write blank as null).
  it.each([
    ['', 1, 'empty'],
    ['   ', 1, 'spaces'],
    ['\t\n', 1, 'a tab and a newline'],
    ['\u00a0', 1, 'a non-breaking space'],
    [' Ana ', 0, 'a name with spaces around it'],
    ['Ana', 0, 'a name'],
  ])('[C8] an owner stored as %j: %s finding (%s)', (owner, count) => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { kind: 'objective', owner: 'Ana' });
    setRaw(doc, 'nodes', node, 'owner', owner);
    expect(run(doc, missingOwner)).toHaveLength(count);
    // Every screen reads the same: blank is nobody.
    expect(readWorkspaceView(doc).nodes.get(node)!.owner).toBe(count === 1 ? null : owner);
  });

  it('does not ask key results, milestones or the intent for an owner', () => {
    const doc = newWorkspace();
    for (const kind of ['intent', 'keyResult', 'milestone'] as const) addTreeNode(doc, { kind, owner: null });
    expect(run(doc, missingOwner)).toEqual([]);
  });

  it('[C9] ignores archived nodes', () => {
    const doc = newWorkspace();
    unwrap(archiveNode(doc, addTreeNode(doc, { owner: null }), null));
    expect(run(doc, missingOwner)).toEqual([]);
  });
});
