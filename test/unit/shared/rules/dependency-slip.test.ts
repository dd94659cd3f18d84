import { describe, expect, it } from 'vitest';
import { dependencySlip } from '../../../../shared/rules/dependency-slip';
import { unwrap } from '../../../../shared/schema/op-result';
import {
  acceptProposedDate,
  commitDependency,
  completeDependency,
  flagDependency,
} from '../../../../shared/tree/dependency-handshake';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import type * as Y from 'yjs';
import { addDependency, addKpi, addTreeNode, day, newWorkspace, run, severities } from '../../support/workspace-fixtures';

function pair(doc: Y.Doc, upstreamDue: string | null = day(5), upstreamStatus: 'on-track' | 'off-track' = 'on-track') {
  const from = addTreeNode(doc, { kind: 'milestone', title: 'Warehouse cut-over', team: 'Platform', due: upstreamDue, status: upstreamStatus });
  const to = addTreeNode(doc, { title: 'Usage analytics', team: 'Growth' });
  return { from, to };
}

describe('dependency-slip: when a dependency slips', () => {
  it('is silent for a commitment on time, far from needBy', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(30) });
    unwrap(commitDependency(doc, dep, day(25)));
    expect(run(doc, dependencySlip)).toEqual([]);
  });

  it('flags a request still not committed within 14 days of needBy, as red', () => {
    const doc = newWorkspace();
    const soon = addDependency(doc, { ...pair(doc), needBy: day(14) });
    addDependency(doc, { ...pair(doc), needBy: day(15) });
    const findings = run(doc, dependencySlip);
    expect(severities(findings)).toEqual([['red', soon]]);
    expect(findings[0]!.message).toBe('Platform has not committed to Warehouse cut-over for Growth, 14 days before it is needed (1 Dec 2025)');
    expect(findings[0]!.evidence.reasons).toEqual(['not-committed']);
  });

  it('flags a committed date after needBy: amber while needBy is far, red within 14 days', () => {
    const doc = newWorkspace();
    const far = addDependency(doc, { ...pair(doc), needBy: day(30) });
    unwrap(commitDependency(doc, far, day(40)));
    unwrap(acceptProposedDate(doc, far));
    const near = addDependency(doc, { ...pair(doc), needBy: day(10) });
    unwrap(commitDependency(doc, near, day(12)));
    unwrap(acceptProposedDate(doc, near));
    const findings = run(doc, dependencySlip);
    expect(severities(findings).sort()).toEqual([['amber', far], ['red', near]].sort());
    expect(findings.find((f) => f.subject.id === far)!.message).toBe(
      'Warehouse cut-over (Platform) is committed for 27 Dec 2025, 10 days after Growth needs it (17 Dec 2025)',
    );
  });

  it('flags a later date proposed back before it is accepted', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(30) });
    unwrap(commitDependency(doc, dep, day(33)));
    const findings = run(doc, dependencySlip);
    expect(findings[0]!.message).toMatch(/^Platform proposes 20 Dec 2025 for Warehouse cut-over, 3 days after Growth needs it/);
  });

  it('without a commitment, compares the upstream due date with needBy', () => {
    const doc = newWorkspace();
    const late = addDependency(doc, { ...pair(doc, day(45)), needBy: day(30) });
    addDependency(doc, { ...pair(doc, day(30)), needBy: day(30) });
    expect(severities(run(doc, dependencySlip))).toEqual([['amber', late]]);
  });

  it('flags an upstream that is off track and a dependency that is blocked', () => {
    const doc = newWorkspace();
    const offTrack = addDependency(doc, { ...pair(doc, day(5), 'off-track'), needBy: day(40) });
    const blocked = addDependency(doc, { ...pair(doc), needBy: day(40) });
    unwrap(flagDependency(doc, blocked, 'blocked'));
    const findings = run(doc, dependencySlip);
    expect(findings.find((f) => f.subject.id === offTrack)!.evidence.reasons).toEqual(['upstream-off-track']);
    expect(findings.find((f) => f.subject.id === blocked)!.message).toBe(
      'Growth is blocked waiting on Warehouse cut-over from Platform, needed by 27 Dec 2025',
    );
  });

  it('treats a needBy already past as red', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(-2) });
    expect(severities(run(doc, dependencySlip))).toEqual([['red', dep]]);
  });

  it('follows the windowDays parameter', () => {
    const doc = newWorkspace();
    addDependency(doc, { ...pair(doc), needBy: day(20) });
    expect(run(doc, dependencySlip)).toEqual([]);
    expect(run(doc, dependencySlip, { windowDays: 21 })).toHaveLength(1);
  });

  it('ignores done dependencies and those with an archived end', () => {
    const doc = newWorkspace();
    const done = addDependency(doc, { ...pair(doc), needBy: day(3) });
    unwrap(completeDependency(doc, done));
    const ends = pair(doc);
    addDependency(doc, { ...ends, needBy: day(3) });
    unwrap(archiveNode(doc, ends.to));
    expect(run(doc, dependencySlip)).toEqual([]);
  });
});

describe('dependency-slip: the impact chain', () => {
  it('carries every node and KPI reached downstream and up the tree, and the value at risk', () => {
    const doc = newWorkspace();
    const signups = addKpi(doc, { name: 'Sign-ups' });
    const objective = addTreeNode(doc, { kind: 'objective', title: 'Grow' });
    const keyResult = addTreeNode(doc, { kind: 'keyResult', parent: objective, kpi: signups });
    const needing = addTreeNode(doc, { parent: keyResult, value: { planned: 300, realised: 0, unit: 'kUSD' } });
    const further = addTreeNode(doc, { value: { planned: 900, realised: 100, unit: 'kUSD' } });
    const upstream = addTreeNode(doc, { kind: 'milestone', due: day(20), value: null });
    addDependency(doc, { from: needing, to: further, needBy: day(60) });
    const slipping = addDependency(doc, { from: upstream, to: needing, needBy: day(10) });
    const findings = run(doc, dependencySlip);
    expect(severities(findings)).toEqual([['red', slipping]]);
    expect(findings[0]!.evidence).toMatchObject({
      chain: { nodes: [objective, keyResult, needing, further].sort(), kpis: [signups] },
      valueAtRisk: 1200,
      valueUnits: ['kUSD'],
    });
    expect(findings[0]!.message).toMatch(/, putting 1,200 kUSD of planned value at risk$/);
  });
});
