import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyPivotPolicy } from '../../../../shared/pivot/pivot-policy';
import { makeFinding, type Finding } from '../../../../shared/rules/finding';
import { setDecision, updateAgendaItem } from '../../../../shared/schema/agenda-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { newWorkspace, NOW, replicaOf, sync } from '../../support/workspace-fixtures';

function finding(id: string, severity: 'red' | 'amber', impactSize = 1, message = `${id} is behind plan`): Finding {
  return {
    ...makeFinding('kpi-threshold', { type: 'kpi', id }, severity, message, {}),
    evidence: { impact: { size: impactSize, valueAtRisk: 0, valueUnits: [] } },
  };
}

const later = new Date(NOW.getTime() + 60_000);
const agenda = (doc: Y.Doc) => workspaceToJson(doc).agenda;
const item = (doc: Y.Doc, kpi: string) => agenda(doc)[`triage:kpi-threshold:kpi:${kpi}`]!;

describe('applyPivotPolicy: the pivot', () => {
  it('turns a review into triage on a red finding, with the reason and a log entry', () => {
    const doc = newWorkspace();
    const summary = applyPivotPolicy(doc, [finding('cloud', 'red', 4, 'Cloud cost saving is 22% behind plan (156 of 200 kUSD)')], NOW, 'rules');
    expect(summary).toEqual({ pivoted: true, created: ['triage:kpi-threshold:kpi:cloud'], resolved: [], reopened: [] });
    const json = workspaceToJson(doc);
    expect(json.meta).toMatchObject({
      mode: 'triage',
      pivotedAt: NOW.toISOString(),
      pivotReason: 'The review pivoted to triage because Cloud cost saving is 22% behind plan (156 of 200 kUSD).',
    });
    expect(json.log).toEqual([
      { at: NOW.toISOString(), kind: 'pivot', by: 'rules', text: json.meta!.pivotReason, ref: 'triage:kpi-threshold:kpi:cloud' },
    ]);
  });

  it('writes the whole pivot as one update carrying the given origin', () => {
    const doc = newWorkspace();
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    applyPivotPolicy(doc, [finding('a', 'red'), finding('b', 'amber')], NOW, 'rules');
    expect(origins).toEqual(['rules']);
  });

  it('raises one open triage item per red and amber finding, red first then larger impact first', () => {
    const doc = newWorkspace();
    applyPivotPolicy(doc, [finding('small', 'amber', 1), finding('big', 'amber', 9), finding('fire', 'red', 1)], NOW, 'rules');
    const items = Object.values(agenda(doc)).sort((x, y) => (x.order < y.order ? -1 : 1));
    expect(items.map((i) => [i.subject!.id, i.severity, i.state, i.kind])).toEqual([
      ['fire', 'red', 'open', 'triage'],
      ['big', 'amber', 'open', 'triage'],
      ['small', 'amber', 'open', 'triage'],
    ]);
    expect(items[0]).toMatchObject({ finding: 'kpi-threshold:kpi:fire', title: 'fire is behind plan', decision: '', actions: [], votes: {} });
  });

  it('does nothing in review mode for amber findings alone', () => {
    const doc = newWorkspace();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(applyPivotPolicy(doc, [finding('a', 'amber')], NOW, 'rules')).toEqual({ pivoted: false, created: [], resolved: [], reopened: [] });
    expect(updates).toBe(0);
  });

  it('leaves a document that was never initialised alone', () => {
    const doc = new Y.Doc();
    expect(applyPivotPolicy(doc, [finding('a', 'red')], NOW, 'rules').pivoted).toBe(false);
    expect(doc.getMap('agenda').size).toBe(0);
  });
});

describe('applyPivotPolicy: idempotence', () => {
  it('produces no update when applied again with the same findings', () => {
    const doc = newWorkspace();
    const findings = [finding('a', 'red'), finding('b', 'amber')];
    applyPivotPolicy(doc, findings, NOW, 'rules');
    let updates = 0;
    doc.on('update', () => updates++);
    expect(applyPivotPolicy(doc, findings, later, 'rules')).toEqual({ pivoted: false, created: [], resolved: [], reopened: [] });
    expect(updates).toBe(0);
  });
});

