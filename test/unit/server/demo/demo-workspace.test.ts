import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_TITLE, buildDemoWorkspace } from '../../../../server/demo/demo-workspace';
import { applyTriagePolicy } from '../../../../shared/pivot/triage-policy';
import { evaluateRules } from '../../../../shared/rules/index';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { NOW } from '../../support/workspace-fixtures';

function demo(now: Date) {
  const doc = new Y.Doc();
  buildDemoWorkspace(doc, now);
  const view = readWorkspaceView(doc);
  return { doc, view, findings: evaluateRules(view, view.rules, now) };
}

describe('the demo workspace', () => {
  it('is a Q4 review with about 25 nodes of all five kinds, six KPIs and five dependencies', () => {
    const { view } = demo(NOW);
    expect(view.meta).toMatchObject({ title: DEMO_TITLE, mode: 'review', schema: 2 });
    const kinds = [...view.nodes.values()].map((node) => node.kind);
    expect(kinds).toHaveLength(25);
    expect(new Set(kinds)).toEqual(new Set(['intent', 'objective', 'keyResult', 'initiative', 'milestone']));
    expect(view.kpis.size).toBe(6);
    expect(view.deps.size).toBe(5);
    for (const kpi of view.kpis.values()) expect(kpi.readings.length).toBeGreaterThanOrEqual(8);
  });

  it.each([NOW, new Date('2026-03-31T08:00:00Z'), new Date('2025-12-29T23:30:00Z')])(
    'breaches exactly one KPI, cloud cost saving, whatever the date (%s)',
    (now) => {
      const { findings } = demo(now);
      const threshold = findings.filter((finding) => finding.rule === 'kpi-threshold');
      expect(threshold.filter((finding) => finding.severity === 'red').map((finding) => finding.message)).toEqual([
        'Cloud cost saving is 22% behind plan (156 of 200 kUSD)',
      ]);
      expect(findings.filter((finding) => finding.rule === 'kpi-stale')).toEqual([]);
    },
  );

  it('has a slipping dependency with an impact chain and value at risk', () => {
    const { findings } = demo(NOW);
    const slip = findings.find((finding) => finding.rule === 'dependency-slip')!;
    expect(slip.severity).toBe('red');
    // Self-serve usage analytics (300) and the enterprise tier waiting on it (900), per unit.
    expect(slip.evidence).toMatchObject({ valueAtRisk: { kUSD: 1200 } });
    expect((slip.evidence.chain as { nodes: string[] }).nodes.length).toBeGreaterThan(3);
  });

  it('pivots into triage on its first rule run, with one item per subject titled with its name', () => {
    const { doc, view, findings } = demo(NOW);
    const summary = applyTriagePolicy(doc, view, findings, NOW, 'rules');
    expect(summary.pivoted).toBe(true);
    expect(summary.created).toEqual([...new Set(findings.map((f) => `triage:${f.subject.type}:${f.subject.id}`))].sort());
    const json = workspaceToJson(doc);
    expect(json.meta!.mode).toBe('triage');
    expect(json.meta!.pivotReason).toContain('Cloud cost saving is 22% behind plan');
    const titles = Object.values(json.agenda).filter((item) => item.kind === 'triage').map((item) => item.title);
    expect(titles).toContain('Cloud cost saving');
    expect(titles).toContain('Warehouse cut-over → Self-serve usage analytics');
  });

  it('keeps a standing scorecard, headlines and to-dos that every meeting starts with', () => {
    const { doc } = demo(NOW);
    const standing = Object.values(workspaceToJson(doc).agenda).filter((item) => item.standing).sort((a, b) => (a.order < b.order ? -1 : 1));
    expect(standing.map((item) => [item.title, item.timeboxMin])).toEqual([
      ['Scorecard: every KPI, on or off track', 5],
      ['Headlines: customer and people news', 5],
      ['To-dos from the last review: done or not done', 5],
    ]);
  });
});
