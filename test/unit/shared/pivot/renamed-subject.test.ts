import { describe, expect, it } from 'vitest';
import { renamedSubject } from '../../../../shared/pivot/triage-item';
import { applyTriagePolicy } from '../../../../shared/pivot/triage-policy';
import { makeFinding } from '../../../../shared/rules/finding';
import { updateAgendaItem } from '../../../../shared/schema/agenda-accessors';
import { readAgenda } from '../../../../shared/schema/agenda-read';
import { updateKpi } from '../../../../shared/schema/kpi-accessors';
import { updateNode } from '../../../../shared/schema/node-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { agendaMap } from '../../../../shared/schema/root-types';
import type { Subject } from '../../../../shared/schema/types';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addDependency, addKpi, addTreeNode, newWorkspace, NOW } from '../../support/workspace-fixtures';

describe('[T2] a triage item whose subject was renamed after the item was raised', () => {
  it('follows its subject’s name while nobody renamed the item; one the room renamed, or one raised before items followed, keeps its title and names its subject as it is called now', () => {
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
    const runRules = () => applyTriagePolicy(doc, readWorkspaceView(doc), findings, NOW, 'rules');
    runRules();
    const titles = () => Object.fromEntries(readAgenda(doc).map((item) => [item.id, [item.title, renamedSubject(item, readWorkspaceView(doc))]]));
    expect(titles()).toEqual({
      [`triage:kpi:${kpi}`]: ['Cloud cost saving', null],
      [`triage:node:${upstream}`]: ['Warehouse cut-over', null],
      [`triage:dep:${dep}`]: ['Warehouse cut-over → Self-serve usage analytics', null],
    });

    // The room renames the KPI's item; the milestone's item was raised before items followed
    // their subject (it stores no name of its own).
    unwrap(updateAgendaItem(doc, `triage:kpi:${kpi}`, { title: 'Cloud savings: the RI purchase' }));
    agendaMap(doc).get(`triage:node:${upstream}`)!.delete('namedAs');
    unwrap(updateKpi(doc, kpi, { name: 'Cloud cost savings (FY)' }));
    unwrap(updateNode(doc, upstream, { title: 'Warehouse cut-over (Phase 2)' }));
    runRules();
    expect(titles()).toEqual({
      [`triage:kpi:${kpi}`]: ['Cloud savings: the RI purchase', 'KPI Cloud cost savings (FY)'],
      [`triage:node:${upstream}`]: ['Warehouse cut-over', 'Milestone Warehouse cut-over (Phase 2)'],
      [`triage:dep:${dep}`]: ['Warehouse cut-over (Phase 2) → Self-serve usage analytics', null],
    });
    // Running again on the same names writes nothing.
    const before = readAgenda(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    runRules();
    expect(updates).toBe(0);
    expect(readAgenda(doc)).toEqual(before);

    // Renamed by the room to the subject's new name, it needs no second line.
    unwrap(updateAgendaItem(doc, `triage:kpi:${kpi}`, { title: 'Cloud cost savings (FY)' }));
    expect(titles()[`triage:kpi:${kpi}`]).toEqual(['Cloud cost savings (FY)', null]);
  });
});