describe('applyPivotPolicy: while in triage', () => {
  it('keeps adding items for new findings and never goes back to review on its own', () => {
    const doc = newWorkspace();
    applyPivotPolicy(doc, [finding('a', 'red')], NOW, 'rules');
    expect(applyPivotPolicy(doc, [finding('a', 'red'), finding('b', 'amber')], later, 'rules').created).toEqual(['triage:kpi-threshold:kpi:b']);
    applyPivotPolicy(doc, [], later, 'rules');
    expect(workspaceToJson(doc).meta).toMatchObject({ mode: 'triage', pivotedAt: NOW.toISOString() });
  });

  it('resolves the items of findings that cleared, whatever their discussion state, and logs it', () => {
    const doc = newWorkspace();
    applyPivotPolicy(doc, [finding('a', 'red'), finding('b', 'amber')], NOW, 'rules');
    unwrap(updateAgendaItem(doc, 'triage:kpi-threshold:kpi:b', { state: 'discussing' }));
    const summary = applyPivotPolicy(doc, [finding('a', 'red')], later, 'rules');
    expect(summary.resolved).toEqual(['triage:kpi-threshold:kpi:b']);
    expect(item(doc, 'b').state).toBe('resolved');
    expect(item(doc, 'a').state).toBe('open');
    expect(workspaceToJson(doc).log.at(-1)).toEqual({
      at: later.toISOString(),
      kind: 'resolution',
      by: 'rules',
      text: 'Resolved "b is behind plan": the finding cleared.',
      ref: 'triage:kpi-threshold:kpi:b',
    });
  });

  it('reopens a resolved item when its finding comes back, keeping its decision', () => {
    const doc = newWorkspace();
    applyPivotPolicy(doc, [finding('a', 'red'), finding('b', 'amber')], NOW, 'rules');
    unwrap(setDecision(doc, 'triage:kpi-threshold:kpi:b', 'Wait a week'));
    applyPivotPolicy(doc, [finding('a', 'red')], NOW, 'rules');
    const summary = applyPivotPolicy(doc, [finding('a', 'red'), finding('b', 'red')], later, 'rules');
    expect(summary).toMatchObject({ created: [], reopened: ['triage:kpi-threshold:kpi:b'] });
    expect(item(doc, 'b')).toMatchObject({ state: 'open', severity: 'red', decision: 'Wait a week' });
    expect(workspaceToJson(doc).log.at(-1)!.kind).toBe('reopen');
  });

  it('takes a new severity and moves the item with it, leaving decided items decided', () => {
    const doc = newWorkspace();
    applyPivotPolicy(doc, [finding('a', 'red'), finding('b', 'amber')], NOW, 'rules');
    unwrap(updateAgendaItem(doc, 'triage:kpi-threshold:kpi:b', { state: 'decided' }));
    const amberOrder = item(doc, 'b').order;
    applyPivotPolicy(doc, [finding('a', 'red'), finding('b', 'red')], later, 'rules');
    expect(item(doc, 'b')).toMatchObject({ severity: 'red', state: 'decided' });
    expect(item(doc, 'b').order < amberOrder).toBe(true);
  });
});

describe('applyPivotPolicy on replicas at once', () => {
  it('converges on one item per finding and triage mode after the replicas merge', () => {
    const a = newWorkspace();
    const b = replicaOf(a);
    const findings = [finding('cloud', 'red', 4), finding('churn', 'amber', 2), finding('arr', 'amber', 7)];
    applyPivotPolicy(a, findings, NOW, 'rules');
    applyPivotPolicy(b, findings, NOW, 'rules');
    sync(a, b);
    sync(b, a);
    const json = workspaceToJson(a);
    expect(JSON.stringify(workspaceToJson(b))).toBe(JSON.stringify(json));
    expect(Object.keys(json.agenda).sort()).toEqual(findings.map((f) => `triage:${f.key}`).sort());
    expect(json.meta!.mode).toBe('triage');
    let updates = 0;
    a.on('update', () => updates++);
    applyPivotPolicy(a, findings, later, 'rules');
    expect(updates).toBe(0);
  });
});
