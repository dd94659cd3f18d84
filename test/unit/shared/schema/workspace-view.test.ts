import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { evaluateRules } from '../../../../shared/rules/index';
import { updateKpi } from '../../../../shared/schema/kpi-accessors';
import { createNode, updateNode } from '../../../../shared/schema/node-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { appendReadings } from '../../../../shared/schema/readings';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { NOW, addDependency, addKpi, addTreeNode, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

describe('readWorkspaceView', () => {
  it('reads typed entries with parsed dates and readings sorted by date', () => {
    const doc = newWorkspace('Q4');
    const kpi = addKpi(doc, { readings: [['2025-11-10', 2], ['2025-11-03T10:00:00Z', 1]] });
    const node = addTreeNode(doc, { title: 'Launch', due: '2025-12-01' });
    const view = readWorkspaceView(doc);
    expect(view.meta).toEqual({ schema: 2, title: 'Q4', mode: 'review', pivotedAt: null, pivotReason: null });
    expect(view.nodes.get(node)).toMatchObject({ title: 'Launch', due: '2025-12-01', dueMs: Date.UTC(2025, 11, 1) });
    expect(view.kpis.get(kpi)!.readings.map((r) => r.value)).toEqual([1, 2]);
  });

  it('skips entries a writer broke instead of failing the rules', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    doc.getMap<Y.Map<unknown>>('nodes').set('junk', new Y.Map([['kind', 'spaceship']]));
    (doc.getMap<Y.Map<unknown>>('kpis').get(kpi)!.get('readings') as Y.Array<unknown>).push([{ at: 'soon', value: 1 }, { at: '2025-11-01', value: 'x' }]);
    const view = readWorkspaceView(doc);
    expect(view.nodes.has('junk')).toBe(false);
    expect(view.kpis.get(kpi)!.readings).toEqual([]);
  });

  it('follows every kind of change between reads: local edits, remote updates, deep edits and removals', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { title: 'Old' });
    const kpi = addKpi(doc);
    const before = readWorkspaceView(doc);
    unwrap(updateNode(doc, node, { title: 'New' }));
    unwrap(appendReadings(doc, kpi, [{ at: '2025-11-01', value: 5 }], NOW));
    const remote = replicaOf(doc);
    const dep = addDependency(remote, { from: node, to: addTreeNode(remote), needBy: '2025-12-01' });
    sync(remote, doc);
    unwrap(archiveNode(doc, node));
    const after = readWorkspaceView(doc);
    expect(before.nodes.get(node)!.title).toBe('Old');
    expect(after.nodes.get(node)).toMatchObject({ title: 'New', archived: true });
    expect(after.kpis.get(kpi)!.readings).toHaveLength(1);
    expect(after.deps.has(dep)).toBe(true);
    doc.getMap('deps').delete(dep);
    expect(readWorkspaceView(doc).deps.has(dep)).toBe(false);
  });

  it('lets the views of earlier reads go: a room evaluated after every change for hours does not keep them all', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const doc = newWorkspace();
    const node = addTreeNode(doc, { title: 'Draft 0' });
    addKpi(doc);
    readWorkspaceView(doc);
    unwrap(updateNode(doc, node, { title: 'Draft 1' }));
    // The nodes map of a read made by re-reading one entry, as every read after a change is.
    const early = new WeakRef(readWorkspaceView(doc).nodes);
    for (let draft = 2; draft < 12; draft++) {
      unwrap(updateNode(doc, node, { title: `Draft ${draft}` }));
      const view = readWorkspaceView(doc);
      evaluateRules(view, view.rules, NOW);
    }
    // A WeakRef holds its target until the job that made it ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(early.deref()).toBeUndefined();
  });

  it('sees changes made earlier in the same transaction', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { title: 'Old' });
    readWorkspaceView(doc);
    doc.transact(() => {
      unwrap(updateNode(doc, node, { title: 'Inside' }));
      expect(readWorkspaceView(doc).nodes.get(node)!.title).toBe('Inside');
    });
    expect(readWorkspaceView(doc).nodes.get(node)!.title).toBe('Inside');
  });

  it('inside a transaction, as the server runs the rules, re-reads only the entries changed and still sees every change', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { title: 'Old' });
    const other = addTreeNode(doc, { title: 'Other' });
    const before = readWorkspaceView(doc);
    doc.transact(() => {
      expect(readWorkspaceView(doc).nodes).toBe(before.nodes);
      unwrap(updateNode(doc, node, { title: 'Inside' }));
      const inside = readWorkspaceView(doc);
      expect(inside.nodes.get(node)!.title).toBe('Inside');
      expect(inside.nodes.get(other)).toBe(before.nodes.get(other));
      unwrap(updateNode(doc, other, { title: 'After the read' }));
      doc.transact(() => unwrap(updateNode(doc, node, { title: 'Nested' })));
      expect(readWorkspaceView(doc).nodes.get(node)!.title).toBe('Nested');
    });
    const after = readWorkspaceView(doc);
    expect(after.nodes.get(other)!.title).toBe('After the read');
    expect(after.nodes.get(node)!.title).toBe('Nested');
  });

  it('stays current when its very first read happens inside a transaction', () => {
    const doc = newWorkspace();
    const node = unwrap(createNode(doc, { kind: 'initiative', title: 'Old', order: 'V' }));
    doc.transact(() => {
      expect(readWorkspaceView(doc).nodes.get(node)!.title).toBe('Old');
      unwrap(updateNode(doc, node, { title: 'Second' }));
      expect(readWorkspaceView(doc).nodes.get(node)!.title).toBe('Second');
    });
    expect(readWorkspaceView(doc).nodes.get(node)!.title).toBe('Second');
  });

  it('sees changes from inside an observer of the document', () => {
    const doc = newWorkspace();
    const node = addTreeNode(doc, { title: 'Old' });
    readWorkspaceView(doc);
    let seen = '';
    doc.getMap('nodes').observeDeep(() => {
      seen = readWorkspaceView(doc).nodes.get(node)!.title;
    });
    unwrap(updateNode(doc, node, { title: 'Observed' }));
    expect(seen).toBe('Observed');
  });
});

