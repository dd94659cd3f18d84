import { describe, expect, it } from 'vitest';
import { dependencySlip } from '../../../../shared/rules/dependency-slip';
import { archiveDependency, restoreDependency } from '../../../../shared/schema/dependency-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import {
  acceptProposedDate,
  commitDependency,
  completeDependency,
  declineProposedDate,
  flagDependency,
} from '../../../../shared/tree/dependency-handshake';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import type * as Y from 'yjs';
import { addDependency, addKpi, addTreeNode, day, newWorkspace, NOW, nowAt, run, severities } from '../../support/workspace-fixtures';

function pair(doc: Y.Doc, upstreamDue: string | null = day(5), upstreamStatus: 'on-track' | 'off-track' = 'on-track') {
  const from = addTreeNode(doc, { kind: 'milestone', title: 'Warehouse cut-over', team: 'Platform', due: upstreamDue, status: upstreamStatus });
  const to = addTreeNode(doc, { title: 'Usage analytics', team: 'Growth' });
  return { from, to };
}

describe('dependency-slip: when a dependency slips', () => {
  it('is silent for a commitment on time, far from needBy', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(30) });
    unwrap(commitDependency(doc, dep, day(25), NOW));
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
    unwrap(commitDependency(doc, far, day(40), NOW));
    unwrap(acceptProposedDate(doc, far, NOW));
    const near = addDependency(doc, { ...pair(doc), needBy: day(10) });
    unwrap(commitDependency(doc, near, day(12), NOW));
    unwrap(acceptProposedDate(doc, near, NOW));
    const findings = run(doc, dependencySlip);
    expect(severities(findings).sort()).toEqual([['amber', far], ['red', near]].sort());
    expect(findings.find((f) => f.subject.id === far)!.message).toBe(
      'Warehouse cut-over (Platform) is committed for 27 Dec 2025, 10 days after Growth needs it (17 Dec 2025)',
    );
  });

  it('flags a later date proposed back before it is accepted', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(30) });
    unwrap(commitDependency(doc, dep, day(33), NOW));
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
    unwrap(archiveNode(doc, ends.to, null));
    expect(run(doc, dependencySlip)).toEqual([]);
  });
});

describe('[C7] dependency-slip: a missed commitment', () => {
  // The upstream is due well before a far need-by date, so only the commitment itself can slip.
  function committed(committedDate: string, then?: (doc: Y.Doc, dep: string) => void) {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc, day(20)), needBy: day(30) });
    // Committed a month ago, to a date that has passed since (or not yet).
    unwrap(commitDependency(doc, dep, committedDate, nowAt(-30)));
    then?.(doc, dep);
    return { dep, findings: run(doc, dependencySlip) };
  }

  it.each([
    [day(-3), 'red', 'committed for 3 days ago, not done (the old contract saw nothing)'],
    [day(-1), 'red', 'committed for yesterday'],
    [day(0), null, 'committed for today: not missed yet'],
    [day(5), null, 'committed for a date ahead'],
  ])('committed for %s: %s (%s)', (date, severity, _why) => {
    const { findings } = committed(date);
    expect(findings[0]?.severity ?? null).toBe(severity);
  });

  it('says who committed to what, when, and who needs it', () => {
    const { dep, findings } = committed(day(-3));
    expect(findings[0]!.message).toBe(
      'Platform committed to Warehouse cut-over for 14 Nov 2025 and has not delivered it (3 days ago); Growth needs it by 17 Dec 2025',
    );
    expect(findings[0]!.subject).toEqual({ type: 'dep', id: dep });
    expect(findings[0]!.evidence).toMatchObject({ reasons: ['missed-commitment'], daysSinceCommitted: 3, daysToNeedBy: 30 });
  });

  it('is a missed commitment however the dependency is flagged since, and nothing once it is done', () => {
    expect(committed(day(-3), (doc, dep) => unwrap(flagDependency(doc, dep, 'at-risk'))).findings[0]!.evidence.reasons).toEqual(['missed-commitment']);
    expect(committed(day(-3), (doc, dep) => unwrap(completeDependency(doc, dep))).findings).toEqual([]);
  });
});

describe('[U6] dependency-slip: a later date proposed on a commitment', () => {
  it('counts the proposed date as the delivery date while the dependency stays committed; declined, the commitment speaks again', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc, day(20)), needBy: day(30) });
    unwrap(commitDependency(doc, dep, day(25), NOW));
    expect(run(doc, dependencySlip)).toEqual([]);
    unwrap(commitDependency(doc, dep, day(40), NOW));
    const [finding] = run(doc, dependencySlip);
    expect(finding!.evidence).toMatchObject({ reasons: ['delivers-late'], state: 'committed', committedDate: day(25), proposedDate: day(40), slipDays: 10 });
    expect(finding!.message).toContain('proposes 27 Dec 2025');
    unwrap(declineProposedDate(doc, dep));
    expect(run(doc, dependencySlip)).toEqual([]);
  });
});

describe('[C9] dependency-slip: archived dependencies', () => {
  it('raises nothing on an archived dependency, and again once it is restored', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(3) });
    unwrap(archiveDependency(doc, dep, null));
    expect(run(doc, dependencySlip)).toEqual([]);
    unwrap(restoreDependency(doc, dep));
    expect(severities(run(doc, dependencySlip))).toEqual([['red', dep]]);
  });

  it('carries no slip downstream through an archived dependency', () => {
    const doc = newWorkspace();
    const { from, to } = pair(doc);
    const further = addTreeNode(doc, { title: 'Enterprise tier', value: { planned: 900, realised: 0, unit: 'kUSD' } });
    const onward = addDependency(doc, { from: to, to: further, needBy: day(60) });
    const slipping = addDependency(doc, { from, to, needBy: day(3) });
    expect(run(doc, dependencySlip).find((f) => f.subject.id === slipping)!.evidence.chain).toMatchObject({ nodes: [to, further].sort() });
    unwrap(archiveDependency(doc, onward, null));
    const findings = run(doc, dependencySlip);
    expect(findings.map((f) => f.subject.id)).toEqual([slipping]);
    expect(findings[0]!.evidence).toMatchObject({ chain: { nodes: [to] }, valueAtRisk: {} });
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
      valueAtRisk: { kUSD: 1200 },
    });
    expect(findings[0]!.message).toMatch(/, putting 1,200 kUSD of planned value at risk$/);
  });

  it('[C10] gives the value at risk per unit, never a sum across units', () => {
    const doc = newWorkspace();
    const upstream = addTreeNode(doc, { kind: 'milestone', due: day(20) });
    const needing = addTreeNode(doc, { value: { planned: 1200, realised: 0, unit: 'kUSD' } });
    const further = addTreeNode(doc, { value: { planned: 50, realised: 0, unit: 'kEUR' } });
    const zero = addTreeNode(doc, { value: { planned: 0, realised: 0, unit: 'kGBP' } });
    addDependency(doc, { from: needing, to: further, needBy: day(60) });
    addDependency(doc, { from: needing, to: zero, needBy: day(60) });
    addDependency(doc, { from: upstream, to: needing, needBy: day(10) });
    const finding = run(doc, dependencySlip).find((f) => f.evidence.from === upstream)!;
    expect(finding.evidence.valueAtRisk).toEqual({ kEUR: 50, kGBP: 0, kUSD: 1200 });
    expect(finding.message).toMatch(/, putting 1,200 kUSD and 50 kEUR of planned value at risk$/);
  });
});
