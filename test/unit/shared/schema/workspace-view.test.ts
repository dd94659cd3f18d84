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

  it('reads every stored field of DESIGN §3 into its own view field, in a document decoded from an update as a room loads it', () => {
    // Each field holds a value no other field holds, so a field read into another's place, or
    // not read at all, shows. The replica's keys are strings the update decoder made: the case
    // the readers' dispatch on stored key names is written for.
    const doc = newWorkspace();
    doc.transact(() => {
      const node = new Y.Map<unknown>();
      doc.getMap<Y.Map<unknown>>('nodes').set('n1', node);
      const nodeFields: Record<string, unknown> = {
        id: 'n1', kind: 'initiative', title: new Y.Text('Warehouse cut-over'), parent: 'parent-1', order: 'a0',
        owner: 'Ana', team: 'Platform', due: '2026-01-02', reviewDate: '2026-01-03', status: 'at-risk',
        progress: 0.25, weight: 3, kpi: 'kpi-1', confidence: 0.4, confidenceNote: 'Vendor late',
        stage: 'approved', value: { planned: 100, realised: 10, unit: 'kUSD' }, notes: new Y.Text('not in the view'), archived: true,
      };
      for (const [key, value] of Object.entries(nodeFields)) node.set(key, value);
      const kpi = new Y.Map<unknown>();
      doc.getMap<Y.Map<unknown>>('kpis').set('k1', kpi);
      const kpiFields: Record<string, unknown> = {
        id: 'k1', name: 'Uptime', unit: '%', direction: 'maintain', lower: 10, upper: 20, baseline: 5, target: 15,
        startDate: '2026-01-01', targetDate: '2026-06-30', amberPct: 7, redPct: 21, cadenceDays: 14, owner: 'Kim',
        readings: Y.Array.from([{ at: '2026-01-05', value: 12, source: 'manual' }]),
        plan: Y.Array.from([{ at: '2026-01-04', value: 11 }]), createdAt: '2025-12-30T09:00:00Z', archived: true,
      };
      for (const [key, value] of Object.entries(kpiFields)) kpi.set(key, value);
      const dep = new Y.Map<unknown>();
      doc.getMap<Y.Map<unknown>>('deps').set('d1', dep);
      const depFields: Record<string, unknown> = {
        id: 'd1', from: 'n1', to: 'n2', needBy: '2026-02-01', state: 'committed', committedDate: '2026-01-20',
        proposedDate: '2026-01-25', owner: 'Lee', note: new Y.Text('not in the view'), archived: true,
      };
      for (const [key, value] of Object.entries(depFields)) dep.set(key, value);
    });
    const view = readWorkspaceView(replicaOf(doc));
    expect(view.nodes.get('n1')).toEqual({
      id: 'n1', kind: 'initiative', title: 'Warehouse cut-over', parent: 'parent-1', order: 'a0', owner: 'Ana', team: 'Platform',
      due: '2026-01-02', dueMs: Date.UTC(2026, 0, 2), reviewDate: '2026-01-03', status: 'at-risk', progress: 0.25, weight: 3,
      kpi: 'kpi-1', confidence: 0.4, confidenceNote: 'Vendor late', stage: 'approved',
      value: { planned: 100, realised: 10, unit: 'kUSD' }, archived: true,
    });
    expect({ ...view.kpis.get('k1')! }).toEqual({
      id: 'k1', name: 'Uptime', unit: '%', direction: 'maintain', lower: 10, upper: 20, baseline: 5, target: 15,
      startDate: '2026-01-01', startMs: Date.UTC(2026, 0, 1), targetDate: '2026-06-30', targetMs: Date.UTC(2026, 5, 30),
      amberPct: 7, redPct: 21, cadenceDays: 14, owner: 'Kim',
      plan: [{ at: '2026-01-04', atMs: Date.UTC(2026, 0, 4), value: 11 }],
      readings: [{ at: '2026-01-05', atMs: Date.UTC(2026, 0, 5), value: 12, source: 'manual', index: 0 }],
      createdAt: '2025-12-30T09:00:00Z', createdMs: Date.UTC(2025, 11, 30, 9), archived: true,
    });
    expect(view.deps.get('d1')).toEqual({
      id: 'd1', from: 'n1', to: 'n2', needBy: '2026-02-01', needByMs: Date.UTC(2026, 1, 1), state: 'committed',
      committedDate: '2026-01-20', committedMs: Date.UTC(2026, 0, 20), proposedDate: '2026-01-25', proposedMs: Date.UTC(2026, 0, 25),
      owner: 'Lee', archived: true,
    });
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

  it('[H1] reads a dependency whose state no release writes as requested: it stays on the board and its slip is still found', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { from: addTreeNode(doc), to: addTreeNode(doc), needBy: '2025-11-20' });
    const entry = doc.getMap<Y.Map<unknown>>('deps').get(dep)!;
    for (const foreign of ['Committed', 7, null, { state: 'done' }]) {
      entry.set('state', foreign);
      const view = readWorkspaceView(doc);
      expect(view.deps.get(dep)?.state, JSON.stringify(foreign)).toBe('requested');
      const slip = evaluateRules(view, view.rules, NOW).find((finding) => finding.key === `dependency-slip:dep:${dep}`);
      expect(slip?.severity, JSON.stringify(foreign)).toBe('red');
    }
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
    unwrap(archiveNode(doc, node, null));
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
