import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { readTree } from '../../../../shared/tree/tree-read';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { addNode, archiveNode, moveNode, reorderNode, restoreNode } from '../../../../shared/tree/tree-ops';
import { addTreeNode, newWorkspace } from '../../support/workspace-fixtures';

function titlesUnder(doc: Y.Doc, parent: string | null): string[] {
  const view = readWorkspaceView(doc);
  const tree = readTree(view);
  const ids = parent === null ? tree.roots : (tree.children.get(parent) ?? []);
  return ids.map((id) => view.nodes.get(id)!.title);
}

describe('addNode', () => {
  it('places a node at a position among its siblings, last by default', () => {
    const doc = newWorkspace();
    const parent = addTreeNode(doc, { kind: 'objective', title: 'Growth' });
    for (const title of ['A', 'C']) addTreeNode(doc, { parent, title });
    addTreeNode(doc, { parent, title: 'B', index: 1 });
    addTreeNode(doc, { parent, title: 'First', index: 0 });
    addTreeNode(doc, { parent, title: 'Last', index: 99 });
    expect(titlesUnder(doc, parent)).toEqual(['First', 'A', 'B', 'C', 'Last']);
  });

  it('refuses a parent that does not exist or is archived', () => {
    const doc = newWorkspace();
    const missing = addNode(doc, { kind: 'initiative', title: 'X', parent: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const archived = addTreeNode(doc);
    unwrap(archiveNode(doc, archived, null));
    expect(addNode(doc, { kind: 'initiative', title: 'X', parent: archived })).toMatchObject({ ok: false, error: { code: 'archived' } });
  });

  it('refuses invalid fields with every problem listed', () => {
    const result = addNode(newWorkspace(), { kind: 'milestone', title: ' ', parent: null, progress: 2, stage: 'idea' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.details).toEqual(['The title cannot be empty.', 'Progress must be between 0 and 1.', 'Only initiatives have a stage.']);
  });
});

describe('moveNode and reorderNode', () => {
  it('moves a node and its branch under a new parent at a position', () => {
    const doc = newWorkspace();
    const growth = addTreeNode(doc, { title: 'Growth' });
    const margin = addTreeNode(doc, { title: 'Margin' });
    addTreeNode(doc, { parent: margin, title: 'Existing' });
    const moving = addTreeNode(doc, { parent: growth, title: 'Moving' });
    addTreeNode(doc, { parent: moving, title: 'Child' });
    unwrap(moveNode(doc, moving, { parent: margin, index: 0 }));
    expect(titlesUnder(doc, margin)).toEqual(['Moving', 'Existing']);
    expect(titlesUnder(doc, moving)).toEqual(['Child']);
    expect(titlesUnder(doc, growth)).toEqual([]);
  });

  it('refuses to move a node under itself or its own descendant', () => {
    const doc = newWorkspace();
    const top = addTreeNode(doc);
    const child = addTreeNode(doc, { parent: top });
    expect(moveNode(doc, top, { parent: child })).toMatchObject({ ok: false, error: { code: 'cycle' } });
    expect(moveNode(doc, top, { parent: top })).toMatchObject({ ok: false, error: { code: 'cycle' } });
  });

  it('reorders within the parent, counting positions without the moved node', () => {
    const doc = newWorkspace();
    const ids = ['A', 'B', 'C', 'D'].map((title) => addTreeNode(doc, { title }));
    unwrap(reorderNode(doc, ids[0]!, 2));
    expect(titlesUnder(doc, null)).toEqual(['B', 'C', 'A', 'D']);
    unwrap(reorderNode(doc, ids[3]!, 0));
    expect(titlesUnder(doc, null)).toEqual(['D', 'B', 'C', 'A']);
  });

  it('places a node asked to go between siblings that share a key right after them', () => {
    const doc = newWorkspace();
    const ids = ['A', 'B', 'C'].map((title) => addTreeNode(doc, { title }));
    const nodes = doc.getMap<Y.Map<unknown>>('nodes');
    nodes.get(ids[0]!)!.set('order', 'V');
    nodes.get(ids[1]!)!.set('order', 'V');
    unwrap(reorderNode(doc, ids[2]!, 1));
    const titles = titlesUnder(doc, null);
    expect(titles[2]).toBe('C');
    expect(titles.slice(0, 2).sort()).toEqual(['A', 'B']);
  });

  it('refuses to move an archived node', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc);
    unwrap(archiveNode(doc, node, null));
    expect(reorderNode(doc, node, 0)).toMatchObject({ ok: false, error: { code: 'archived' } });
  });
});

describe('archiveNode and restoreNode', () => {
  it('archives without deleting, so the node is still in the document', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { title: 'Old' });
    unwrap(archiveNode(doc, node, null));
    expect(titlesUnder(doc, null)).toEqual([]);
    expect(readWorkspaceView(doc).nodes.get(node)).toMatchObject({ title: 'Old', archived: true });
  });

  it('restores a node whose parent is archived to the top level', () => {
    const doc = newWorkspace();
    const parent = addTreeNode(doc, { title: 'Parent' });
    const child = addTreeNode(doc, { parent, title: 'Child' });
    unwrap(archiveNode(doc, child, null));
    unwrap(archiveNode(doc, parent, null));
    unwrap(restoreNode(doc, child));
    expect(titlesUnder(doc, null)).toEqual(['Child']);
  });

  it('[T10] keeps who archived a node until it is restored, for the log entry its archive causes', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { title: 'Old' });
    const before = workspaceToJson(doc).nodes[node];
    unwrap(archiveNode(doc, node, 'Ana Diaz'));
    expect(workspaceToJson(doc).nodes[node]).toEqual({ ...before, archived: true, archivedBy: 'Ana Diaz' });
    unwrap(restoreNode(doc, node));
    expect(workspaceToJson(doc).nodes[node]).toEqual(before);
  });
});
