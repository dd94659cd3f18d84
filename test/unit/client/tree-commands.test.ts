import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';
import { addNode } from '../../../shared/tree/tree-ops';
import { readTree } from '../../../shared/tree/tree-read';
import { addChild, addSiblingAfter, dropNode, indent, outdent, shiftAmongSiblings } from '../../../client/state/tree-commands';

function outline() {
  const doc = new Y.Doc();
  const root = unwrap(addNode(doc, { kind: 'objective', title: 'Root', parent: null }));
  const a = unwrap(addNode(doc, { kind: 'keyResult', title: 'A', parent: root }));
  const b = unwrap(addNode(doc, { kind: 'keyResult', title: 'B', parent: root }));
  const c = unwrap(addNode(doc, { kind: 'keyResult', title: 'C', parent: root }));
  const tree = () => readTree(readWorkspaceView(doc));
  const titles = (parent: string) => (tree().children.get(parent) ?? []).map((id) => readWorkspaceView(doc).nodes.get(id)!.title);
  return { doc, root, a, b, c, tree, titles };
}

describe('outline keyboard commands', () => {
  it('[U2] Enter adds a sibling of the same kind, with an empty title, right after the current node', () => {
    const { doc, root, a, tree, titles } = outline();
    const id = unwrap(addSiblingAfter(doc, readWorkspaceView(doc), tree(), a));
    expect(titles(root)).toEqual(['A', '', 'B', 'C']);
    expect(readWorkspaceView(doc).nodes.get(id)!.kind).toBe('keyResult');
  });

  it('Tab makes a node the last child of the sibling above; Shift+Tab puts it back after its parent', () => {
    const { doc, root, a, b, tree, titles } = outline();
    unwrap(indent(doc, tree(), b)!);
    expect(titles(root)).toEqual(['A', 'C']);
    expect(titles(a)).toEqual(['B']);
    // [U3] a key result cannot sit under a key result: it goes one rung down, and back on Shift+Tab.
    expect(readWorkspaceView(doc).nodes.get(b)!.kind).toBe('initiative');
    unwrap(outdent(doc, tree(), b)!);
    expect(titles(root)).toEqual(['A', 'B', 'C']);
    expect(readWorkspaceView(doc).nodes.get(b)!.kind).toBe('keyResult');
  });

  it('does nothing where there is no sibling above or no parent', () => {
    const { doc, root, a, tree } = outline();
    expect(indent(doc, tree(), a)).toBeNull();
    expect(outdent(doc, tree(), root)).toBeNull();
  });

  it('Alt+arrows move a node one place among its siblings', () => {
    const { doc, root, a, c, tree, titles } = outline();
    unwrap(shiftAmongSiblings(doc, tree(), a, 1)!);
    expect(titles(root)).toEqual(['B', 'A', 'C']);
    unwrap(shiftAmongSiblings(doc, tree(), c, -1)!);
    expect(titles(root)).toEqual(['B', 'C', 'A']);
    expect(shiftAmongSiblings(doc, tree(), c, -1)).not.toBeNull();
    expect(shiftAmongSiblings(doc, tree(), c, -1)).toBeNull();
  });

  it('a drop lands before, inside or after the row it is over, and never inside its own branch', () => {
    const { doc, root, a, b, c, tree, titles } = outline();
    unwrap(dropNode(doc, tree(), c, a, 'before')!);
    expect(titles(root)).toEqual(['C', 'A', 'B']);
    unwrap(dropNode(doc, tree(), c, b, 'after')!);
    expect(titles(root)).toEqual(['A', 'B', 'C']);
    unwrap(dropNode(doc, tree(), b, a, 'inside')!);
    expect(titles(a)).toEqual(['B']);
    const refused = dropNode(doc, tree(), a, b, 'inside')!;
    expect(refused.ok).toBe(false);
  });

  it('a new child goes one level down the ladder', () => {
    const { doc, a } = outline();
    const id = unwrap(addChild(doc, readWorkspaceView(doc), a));
    expect(readWorkspaceView(doc).nodes.get(id)!.kind).toBe('initiative');
    const top = unwrap(addChild(doc, readWorkspaceView(doc), null));
    expect(readWorkspaceView(doc).nodes.get(top)!.kind).toBe('intent');
  });
});
