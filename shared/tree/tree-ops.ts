import type * as Y from 'yjs';
import {
  createNode,
  nodeEntry,
  writeNodeArchived,
  writeNodePlacement,
} from '../schema/node-accessors';
import type { NewNode } from '../schema/node-fields';
import { fail, ok, type OpResult } from '../schema/op-result';
import type { NodeView } from '../schema/view-types';
import { readNodeViews } from '../schema/workspace-view';
import { isOrderKey, keyBetween } from './fractional-index';
import { readTree, type TreeView } from './tree-read';

/** Where a node goes: under `parent` (null for the top level) at `index` among its siblings. */
export interface Placement {
  parent: string | null;
  /** Position among the visible siblings, 0 first; omitted or past the end means last. */
  index?: number;
}

export type NewTreeNode = Omit<NewNode, 'order' | 'parent'> & Placement;

/**
 * Adds a node at a position in the tree.
 *
 * @example
 * const kr = addNode(doc, { kind: 'keyResult', title: 'Cut cloud cost by 200 kUSD', parent: objectiveId });
 */
export function addNode(doc: Y.Doc, input: NewTreeNode): OpResult<string> {
  const { index, parent, ...fields } = input;
  const current = currentTree(doc);
  const refused = checkParent(current, parent);
  if (refused) return refused;
  return createNode(doc, { ...fields, parent, order: orderAt(current, parent, index, null) });
}

/**
 * Re-parents a node and places it among its new siblings. Moving a node under itself or one of
 * its descendants is refused here; concurrent moves that still make a cycle are resolved by
 * `readTree` on every replica alike.
 */
export function moveNode(doc: Y.Doc, nodeId: string, to: Placement): OpResult {
  const current = currentTree(doc);
  const refused = checkMovable(current, nodeId) ?? checkParent(current, to.parent);
  if (refused) return refused;
  for (let id = to.parent; id !== null; id = current.tree.parentOf.get(id) ?? null) {
    if (id === nodeId) return fail('cycle', 'A node cannot move under itself or one of its own children.');
  }
  writeNodePlacement(doc, nodeId, to.parent, orderAt(current, to.parent, to.index, nodeId));
  return ok();
}

/** Moves a node to another position under the same parent. */
export function reorderNode(doc: Y.Doc, nodeId: string, index: number): OpResult {
  const current = currentTree(doc);
  const refused = checkMovable(current, nodeId);
  if (refused) return refused;
  const parent = current.tree.parentOf.get(nodeId) ?? null;
  writeNodePlacement(doc, nodeId, parent, orderAt(current, parent, index, nodeId));
  return ok();
}

/**
 * Deletes a node the recoverable way (DESIGN §3): it and its branch disappear from every view.
 * `by` is who archived it, named by the log entry that resolves what the branch raised (SPEC T5).
 */
export function archiveNode(doc: Y.Doc, nodeId: string, by: string | null): OpResult {
  if (!nodeEntry(doc, nodeId)) return fail('not-found', 'That node does not exist.');
  writeNodeArchived(doc, nodeId, true, by);
  return ok();
}

/**
 * Brings an archived node back with its branch. If its old parent is gone meanwhile, it comes
 * back at the end of the top level rather than staying invisible under an archived node.
 */
export function restoreNode(doc: Y.Doc, nodeId: string): OpResult {
  const entry = nodeEntry(doc, nodeId);
  if (!entry) return fail('not-found', 'That node does not exist.');
  doc.transact(() => {
    writeNodeArchived(doc, nodeId, false);
    const current = currentTree(doc);
    if (!current.tree.parentOf.has(nodeId)) writeNodePlacement(doc, nodeId, null, orderAt(current, null, undefined, nodeId));
  });
  return ok();
}

interface CurrentTree {
  nodes: ReadonlyMap<string, NodeView>;
  tree: TreeView;
}

function currentTree(doc: Y.Doc): CurrentTree {
  const nodes = readNodeViews(doc);
  return { nodes, tree: readTree({ nodes }) };
}

function checkMovable(current: CurrentTree, nodeId: string): OpResult<never> | null {
  if (!current.nodes.has(nodeId)) return fail('not-found', 'That node does not exist.');
  if (!current.tree.parentOf.has(nodeId)) return fail('archived', 'That node is archived; restore it first.');
  return null;
}

function checkParent(current: CurrentTree, parent: string | null): OpResult<never> | null {
  if (parent === null) return null;
  if (!current.nodes.has(parent)) return fail('not-found', 'The new parent does not exist.');
  if (!current.tree.parentOf.has(parent)) return fail('archived', 'The new parent is archived.');
  return null;
}

/**
 * The order key for position `index` among `parent`'s visible children, not counting `moving`.
 * Neighbours with equal (or foreign, unreadable) keys leave no room between them; the key then
 * goes after the run of equal keys, which is the nearest valid spot.
 */
function orderAt(current: CurrentTree, parent: string | null, index: number | undefined, moving: string | null): string {
  const ids = parent === null ? current.tree.roots : (current.tree.children.get(parent) ?? []);
  const siblings = ids.filter((id) => id !== moving).map((id) => current.nodes.get(id)!.order);
  const at = Math.max(0, Math.min(index ?? siblings.length, siblings.length));
  let before: string | null = null;
  for (let i = at - 1; i >= 0 && before === null; i--) if (isOrderKey(siblings[i])) before = siblings[i]!;
  let after: string | null = null;
  for (let i = at; i < siblings.length && after === null; i++) {
    const key = siblings[i]!;
    if (isOrderKey(key) && (before === null || key > before)) after = key;
  }
  return keyBetween(before, after);
}
