import { describe, expect, it } from 'vitest';
import { renamedSubject } from '../../../../shared/pivot/triage-item';
import { applyTriagePolicy } from '../../../../shared/pivot/triage-policy';
import { makeFinding } from '../../../../shared/rules/finding';
import { updateAgendaItem } from '../../../../shared/schema/agenda-accessors';
import { readAgenda } from '../../../../shared/schema/agenda-read';
import { updateKpi } from '../../../../shared/schema/kpi-accessors';
import { updateNode } from '../../../../shared/schema/node-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import type { Subject } from '../../../../shared/schema/types';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addDependency, addKpi, addTreeNode, newWorkspace, NOW } from '../../support/workspace-fixtures';

describe('[T2] a triage item whose subject was renamed after the item was raised', () => {
  it('keeps the title it was given and names its subject as it is called now, for a KPI, a milestone and a dependency', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { name: 'Cloud cost saving' });
    const upstream = addTreeNode(doc, { kind: 'milestone', title: 'Warehouse cut-over' });
    const downstream = addTreeNode(doc, { title: 'Self-serve usage analytics' });
    const dep = addDependency(doc, { from: upstream, to: downstream, needBy: '2025-12-01' });
    const subjects: Subject[] = [
      { type: 'kpi', id: kpi },
      { type: 'node', id: upstream },
      { type: 'dep', id: dep },
    ];
    doc.getMap('meta').set('mode', 'triage');
    const findings = subjects.map((subject) => makeFinding('kpi-threshold', subject, 'red', 'behind', {}));
    applyTriagePolicy(doc, readWorkspaceView(doc), findings, NOW, 'rules');
    const named = () => new Map(readAgenda(doc).map((item) => [item.id, renamedSubject(item, readWorkspaceView(doc))]));
    expect([...named().values()]).toEqual([null, null, null]);

    unwrap(updateKpi(doc, kpi, { name: 'Cloud cost savings (FY)' }));
    unwrap(updateNode(doc, upstream, { title: 'Warehouse cut-over (Phase 2)' }));
    expect(Object.fromEntries(named())).toEqual({
      [`triage:kpi:${kpi}`]: 'KPI Cloud cost savings (FY)',
      [`triage:node:${upstream}`]: 'Milestone Warehouse cut-over (Phase 2)',
      [`triage:dep:${dep}`]: 'Dependency Warehouse cut-over (Phase 2) → Self-serve usage analytics',
    });
    expect(readAgenda(doc).find((item) => item.id === `triage:node:${upstream}`)?.title).toBe('Warehouse cut-over');

    // Renamed by the room to the subject's new name, it needs no second line.
    unwrap(updateAgendaItem(doc, `triage:kpi:${kpi}`, { title: 'Cloud cost savings (FY)' }));
    expect(named().get(`triage:kpi:${kpi}`)).toBeNull();
  });
});
