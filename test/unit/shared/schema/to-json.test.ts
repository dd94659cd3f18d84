import { describe, expect, it } from 'vitest';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { addKpi, addTreeNode, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

describe('workspaceToJson', () => {
  it('serialises two converged replicas to the same bytes, whatever order they received changes in', () => {
    const a = newWorkspace();
    const b = replicaOf(a);
    for (let i = 0; i < 5; i++) {
      addTreeNode(a, { title: `A${i}` });
      addTreeNode(b, { title: `B${i}` });
    }
    addKpi(b, { readings: [['2025-11-01', 3]] });
    sync(a, b);
    sync(b, a);
    expect(JSON.stringify(workspaceToJson(a))).toBe(JSON.stringify(workspaceToJson(b)));
    expect(Object.keys(workspaceToJson(a).nodes)).toEqual(Object.keys(workspaceToJson(a).nodes).sort());
  });

  it('turns Y.Text into strings and readings into plain arrays', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { readings: [['2025-11-01', 3]] });
    const node = addTreeNode(doc, { title: 'Launch', notes: 'Why' });
    const json = workspaceToJson(doc);
    expect(json.nodes[node]).toMatchObject({ title: 'Launch', notes: 'Why' });
    expect(json.kpis[kpi]!.readings).toEqual([{ at: '2025-11-01', value: 3, source: 'manual' }]);
  });

  it('[L8] lists what meta and meeting keys nobody wrote read as, and what was written as written, keys sorted', () => {
    const doc = newWorkspace();
    doc.getMap('meta').set('mode', 'triage');
    doc.getMap('meta').set('pivotedAt', '2025-11-17T09:00:00.000Z');
    doc.getMap('meeting').set('status', 'running');
    doc.getMap('meeting').set('votesRevealed', 'yes');
    const json = workspaceToJson(doc);
    expect(Object.entries(json.meta!)).toEqual([
      ['mode', 'triage'],
      ['pivotReason', null],
      ['pivotedAt', '2025-11-17T09:00:00.000Z'],
      ['schema', 2],
      ['title', expect.any(String)],
    ]);
    // Values as stored, a broken one too (the JSON shows what a writer did, DESIGN §6).
    expect(json.meeting).toEqual({ status: 'running', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: 'yes' });
  });
});
