import type * as Y from 'yjs';
import type { OpResult } from '../../shared/schema/op-result';
import { fail } from '../../shared/schema/op-result';
import type { TreeView } from '../../shared/tree/tree-read';
import { childKindOf, fitKinds } from '../../shared/tree/node-kinds';
import { addNode, moveNode, reorderNode, type Placement } from '../../shared/tree/tree-ops';
import type { WorkspaceView } from '../../shared/schema/view-types';
import { readNodeViews } from '../../shared/schema/workspace-view';

function siblingsOf(tree: TreeView, parent: string | null): readonly string[] {
  return parent === null ? tree.roots : (tree.children.get(parent) ?? []);
}

/**
 * Enter: a new sibling of the same kind right after `id`. Its title starts empty (the row shows
 * a placeholder), so what the person types next is the whole title (SPEC U2).
 */
export function addSiblingAfter(doc: Y.Doc, view: WorkspaceView, tree: TreeView, id: string): OpResult<string> {
  const node = view.nodes.get(id);
  if (!node) return fail('not-found', 'That node is gone.');
  const parent = tree.parentOf.get(id) ?? null;
  const index = siblingsOf(tree, parent).indexOf(id) + 1;
  return addNode(doc, { kind: node.kind, title: '', parent, index });
}

/** A new last child of `parent`, one rung down the ladder (a new intent at the top level). */
export function addChild(doc: Y.Doc, view: WorkspaceView, parent: string | null): OpResult<string> {
  const kind = childKindOf(parent === null ? null : (view.nodes.get(parent)?.kind ?? null));
  return addNode(doc, { kind, title: '', parent });
}

/** A move that keeps the ladder: the node and its branch take kinds that fit where they land (SPEC U3). */
function moveAndFit(doc: Y.Doc, tree: TreeView, id: string, to: Placement): OpResult {
  const parent = tree.parentOf.get(id) ?? null;
  const previousParent = parent === null ? null : (readNodeViews(doc).get(parent)?.kind ?? null);
  return doc.transact(() => {
    const result = moveNode(doc, id, to);
    if (result.ok) fitKinds(doc, id, previousParent);
    return result;
  });
}

/** Tab: becomes the last child of the sibling above it; its kind follows (node-kinds `kindUnder`). */
export function indent(doc: Y.Doc, tree: TreeView, id: string): OpResult | null {
  const parent = tree.parentOf.get(id) ?? null;
  const siblings = siblingsOf(tree, parent);
  const position = siblings.indexOf(id);
  if (position <= 0) return null;
  return moveAndFit(doc, tree, id, { parent: siblings[position - 1]! });
}

/** Shift+Tab: moves out to sit right after its parent. */
export function outdent(doc: Y.Doc, tree: TreeView, id: string): OpResult | null {
  const parent = tree.parentOf.get(id) ?? null;
  if (parent === null) return null;
  const grandparent = tree.parentOf.get(parent) ?? null;
  return moveAndFit(doc, tree, id, { parent: grandparent, index: siblingsOf(tree, grandparent).indexOf(parent) + 1 });
}

/** Alt+Arrow: one place up or down among its siblings. */
export function shiftAmongSiblings(doc: Y.Doc, tree: TreeView, id: string, by: -1 | 1): OpResult | null {
  const parent = tree.parentOf.get(id) ?? null;
  const siblings = siblingsOf(tree, parent);
  const target = siblings.indexOf(id) + by;
  if (target < 0 || target >= siblings.length) return null;
  return reorderNode(doc, id, target);
}

/** Where a drop lands, from the pointer's height within the row it is over. */
export type DropZone = 'before' | 'inside' | 'after';

/** Drag and drop: re-parent and reorder in one move; a drop onto one's own branch is refused. */
export function dropNode(doc: Y.Doc, tree: TreeView, dragged: string, target: string, zone: DropZone): OpResult | null {
  if (dragged === target) return null;
  if (zone === 'inside') return moveAndFit(doc, tree, dragged, { parent: target });
  const parent = tree.parentOf.get(target) ?? null;
  const siblings = siblingsOf(tree, parent).filter((id) => id !== dragged);
  const index = siblings.indexOf(target) + (zone === 'after' ? 1 : 0);
  return moveAndFit(doc, tree, dragged, { parent, index });
}
