import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { readTree } from '../../../../shared/tree/tree-read';
import { archiveNode, moveNode, restoreNode } from '../../../../shared/tree/tree-ops';
import { addTreeNode, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

const treeOf = (doc: Y.Doc) => readTree(readWorkspaceView(doc));

/** The tree as nested [title, children] pairs, easy to read in an assertion. */
function outline(doc: Y.Doc): unknown[] {
  const view = readWorkspaceView(doc);
  const tree = readTree(view);
  const walk = (ids: readonly string[]): unknown[] =>
    ids.map((id) => {
      const kids = tree.children.get(id) ?? [];
      return kids.length > 0 ? [view.nodes.get(id)!.title, walk(kids)] : view.nodes.get(id)!.title;
    });
  return walk(tree.roots);
}

describe('readTree', () => {
  it('shows children in order under their parents, depth first', () => {
    const doc = newWorkspace();
    const growth = addTreeNode(doc, { kind: 'objective', title: 'Growth' });
    addTreeNode(doc, { parent: growth, title: 'B' });
    addTreeNode(doc, { parent: growth, title: 'A', index: 0 });
    addTreeNode(doc, { kind: 'objective', title: 'Margin' });
    expect(outline(doc)).toEqual([['Growth', ['A', 'B']], 'Margin']);
    expect(treeOf(doc).preorder).toHaveLength(4);
  });

  it('shows a node whose parent does not exist at the top level', () => {
    const doc = newWorkspace();
    const id = addTreeNode(doc, { title: 'Orphan' });
    doc.getMap<Y.Map<unknown>>('nodes').get(id)!.set('parent', 'no-such-node');
    expect(treeOf(doc).parentOf.get(id)).toBeNull();
  });

  it('hides an archived node and its whole branch, and brings them back on restore', () => {
    const doc = newWorkspace();
    const parent = addTreeNode(doc, { title: 'Parent' });
    const child = addTreeNode(doc, { parent, title: 'Child' });
    addTreeNode(doc, { title: 'Other' });
    unwrap(archiveNode(doc, parent, null));
    expect(outline(doc)).toEqual(['Other']);
    expect(treeOf(doc).parentOf.has(child)).toBe(false);
    unwrap(restoreNode(doc, parent));
    expect(outline(doc)).toEqual([['Parent', ['Child']], 'Other']);
  });
});

describe('readTree breaks cycles from concurrent moves', () => {
  it('shows the node with the smallest id of the cycle under the root, on every replica', () => {
    const a = newWorkspace();
    const x = addTreeNode(a, { title: 'X' });
    const y = addTreeNode(a, { title: 'Y' });
    const b = replicaOf(a);
    unwrap(moveNode(a, x, { parent: y }));
    unwrap(moveNode(b, y, { parent: x }));
    sync(a, b);
    sync(b, a);
    const smallest = [x, y].sort()[0]!;
    const other = smallest === x ? y : x;
    for (const doc of [a, b]) {
      const tree = treeOf(doc);
      expect(tree.roots).toEqual([smallest]);
      expect(tree.children.get(smallest)).toEqual([other]);
      expect(tree.cycleBreaks).toEqual([smallest]);
    }
  });

  it('breaks a longer cycle once, keeps nodes hanging off it, and treats a self-parent as a root', () => {
    const doc = newWorkspace();
    const ids = ['n3', 'n1', 'n2'].map((id) => addTreeNode(doc, { id, title: id }));
    const hanging = addTreeNode(doc, { id: 'n9', title: 'n9', parent: 'n2' });
    const nodes = doc.getMap<Y.Map<unknown>>('nodes');
    nodes.get('n1')!.set('parent', 'n2');
    nodes.get('n2')!.set('parent', 'n3');
    nodes.get('n3')!.set('parent', 'n1');
    const self = addTreeNode(doc, { id: 'n0', title: 'n0' });
    nodes.get(self)!.set('parent', self);
    const tree = treeOf(doc);
    expect(tree.roots).toEqual(expect.arrayContaining(['n0', 'n1']));
    expect(tree.parentOf.get('n3')).toBe('n1');
    expect(tree.parentOf.get('n2')).toBe('n3');
    expect(tree.parentOf.get(hanging)).toBe('n2');
    expect(tree.cycleBreaks).toEqual(['n0', 'n1']);
    expect(tree.preorder).toHaveLength(ids.length + 2);
  });
});

describe('readTree without building its lists', () => {
  it('answers which parent a node is shown under, and how many are shown, exactly as parentOf and preorder do', () => {
    const doc = newWorkspace();
    const root = addTreeNode(doc, { id: 'r', title: 'r' });
    const child = addTreeNode(doc, { id: 'c', title: 'c', parent: root });
    const archived = addTreeNode(doc, { id: 'a', title: 'a', parent: root });
    const under = addTreeNode(doc, { id: 'u', title: 'u', parent: archived });
    const orphan = addTreeNode(doc, { id: 'o', title: 'o' });
    doc.getMap<Y.Map<unknown>>('nodes').get(orphan)!.set('parent', 'missing');
    const cycle = ['x1', 'x2'].map((id) => addTreeNode(doc, { id, title: id }));
    doc.getMap<Y.Map<unknown>>('nodes').get('x1')!.set('parent', 'x2');
    doc.getMap<Y.Map<unknown>>('nodes').get('x2')!.set('parent', 'x1');
    unwrap(archiveNode(doc, archived, null));
    // Asked first, before the lists exist, then compared with them.
    const tree = treeOf(doc);
    const asked = [root, child, archived, under, orphan, ...cycle, 'nobody'].map((id) => tree.shownParent(id));
    expect(asked).toEqual([null, root, undefined, undefined, null, null, 'x1', undefined]);
    expect(tree.size).toBe(5);
    expect(asked).toEqual([root, child, archived, under, orphan, ...cycle, 'nobody'].map((id) => tree.parentOf.get(id)));
    expect(tree.preorder).toHaveLength(tree.size);
  });
});