describe('[C1] readings: one per date, the last written wins', () => {
  const values = (doc: Y.Doc, kpi: string) => readWorkspaceView(doc).kpis.get(kpi)!.readings.map((r) => [r.at, r.value, r.index]);

  it('keeps, of several readings on one UTC date, the one latest in the stored array, whatever its time of day', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, {
      readings: [
        ['2025-11-03', 1],
        ['2025-11-10T18:00:00Z', 2],
        ['2025-11-03', 3],
        ['2025-11-10T08:00:00Z', 4],
        ['2025-11-11T00:30:00+01:00', 5], // 10 Nov 23:30 UTC: the same UTC date
        ['2025-11-12', 6],
      ],
    });
    expect(values(doc, kpi)).toEqual([
      ['2025-11-03', 3, 2],
      ['2025-11-11T00:30:00+01:00', 5, 4],
      ['2025-11-12', 6, 5],
    ]);
  });

  it('gives every replica the same reading for a date two people wrote at once', () => {
    const a = newWorkspace();
    const kpi = addKpi(a, { readings: [['2025-11-03', 1]] });
    const b = replicaOf(a);
    unwrap(appendReadings(a, kpi, [{ at: '2025-11-10', value: 10 }], NOW));
    unwrap(appendReadings(b, kpi, [{ at: '2025-11-10', value: 20 }], NOW));
    const c = replicaOf(b);
    sync(a, b);
    sync(b, a);
    sync(a, c);
    expect(values(a, kpi)).toEqual(values(b, kpi));
    expect(values(c, kpi)).toEqual(values(a, kpi));
    expect(readWorkspaceView(a).kpis.get(kpi)!.readings).toHaveLength(2);
  });

  it('hands out the same readings array while the series is unchanged, and a new one after a change', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { readings: [['2025-11-03', 1]] });
    const before = readWorkspaceView(doc).kpis.get(kpi)!.readings;
    unwrap(updateKpiName(doc, kpi));
    expect(readWorkspaceView(doc).kpis.get(kpi)!.readings).toBe(before);
    unwrap(appendReadings(doc, kpi, [{ at: '2025-11-03', value: 2 }], NOW));
    expect(values(doc, kpi)).toEqual([['2025-11-03', 2, 1]]);
  });
});

function updateKpiName(doc: Y.Doc, kpi: string) {
  return updateKpi(doc, kpi, { name: 'Renamed' });
}
