import type * as Y from 'yjs';
import { NODE_KINDS, isOneOf, type NodeKind } from '../schema/constants';
import { nodeEntry, writeNodeKind } from '../schema/node-accessors';
import { fail, ok, type OpResult } from '../schema/op-result';
import { capitalise, KIND_NOUN } from '../rules/format';
import { readNodeViews } from '../schema/workspace-view';
import type { NodeView } from '../schema/view-types';
import { readTree, type TreeView } from './tree-read';

/**
 * The OKR ladder of DESIGN §3, top down: intent → objective → key result → initiative →
 * milestone. A node sits under a kind above it on the ladder (an initiative straight under an
 * objective is fine, a key result under a key result is not); milestones, the bottom rung, may
 * nest as sub-milestones. The top level takes any kind, so a team can start from objectives.
 */
const rank = (kind: NodeKind): number => NODE_KINDS.indexOf(kind);

/** How a kind reads to people (menus, row tags, the field's label). */
export const KIND_LABEL: Readonly<Record<NodeKind, string>> = Object.freeze(
  Object.fromEntries(NODE_KINDS.map((kind) => [kind, capitalise(KIND_NOUN[kind])])) as Record<NodeKind, string>,
);

/** The kind a new child gets: one rung down the ladder (a milestone's child is a milestone). */
export function childKindOf(parent: NodeKind | null): NodeKind {
  if (parent === null) return 'intent';
  return NODE_KINDS[Math.min(rank(parent) + 1, NODE_KINDS.length - 1)]!;
}

/** Whether a node of `kind` may sit under a node of `parent` (null: the top level). */
export function fitsUnder(kind: NodeKind, parent: NodeKind | null): boolean {
  if (parent === null) return true;
  return rank(kind) > rank(parent) || (kind === 'milestone' && parent === 'milestone');
}

/** The kinds a node under `parent` may take: what the kind menu offers. */
export function kindsUnder(parent: NodeKind | null): NodeKind[] {
  return NODE_KINDS.filter((kind) => fitsUnder(kind, parent));
}

/**
 * The kind a node of `kind` takes when its parent's kind goes from `before` to `now` (null: the
 * top level), by a move or by the parent's own kind changing. Why it changes at all: an outline
 * that kept kinds would make Tab on a key result give a key result under a key result, a tree no
 * OKR reader recognises. So:
 * - a node that sat one rung below its parent keeps that relation: Tab on a key result makes it
 *   an initiative under the key result above, Shift+Tab makes it a key result again, and a node
 *   outdented to the top level takes its old parent's kind (it now sits beside it);
 * - any other node keeps its kind while that kind may sit under the new parent (an initiative
 *   moved straight under an objective stays one), and otherwise takes the next kind down.
 */
function kindUnder(kind: NodeKind, before: NodeKind | null, now: NodeKind | null): NodeKind {
  if (before !== now && kind === childKindOf(before)) return now === null ? (before ?? kind) : childKindOf(now);
  return fitsUnder(kind, now) ? kind : childKindOf(now);
}

/**
 * Refits the kinds of `nodeId` and its branch after it moved from under a parent of kind
 * `previousParent` (kindUnder says how); returns how many nodes changed kind.
 */
export function fitKinds(doc: Y.Doc, nodeId: string, previousParent: NodeKind | null): number {
  const nodes = readNodeViews(doc);
  const tree = readTree({ nodes });
  const parent = tree.parentOf.get(nodeId) ?? null;
  return doc.transact(() => refit(doc, nodes, tree, nodeId, previousParent, parent === null ? null : (nodes.get(parent)?.kind ?? null)));
}

function refit(doc: Y.Doc, nodes: ReadonlyMap<string, NodeView>, tree: TreeView, id: string, before: NodeKind | null, now: NodeKind | null): number {
  const node = nodes.get(id);
  if (!node) return 0;
  const kind = kindUnder(node.kind, before, now);
  let changed = 0;
  if (kind !== node.kind) {
    writeNodeKind(doc, id, kind);
    changed++;
  }
  for (const child of tree.children.get(id) ?? []) changed += refit(doc, nodes, tree, child, node.kind, kind);
  return changed;
}

/**
 * The kind menu: gives a node another kind that may sit under its parent, then refits its branch
 * as kindUnder says (an objective turned key result makes its key results initiatives).
 */
export function changeKind(doc: Y.Doc, nodeId: string, kind: NodeKind): OpResult {
  if (!isOneOf(NODE_KINDS, kind)) return fail('invalid', `"${String(kind)}" is not a node kind.`);
  if (!nodeEntry(doc, nodeId)) return fail('not-found', 'That node does not exist.');
  const nodes = readNodeViews(doc);
  const node = nodes.get(nodeId);
  if (!node || node.archived) return fail('archived', 'That node is archived; restore it to edit it.');
  const tree = readTree({ nodes });
  const parentId = tree.parentOf.get(nodeId) ?? null;
  const parentKind = parentId === null ? null : (nodes.get(parentId)?.kind ?? null);
  if (!fitsUnder(kind, parentKind)) return fail('invalid', `${capitalise(aKind(kind))} cannot sit under ${aKind(parentKind!)}.`);
  doc.transact(() => {
    writeNodeKind(doc, nodeId, kind);
    for (const child of tree.children.get(nodeId) ?? []) refit(doc, nodes, tree, child, node.kind, kind);
  });
  return ok();
}

/** "an intent", "a key result": the kind with its article, for sentences. */
function aKind(kind: NodeKind): string {
  const label = KIND_LABEL[kind].toLowerCase();
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
}
