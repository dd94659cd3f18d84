import { describe, expect, it } from 'vitest';
import { archiveDependency, createDependency, dependencyArchivedBy, restoreDependency, updateDependency } from '../../../../shared/schema/dependency-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { addTreeNode, newWorkspace } from '../../support/workspace-fixtures';

describe('dependencies', () => {
  it('start as a request from the upstream node to the one that needs it', () => {
    const doc = newWorkspace();
    const from = addTreeNode(doc);
    const to = addTreeNode(doc);
    const id = unwrap(createDependency(doc, { from, to, needBy: '2025-12-01', owner: 'Priya', note: 'For the beta' }));
    expect(workspaceToJson(doc).deps[id]).toEqual({
      id,
      from,
      to,
      needBy: '2025-12-01',
      state: 'requested',
      committedDate: null,
      owner: 'Priya',
      note: 'For the beta',
      archived: false,
    });
  });

  it('refuses a node depending on itself, a missing or archived end, and a bad date, all at once', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc);
    const archived = addTreeNode(doc);
    unwrap(archiveNode(doc, archived, null));
    const self = createDependency(doc, { from: node, to: node, needBy: 'soon' });
    expect(self).toMatchObject({ ok: false, error: { details: ['A node cannot depend on itself.', 'needBy must be a date written YYYY-MM-DD.'] } });
    expect(createDependency(doc, { from: 'gone', to: archived, needBy: '2025-12-01' })).toMatchObject({
      ok: false,
      error: { details: ['The upstream node does not exist.', 'The downstream node is archived.'] },
    });
  });

  it('lets the downstream change what it asks for', () => {
    const doc = newWorkspace();
    const id = unwrap(createDependency(doc, { from: addTreeNode(doc), to: addTreeNode(doc), needBy: '2025-12-01' }));
    unwrap(updateDependency(doc, id, { needBy: '2025-12-15', note: 'Beta moved', owner: ' ' }));
    expect(workspaceToJson(doc).deps[id]).toMatchObject({ needBy: '2025-12-15', note: 'Beta moved', owner: null });
    expect(updateDependency(doc, id, { needBy: 'later' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('[C13] archiving a dependency', () => {
  it('archives and restores it, each once, keeping its state and dates', () => {
    const doc = newWorkspace();
    const id = unwrap(createDependency(doc, { from: addTreeNode(doc), to: addTreeNode(doc), needBy: '2025-12-01', note: 'usage data' }));
    const before = workspaceToJson(doc).deps[id]!;
    let updates = 0;
    doc.on('update', () => updates++);
    unwrap(archiveDependency(doc, id, null));
    unwrap(archiveDependency(doc, id, null));
    expect(updates).toBe(1);
    expect(workspaceToJson(doc).deps[id]).toEqual({ ...before, archived: true });
    unwrap(restoreDependency(doc, id));
    expect(workspaceToJson(doc).deps[id]).toEqual(before);
    expect(restoreDependency(doc, 'nope')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    unwrap(archiveDependency(doc, id, 'Ben Okafor'));
    expect(workspaceToJson(doc).deps[id]).toEqual({ ...before, archived: true, archivedBy: 'Ben Okafor' });
    expect(dependencyArchivedBy(doc, id)).toBe('Ben Okafor');
    unwrap(restoreDependency(doc, id));
    expect(workspaceToJson(doc).deps[id]).toEqual(before);
  });

  it('[U7] moves either end to another live node with the checks of creating, writing nothing when refused', () => {
    const doc = newWorkspace();
    const [from, to, other] = [addTreeNode(doc), addTreeNode(doc), addTreeNode(doc)];
    const id = unwrap(createDependency(doc, { from, to, needBy: '2025-12-01' }));
    unwrap(updateDependency(doc, id, { to: other }));
    expect(workspaceToJson(doc).deps[id]).toMatchObject({ from, to: other });
    expect(updateDependency(doc, id, { from: other, needBy: 'soon' })).toMatchObject({
      ok: false,
      error: { details: ['A node cannot depend on itself.', 'needBy must be a date written YYYY-MM-DD.'] },
    });
    expect(workspaceToJson(doc).deps[id]).toMatchObject({ from, to: other, needBy: '2025-12-01' });
  });
});
