import { describe, expect, it } from 'vitest';
import { milestoneOverdue } from '../../../../shared/rules/milestone-overdue';
import { archiveDependency, restoreDependency } from '../../../../shared/schema/dependency-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { completeDependency } from '../../../../shared/tree/dependency-handshake';
import { addDependency, addTreeNode, day, newWorkspace, run, severities } from '../../support/workspace-fixtures';

describe('milestone-overdue', () => {
  it('is amber for a node due before today that is not done', () => {
    const doc = newWorkspace();
    const late = addTreeNode(doc, { kind: 'milestone', title: 'Pricing page live', team: 'Growth', due: day(-3), status: 'on-track' });
    const findings = run(doc, milestoneOverdue);
    expect(severities(findings)).toEqual([['amber', late]]);
    expect(findings[0]!.message).toBe('Pricing page live (Growth) was due 14 Nov 2025 and is not done (3 days overdue)');
  });

  it('does not count a node due today, a done node or one without a due date', () => {
    const doc = newWorkspace();
    addTreeNode(doc, { kind: 'milestone', due: day(0) });
    addTreeNode(doc, { kind: 'milestone', due: day(-5), status: 'done' });
    addTreeNode(doc, { kind: 'milestone', due: null });
    expect(run(doc, milestoneOverdue)).toEqual([]);
  });

  it('is red when another team waits on it through a dependency not yet done', () => {
    const doc = newWorkspace();
    const upstream = addTreeNode(doc, { kind: 'milestone', title: 'Warehouse cut-over', team: 'Platform', due: day(-1) });
    const waiting = addTreeNode(doc, { title: 'Usage analytics', team: 'Growth' });
    addDependency(doc, { from: upstream, to: waiting, needBy: day(5) });
    const findings = run(doc, milestoneOverdue);
    expect(severities(findings)).toEqual([['red', upstream]]);
    expect(findings[0]!.message).toMatch(/; Growth is waiting on it$/);
    expect(findings[0]!.evidence).toMatchObject({ waitingNodes: [waiting], daysOverdue: 1 });
  });

  it('is amber again once that dependency is done', () => {
    const doc = newWorkspace();
    const upstream = addTreeNode(doc, { kind: 'milestone', due: day(-1) });
    const dep = addDependency(doc, { from: upstream, to: addTreeNode(doc), needBy: day(5) });
    unwrap(completeDependency(doc, dep));
    expect(severities(run(doc, milestoneOverdue))).toEqual([['amber', upstream]]);
  });

  it('[C9] is amber when the only dependency waiting on it is archived', () => {
    const doc = newWorkspace();
    const upstream = addTreeNode(doc, { kind: 'milestone', due: day(-1) });
    const dep = addDependency(doc, { from: upstream, to: addTreeNode(doc), needBy: day(5) });
    expect(severities(run(doc, milestoneOverdue))).toEqual([['red', upstream]]);
    unwrap(archiveDependency(doc, dep, null));
    expect(severities(run(doc, milestoneOverdue))).toEqual([['amber', upstream]]);
    unwrap(restoreDependency(doc, dep));
    expect(severities(run(doc, milestoneOverdue))).toEqual([['red', upstream]]);
  });

  it('[C9] ignores archived nodes and everything under them', () => {
    const doc = newWorkspace();
    const parent = addTreeNode(doc, { due: day(-10) });
    addTreeNode(doc, { kind: 'milestone', parent, due: day(-2) });
    unwrap(archiveNode(doc, parent, null));
    expect(run(doc, milestoneOverdue)).toEqual([]);
  });
});
