import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { nodesMap } from '../../../../shared/schema/root-types';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { changeKind, childKindOf, fitKinds, fitsUnder, kindsUnder } from '../../../../shared/tree/node-kinds';
import { moveNode } from '../../../../shared/tree/tree-ops';
import { addTreeNode, newWorkspace } from '../../support/workspace-fixtures';

const kindOf = (doc: Y.Doc, id: string) => readWorkspaceView(doc).nodes.get(id)!.kind;

describe('[U3] the OKR ladder', () => {
  it('a new child is one rung down; a milestone nests milestones', () => {
    expect([null, 'intent', 'objective', 'keyResult', 'initiative', 'milestone'].map((kind) => childKindOf(kind as never))).toEqual([
      'intent',
      'objective',
      'keyResult',
      'initiative',
      'milestone',
      'milestone',
    ]);
  });

  it('a node sits only under a kind above it; the top level takes any kind', () => {
    expect(fitsUnder('keyResult', 'keyResult')).toBe(false);
    expect(fitsUnder('initiative', 'objective')).toBe(true);
    expect(fitsUnder('objective', 'keyResult')).toBe(false);
    expect(fitsUnder('milestone', 'milestone')).toBe(true);
    expect(kindsUnder(null)).toHaveLength(5);
    expect(kindsUnder('keyResult')).toEqual(['initiative', 'milestone']);
  });

  it('a key result moved under its sibling key result becomes an initiative, its branch one rung down too; moved back, it is a key result again', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', title: 'Grow' });
    const first = addTreeNode(doc, { kind: 'keyResult', title: 'ACV', parent: objective });
    const second = addTreeNode(doc, { kind: 'keyResult', title: 'NRR', parent: objective });
    const initiative = addTreeNode(doc, { kind: 'initiative', title: 'Pricing', parent: second });
    unwrap(moveNode(doc, second, { parent: first }));
    expect(fitKinds(doc, second, 'objective')).toBe(2);
    expect([kindOf(doc, second), kindOf(doc, initiative)]).toEqual(['initiative', 'milestone']);
    unwrap(moveNode(doc, second, { parent: objective }));
    fitKinds(doc, second, 'keyResult');
    expect([kindOf(doc, second), kindOf(doc, initiative)]).toEqual(['keyResult', 'initiative']);
  });

  it('a kind that still fits is kept; one outdented to the top level takes its old parent’s kind', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', title: 'Grow' });
    const kr = addTreeNode(doc, { kind: 'keyResult', title: 'ACV', parent: objective });
    const milestone = addTreeNode(doc, { kind: 'milestone', title: 'Price list out', parent: kr });
    unwrap(moveNode(doc, milestone, { parent: objective }));
    expect(fitKinds(doc, milestone, 'keyResult')).toBe(0);
    unwrap(moveNode(doc, kr, { parent: null }));
    fitKinds(doc, kr, 'objective');
    expect(kindOf(doc, kr)).toBe('objective');
  });

  it('the kind menu offers only kinds that fit, refits the branch, and gives a new initiative its first stage', () => {
    const doc = newWorkspace();
    const objective = addTreeNode(doc, { kind: 'objective', title: 'Grow' });
    const kr = addTreeNode(doc, { kind: 'keyResult', title: 'ACV', parent: objective });
    expect(changeKind(doc, kr, 'intent')).toMatchObject({ ok: false, error: { code: 'invalid', message: 'An intent cannot sit under an objective.' } });
    unwrap(changeKind(doc, objective, 'keyResult'));
    expect([kindOf(doc, objective), kindOf(doc, kr)]).toEqual(['keyResult', 'initiative']);
    expect(readWorkspaceView(doc).nodes.get(kr)!.stage).toBe('idea');
    expect(nodesMap(doc).get(kr)!.get('kind')).toBe('initiative');
  });
});
