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
});
