import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { returnToReview } from '../../../../shared/pivot/review-mode';
import { applyTriagePolicy, type TriageSummary } from '../../../../shared/pivot/triage-policy';
import { makeFinding, type Finding } from '../../../../shared/rules/finding';
import { evaluateRules } from '../../../../shared/rules/index';
import { setDecision, updateAgendaItem } from '../../../../shared/schema/agenda-accessors';
import { addAction, setVote } from '../../../../shared/schema/agenda-actions';
import { decideItem, deferItem, resolveItem } from '../../../../shared/schema/agenda-outcomes';
import type { Severity } from '../../../../shared/schema/constants';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { seededRandom, testSeed } from '../../../support/random';
import { addDependency, addKpi, addTreeNode, day, newWorkspace, NOW, replicaOf, setRaw, sync } from '../../support/workspace-fixtures';
import { archiveDependency } from '../../../../shared/schema/dependency-accessors';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { updateNode } from '../../../../shared/schema/node-accessors';
import { archiveKpi } from '../../../../shared/schema/kpi-accessors';
import { writeRuleSetting } from '../../../../shared/rules/rule-settings';

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const by = (now = NOW) => ({ by: 'Ana', now });

/** A workspace with three KPIs, named so items can be told apart by title. */
function workspace(): { doc: Y.Doc; cloud: string; churn: string; arr: string } {
  const doc = newWorkspace();
  return {
    doc,
    cloud: addKpi(doc, { name: 'Cloud cost saving' }),
    churn: addKpi(doc, { name: 'Logo churn' }),
    arr: addKpi(doc, { name: 'New ARR' }),
  };
}

function finding(rule: string, kpi: string, severity: Severity, message = `${rule} on ${kpi}`, impact = 1): Finding {
  return { ...makeFinding(rule, { type: 'kpi', id: kpi }, severity, message, { slipPct: 20 }), evidence: { slipPct: 20, impact: { size: impact } } };
}
const threshold = (kpi: string, severity: Severity, message?: string, impact?: number) => finding('kpi-threshold', kpi, severity, message, impact);
const trend = (kpi: string) => finding('kpi-trend', kpi, 'amber');
const stale = (kpi: string) => finding('kpi-stale', kpi, 'amber');

function apply(doc: Y.Doc, findings: Finding[], now = NOW): TriageSummary {
  return applyTriagePolicy(doc, readWorkspaceView(doc), findings, now, 'rules');
}
const json = (doc: Y.Doc) => workspaceToJson(doc);
const item = (doc: Y.Doc, kpi: string) => json(doc).agenda[`triage:kpi:${kpi}`]!;
const lastLog = (doc: Y.Doc) => json(doc).log.at(-1)!;

function countUpdates(doc: Y.Doc): () => number {
  let updates = 0;
  doc.on('update', () => updates++);
  return () => updates;
}

describe('T3 the pivot: only an uncovered red turns the review', () => {
  it('pivots on a red finding, with a reason naming it, a log entry and one update carrying the origin', () => {
    const { doc, cloud } = workspace();
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const summary = apply(doc, [threshold(cloud, 'red', 'Cloud cost saving is 22% behind plan')]);
    expect(summary).toEqual({ pivoted: true, created: [`triage:kpi:${cloud}`], reopened: [], resolved: [] });
    expect(json(doc).meta).toMatchObject({ mode: 'triage', pivotedAt: NOW.toISOString(), pivotReason: 'In triage because Cloud cost saving is 22% behind plan.' });
    expect(lastLog(doc)).toEqual({ at: NOW.toISOString(), kind: 'pivot', by: 'rules', text: json(doc).meta!.pivotReason, ref: `triage:kpi:${cloud}` });
    expect(origins).toEqual(['rules']);
  });

  it('[L8] does nothing in review for amber findings alone, not even to a workspace that stores no pivot keys', () => {
    const { doc, cloud } = workspace();
    const updates = countUpdates(doc);
    expect(apply(doc, [trend(cloud)])).toEqual({ pivoted: false, created: [], reopened: [], resolved: [] });
    expect(updates()).toBe(0);
  });

  it('leaves a document that was never initialised alone', () => {
    const doc = new Y.Doc();
    expect(apply(doc, [threshold('x', 'red')]).pivoted).toBe(false);
    expect(doc.getMap('agenda').size).toBe(0);
  });

  it('does not pivot again on a red the room decided, after going back to review', () => {
    const { doc, cloud } = workspace();
    const red = [threshold(cloud, 'red')];
    apply(doc, red);
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(5))));
    unwrap(returnToReview(doc, red, by(minutes(6))));
    const summary = apply(doc, [threshold(cloud, 'red', 'Cloud cost saving is 30% behind plan')], minutes(30));
    expect(summary.pivoted).toBe(false);
    expect(json(doc).meta).toMatchObject({ mode: 'review', pivotReason: null });
    expect(item(doc, cloud).state).toBe('decided');
  });

  it('pivots on a red finding the room has not seen, while the decided one stays decided', () => {
    const { doc, cloud, churn } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(5))));
    unwrap(returnToReview(doc, [threshold(cloud, 'red')], by(minutes(6))));
    const summary = apply(doc, [threshold(cloud, 'red'), threshold(churn, 'red', 'Logo churn is 3 points over')], minutes(30));
    expect(summary).toMatchObject({ pivoted: true, created: [`triage:kpi:${churn}`], reopened: [] });
    expect(json(doc).meta!.pivotReason).toBe('In triage because Logo churn is 3 points over.');
    expect(item(doc, cloud).state).toBe('decided');
  });
});

describe('T3/T4 a reopened item no longer covers its red', () => {
  it('pivots in the same run when a new amber reopens a decided red item while in review, and a second run writes nothing', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(1))));
    unwrap(returnToReview(doc, [threshold(cloud, 'red')], by(minutes(2))));
    const findings = [threshold(cloud, 'red'), stale(cloud)];
    const summary = apply(doc, findings, minutes(3));
    expect(summary).toMatchObject({ pivoted: true, reopened: [`triage:kpi:${cloud}`] });
    expect(json(doc).meta!.mode).toBe('triage');
    const updates = countUpdates(doc);
    apply(doc, findings, minutes(4));
    expect(updates()).toBe(0);
  });
});

describe('T2 one item per subject, holding every finding on it', () => {
  it('raises one item for a KPI that is behind, trending down and stale, titled with its name, worst severity', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red'), trend(cloud), stale(cloud)]);
    const items = Object.values(json(doc).agenda);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: `triage:kpi:${cloud}`, title: 'Cloud cost saving', severity: 'red', state: 'open', cleared: false, kind: 'triage' });
    expect(Object.keys(items[0]!.findings).sort()).toEqual([`kpi-stale:kpi:${cloud}`, `kpi-threshold:kpi:${cloud}`, `kpi-trend:kpi:${cloud}`]);
    expect(items[0]!.findings[`kpi-threshold:kpi:${cloud}`]).toEqual({
      rule: 'kpi-threshold',
      severity: 'red',
      message: `kpi-threshold on ${cloud}`,
      evidence: { slipPct: 20, impact: { size: 1 } },
      since: NOW.toISOString(),
    });
  });

  it('orders new items red before amber, then larger impact first', () => {
    const { doc, cloud, churn, arr } = workspace();
    apply(doc, [threshold(cloud, 'amber', undefined, 1), threshold(churn, 'amber', undefined, 9), threshold(arr, 'red', undefined, 1)]);
    const order = Object.values(json(doc).agenda).sort((a, b) => (a.order < b.order ? -1 : 1)).map((i) => i.title);
    expect(order).toEqual(['New ARR', 'Logo churn', 'Cloud cost saving']);
  });

  it('takes the live findings and severity but keeps what people set: title, order, owner, timebox, decision, actions, votes', () => {
    const { doc, cloud, arr } = workspace();
    apply(doc, [threshold(cloud, 'amber'), trend(cloud), threshold(arr, 'red')]);
    const id = `triage:kpi:${cloud}`;
    unwrap(updateAgendaItem(doc, id, { title: 'Cloud savings: the RI purchase', order: 'zz', owner: 'Priya', timeboxMin: 25 }));
    unwrap(setDecision(doc, id, 'Buy the reserved instances'));
    unwrap(addAction(doc, id, { text: 'Send the PO', owner: 'Priya' }));
    unwrap(setVote(doc, id, 'ben', 2));
    apply(doc, [threshold(cloud, 'red', 'now 31% behind'), stale(cloud), threshold(arr, 'red')], minutes(10));
    const after = item(doc, cloud);
    expect(after).toMatchObject({ title: 'Cloud savings: the RI purchase', order: 'zz', owner: 'Priya', timeboxMin: 25, decision: 'Buy the reserved instances', votes: { ben: 2 }, severity: 'red' });
    expect(after.actions.map((a) => a.text)).toEqual(['Send the PO']);
    expect(Object.keys(after.findings).sort()).toEqual([`kpi-stale:kpi:${cloud}`, `kpi-threshold:kpi:${cloud}`]);
    // The threshold finding was live throughout: it keeps the time it became live.
    expect(after.findings[`kpi-threshold:kpi:${cloud}`]).toMatchObject({ severity: 'red', message: 'now 31% behind', since: NOW.toISOString() });
    expect(after.findings[`kpi-stale:kpi:${cloud}`]!.since).toBe(minutes(10).toISOString());
  });

  it('keeps adding items while in triage and never goes back to review on its own (P3)', () => {
    const { doc, cloud, churn } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    expect(apply(doc, [threshold(cloud, 'red'), trend(churn)], minutes(1)).created).toEqual([`triage:kpi:${churn}`]);
    apply(doc, [], minutes(2));
    expect(json(doc).meta).toMatchObject({ mode: 'triage', pivotedAt: NOW.toISOString() });
  });

  it('[T2] raises no item for a node while its title is blank, titles it with the name once typed, and follows the name as it is typed on', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    const node = addTreeNode(doc, { kind: 'objective', title: '', owner: null });
    const unowned = (now: Date) => {
      const view = readWorkspaceView(doc);
      return applyTriagePolicy(doc, view, evaluateRules(view, view.rules, now), now, 'rules');
    };
    expect(unowned(minutes(1)).created).not.toContain(`triage:node:${node}`);
    expect(json(doc).agenda[`triage:node:${node}`]).toBeUndefined();
    // The rules run as the first letter lands, then again as the rest is typed.
    unwrap(updateNode(doc, node, { title: 'I' }));
    expect(unowned(minutes(2)).created).toContain(`triage:node:${node}`);
    expect(json(doc).agenda[`triage:node:${node}`]!.title).toBe('I');
    unwrap(updateNode(doc, node, { title: 'Improve margin' }));
    unowned(minutes(3));
    expect(json(doc).agenda[`triage:node:${node}`]!.title).toBe('Improve margin');
  });

  it('refreshes existing items in review but raises no new ones there', () => {
    const { doc, cloud, churn } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(1))));
    unwrap(returnToReview(doc, [threshold(cloud, 'red')], by(minutes(2))));
    apply(doc, [threshold(cloud, 'red', 'still 22% behind'), trend(churn)], minutes(3));
    expect(json(doc).agenda[`triage:kpi:${churn}`]).toBeUndefined();
    expect(item(doc, cloud).findings[`kpi-threshold:kpi:${cloud}`]!.message).toBe('still 22% behind');
  });
});

describe('T4 re-raise only when a finding is uncovered', () => {
  const cases: { name: string; accepted: Severity; later: (kpi: string) => Finding[]; reopens: RegExp | null; outcome: 'decided' | 'deferred' | 'resolved' }[] = [
    { name: 'the same finding, no worse, keeps a decision', outcome: 'decided', accepted: 'red', later: (k) => [threshold(k, 'red', 'worse numbers, same band')], reopens: null },
    { name: 'a better finding keeps a deferral', outcome: 'deferred', accepted: 'red', later: (k) => [threshold(k, 'amber')], reopens: null },
    { name: 'a finding that persists keeps a resolution', outcome: 'resolved', accepted: 'amber', later: (k) => [threshold(k, 'amber')], reopens: null },
    { name: 'a finding worse than accepted reopens', outcome: 'decided', accepted: 'amber', later: (k) => [threshold(k, 'red', 'Cloud is 40% behind')], reopens: /Cloud is 40% behind, now red, worse than the amber the room accepted/ },
    { name: 'a rule newly firing on the subject reopens', outcome: 'deferred', accepted: 'amber', later: (k) => [threshold(k, 'amber'), stale(k)], reopens: /new since the room's outcome: kpi-stale on/ },
  ];
  for (const c of cases) {
    it(`${c.name}`, () => {
      const { doc, cloud } = workspace();
      // An amber alone does not pivot: a red elsewhere brings the meeting into triage.
      const elsewhere = c.accepted === 'amber' ? [threshold('elsewhere', 'red')] : [];
      apply(doc, [threshold(cloud, c.accepted), ...elsewhere]);
      const id = `triage:kpi:${cloud}`;
      if (c.outcome === 'decided') unwrap(decideItem(doc, id, null, by(minutes(5))));
      if (c.outcome === 'deferred') unwrap(deferItem(doc, id, day(14), by(minutes(5))));
      if (c.outcome === 'resolved') unwrap(resolveItem(doc, id, by(minutes(5))));
      const summary = apply(doc, [...c.later(cloud), ...elsewhere], minutes(30));
      if (c.reopens === null) {
        expect(summary.reopened).toEqual([]);
        expect(item(doc, cloud).state).toBe(c.outcome);
      } else {
        expect(summary.reopened).toEqual([id]);
        expect(item(doc, cloud).state).toBe('open');
        expect(lastLog(doc)).toMatchObject({ kind: 'reopen', by: 'rules', ref: id });
        expect(lastLog(doc).text).toMatch(c.reopens);
      }
    });
  }

  it('reopens a deferred item on its revisit date, saying so', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    unwrap(deferItem(doc, `triage:kpi:${cloud}`, day(7), by(minutes(1))));
    expect(apply(doc, [threshold(cloud, 'red')], new Date(NOW.getTime() + 6 * 86_400_000)).reopened).toEqual([]);
    const summary = apply(doc, [threshold(cloud, 'red')], new Date(NOW.getTime() + 7 * 86_400_000));
    expect(summary.reopened).toEqual([`triage:kpi:${cloud}`]);
    expect(lastLog(doc).text).toBe('Reopened “Cloud cost saving”: its revisit date (24 Nov 2025) has come.');
  });

  it('treats a finding that cleared and came back as new, even when the item was resolved by hand', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    unwrap(resolveItem(doc, `triage:kpi:${cloud}`, by(minutes(1))));
    apply(doc, [], minutes(2));
    expect(item(doc, cloud)).toMatchObject({ state: 'resolved', cleared: true, findings: {} });
    const summary = apply(doc, [threshold(cloud, 'red')], minutes(3));
    expect(summary.reopened).toEqual([`triage:kpi:${cloud}`]);
    expect(item(doc, cloud)).toMatchObject({ state: 'open', cleared: false });
  });
});

describe('T3 an outcome covers only what the person deciding could see', () => {
  it('reopens a decided item when a finding reached it after the decision, on another replica at the same moment', () => {
    const { doc: server, cloud } = workspace();
    apply(server, [threshold(cloud, 'red')]);
    const laptop = replicaOf(server);
    unwrap(decideItem(laptop, `triage:kpi:${cloud}`, null, by(minutes(1))));
    apply(server, [threshold(cloud, 'red'), stale(cloud)], minutes(2));
    sync(laptop, server);
    expect(item(server, cloud)).toMatchObject({ state: 'decided' });
    const summary = apply(server, [threshold(cloud, 'red'), stale(cloud)], minutes(3));
    expect(summary.reopened).toEqual([`triage:kpi:${cloud}`]);
    expect(lastLog(server).text).toMatch(/new since the room's outcome: kpi-stale on/);
  });

  it('stamps the outcome no earlier than the findings it saw, so a slow clock does not reopen it', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')], minutes(10));
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(8))));
    expect(item(doc, cloud).outcomeAt).toBe(minutes(10).toISOString());
    expect(apply(doc, [threshold(cloud, 'red')], minutes(11)).reopened).toEqual([]);
  });
});

describe('T5 clearing never closes an item people touched', () => {
  const touches: [string, (doc: Y.Doc, id: string) => void][] = [
    ['an owner', (doc, id) => unwrap(updateAgendaItem(doc, id, { owner: 'Priya' }))],
    ['a decision being typed', (doc, id) => unwrap(setDecision(doc, id, 'Half-written'))],
    ['an action', (doc, id) => unwrap(addAction(doc, id, { text: 'Call the vendor' }))],
    ['a vote', (doc, id) => unwrap(setVote(doc, id, 'ben', 1))],
  ];

  it('resolves an open item nobody touched, with outcomeAt and a log entry', () => {
    const { doc, cloud, churn } = workspace();
    apply(doc, [threshold(cloud, 'red'), trend(churn)]);
    const summary = apply(doc, [threshold(cloud, 'red')], minutes(4));
    expect(summary.resolved).toEqual([`triage:kpi:${churn}`]);
    expect(item(doc, churn)).toMatchObject({ state: 'resolved', cleared: true, findings: {}, outcomeAt: minutes(4).toISOString(), acceptedSeverity: 'amber' });
    expect(lastLog(doc)).toEqual({ at: minutes(4).toISOString(), kind: 'resolution', by: 'rules', text: 'Resolved “Logo churn”: every finding on it cleared.', ref: `triage:kpi:${churn}` });
  });

  for (const [touch, write] of touches) {
    it(`marks an open item with ${touch} cleared and leaves it open`, () => {
      const { doc, cloud, churn } = workspace();
      apply(doc, [threshold(cloud, 'red'), trend(churn)]);
      write(doc, `triage:kpi:${churn}`);
      expect(apply(doc, [threshold(cloud, 'red')], minutes(4)).resolved).toEqual([]);
      expect(item(doc, churn)).toMatchObject({ state: 'open', cleared: true, findings: {} });
    });
  }

  it('leaves an item under discussion or decided where the room left it', () => {
    const { doc, cloud, churn, arr } = workspace();
    apply(doc, [threshold(cloud, 'red'), trend(churn), trend(arr)]);
    unwrap(decideItem(doc, `triage:kpi:${arr}`, null, by(minutes(1))));
    (doc.getMap('agenda').get(`triage:kpi:${churn}`) as Y.Map<unknown>).set('state', 'discussing');
    apply(doc, [threshold(cloud, 'red')], minutes(4));
    expect(item(doc, churn)).toMatchObject({ state: 'discussing', cleared: true });
    expect(item(doc, arr)).toMatchObject({ state: 'decided', cleared: true });
  });

  it('[T5][C13] names the person whose archive of the KPI cleared the item, as other entries name who acted', () => {
    const { doc, cloud, churn } = workspace();
    apply(doc, [threshold(cloud, 'red'), trend(churn)]);
    unwrap(archiveKpi(doc, churn, 'Ana Diaz'));
    apply(doc, [threshold(cloud, 'red')], minutes(4));
    expect(item(doc, churn)).toMatchObject({ state: 'resolved', cleared: true });
    expect(lastLog(doc)).toMatchObject({ kind: 'resolution', by: 'Ana Diaz', text: 'Resolved “Logo churn”: Ana Diaz archived the KPI, so every finding on it cleared.' });
  });

  it('[T5][C18] names the person who turned off the rule behind its findings', () => {
    const { doc, cloud, churn } = workspace();
    apply(doc, [threshold(cloud, 'red'), trend(churn)]);
    unwrap(writeRuleSetting(doc, 'kpi-trend', { enabled: false }, 'Ben Okafor'));
    apply(doc, [threshold(cloud, 'red')], minutes(4));
    expect(lastLog(doc)).toMatchObject({
      kind: 'resolution',
      by: 'Ben Okafor',
      text: 'Resolved “Logo churn”: Ben Okafor turned off the rule “KPI trending the wrong way”, so every finding on it cleared.',
    });
  });

  it('[T5][T10] names the person whose archive of a node, or of a node above it, cleared its item', () => {
    const { doc, cloud } = workspace();
    const emea = addTreeNode(doc, { kind: 'objective', title: 'Grow EMEA', owner: null });
    const kb = addTreeNode(doc, { kind: 'initiative', title: 'Knowledge base', parent: emea, owner: null });
    const warehouse = addTreeNode(doc, { kind: 'objective', title: 'Warehouse', owner: null });
    const unowned = (id: string) => makeFinding('missing-owner', { type: 'node', id }, 'amber', 'No owner', {});
    apply(doc, [threshold(cloud, 'red'), unowned(emea), unowned(kb), unowned(warehouse)]);
    unwrap(archiveNode(doc, emea, 'Ana Diaz'));
    unwrap(archiveNode(doc, warehouse, 'Ben Okafor'));
    apply(doc, [threshold(cloud, 'red')], minutes(4));
    const resolutions = json(doc).log.filter((entry) => entry.kind === 'resolution');
    expect(resolutions.map((entry) => [entry.by, entry.text]).sort()).toEqual([
      ['Ana Diaz', 'Resolved “Grow EMEA”: Ana Diaz archived the objective, so every finding on it cleared.'],
      ['Ana Diaz', 'Resolved “Knowledge base”: Ana Diaz archived the objective “Grow EMEA” above it, so every finding on it cleared.'],
      ['Ben Okafor', 'Resolved “Warehouse”: Ben Okafor archived the objective, so every finding on it cleared.'],
    ]);
  });

  it('[T5][T10] names the person whose archive of a dependency, or of a node it links, cleared its item', () => {
    const { doc, cloud } = workspace();
    const api = addTreeNode(doc, { kind: 'milestone', title: 'Usage API' });
    const onboarding = addTreeNode(doc, { kind: 'initiative', title: 'Onboarding' });
    const billing = addTreeNode(doc, { kind: 'initiative', title: 'Billing' });
    const blocked = addDependency(doc, { from: api, to: onboarding, needBy: day(10) });
    const linked = addDependency(doc, { from: billing, to: onboarding, needBy: day(10) });
    const slip = (id: string) => makeFinding('dependency-slip', { type: 'dep', id }, 'amber', 'Slipping', {});
    apply(doc, [threshold(cloud, 'red'), slip(blocked), slip(linked)]);
    unwrap(archiveDependency(doc, blocked, 'Ben Okafor'));
    unwrap(archiveNode(doc, billing, 'Ana Diaz'));
    apply(doc, [threshold(cloud, 'red')], minutes(4));
    const resolutions = json(doc).log.filter((entry) => entry.kind === 'resolution');
    expect(resolutions.map((entry) => [entry.by, entry.text]).sort()).toEqual([
      ['Ana Diaz', 'Resolved “Billing → Onboarding”: Ana Diaz archived the initiative “Billing”, so every finding on it cleared.'],
      ['Ben Okafor', 'Resolved “Usage API → Onboarding”: Ben Okafor archived the dependency, so every finding on it cleared.'],
    ]);
  });

  it('[T5][T10] keeps the rules as the author for a node or dependency archived before archives named anyone', () => {
    const { doc, cloud } = workspace();
    const emea = addTreeNode(doc, { kind: 'objective', title: 'Grow EMEA', owner: null });
    const dep = addDependency(doc, { from: addTreeNode(doc, { title: 'Usage API' }), to: addTreeNode(doc, { title: 'Onboarding' }), needBy: day(10) });
    apply(doc, [threshold(cloud, 'red'), makeFinding('missing-owner', { type: 'node', id: emea }, 'amber', 'No owner', {}), makeFinding('dependency-slip', { type: 'dep', id: dep }, 'amber', 'Slipping', {})]);
    // As the previous release archived them: the flag and no `archivedBy`.
    setRaw(doc, 'nodes', emea, 'archived', true);
    setRaw(doc, 'deps', dep, 'archived', true);
    apply(doc, [threshold(cloud, 'red')], minutes(4));
    const resolutions = json(doc).log.filter((entry) => entry.kind === 'resolution');
    expect(resolutions.map((entry) => [entry.by, entry.text]).sort()).toEqual([
      ['rules', 'Resolved “Grow EMEA”: every finding on it cleared.'],
      ['rules', 'Resolved “Usage API → Onboarding”: every finding on it cleared.'],
    ]);
  });

  it('[T5] leaves the rules as the author when the data cleared it, a rule turned off since notwithstanding, or the change names nobody', () => {
    const { doc, cloud, churn, arr } = workspace();
    apply(doc, [threshold(cloud, 'red'), trend(churn), stale(arr)]);
    // Turned off by someone, but not the rule behind either finding: the data cleared the trend.
    unwrap(writeRuleSetting(doc, 'missing-owner', { enabled: false }, 'Ana Diaz'));
    // Turned off by a writer that names nobody.
    unwrap(writeRuleSetting(doc, 'kpi-stale', { enabled: false }, null));
    apply(doc, [threshold(cloud, 'red')], minutes(4));
    const resolutions = json(doc).log.filter((entry) => entry.kind === 'resolution');
    expect(resolutions.map((entry) => [entry.by, entry.text]).sort()).toEqual([
      ['rules', 'Resolved “Logo churn”: every finding on it cleared.'],
      ['rules', 'Resolved “New ARR”: every finding on it cleared.'],
    ]);
  });

  it('clears the mark when a finding returns to an item left open', () => {
    const { doc, cloud, churn } = workspace();
    apply(doc, [threshold(cloud, 'red'), trend(churn)]);
    unwrap(updateAgendaItem(doc, `triage:kpi:${churn}`, { owner: 'Priya' }));
    apply(doc, [threshold(cloud, 'red')], minutes(1));
    apply(doc, [threshold(cloud, 'red'), trend(churn)], minutes(2));
    expect(item(doc, churn)).toMatchObject({ state: 'open', cleared: false, owner: 'Priya' });
  });
});

describe('T7 back to review, and a banner that describes now', () => {
  it('is refused while a red finding has no outcome, and allowed once it is decided or deferred', () => {
    const { doc, cloud, churn } = workspace();
    const reds = [threshold(cloud, 'red'), threshold(churn, 'red')];
    apply(doc, reds);
    const refused = returnToReview(doc, reds, by(minutes(1)));
    expect(refused).toEqual({ ok: false, error: { code: 'conflict', message: '2 red findings have no outcome yet: decide, defer or resolve them first.' } });
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(2))));
    unwrap(deferItem(doc, `triage:kpi:${churn}`, day(3), by(minutes(2))));
    unwrap(returnToReview(doc, reds, by(minutes(3))));
    expect(json(doc).meta).toMatchObject({ mode: 'review', pivotedAt: null, pivotReason: null });
    expect(lastLog(doc)).toMatchObject({ kind: 'review', by: 'Ana', text: 'Ana took the meeting back to review.' });
  });

  it('rewrites the reason as reds arrive and are decided', () => {
    const { doc, cloud, churn, arr } = workspace();
    apply(doc, [threshold(cloud, 'red', 'Cloud is behind')]);
    apply(doc, [threshold(cloud, 'red', 'Cloud is behind'), threshold(churn, 'red', 'Churn is up'), threshold(arr, 'red', 'ARR is short')], minutes(1));
    expect(json(doc).meta!.pivotReason).toBe('In triage on 3 red findings: Cloud is behind; Churn is up; ARR is short.');
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(2))));
    unwrap(decideItem(doc, `triage:kpi:${churn}`, null, by(minutes(2))));
    apply(doc, [threshold(cloud, 'red', 'Cloud is behind'), threshold(churn, 'red', 'Churn is up'), threshold(arr, 'red', 'ARR is short')], minutes(3));
    expect(json(doc).meta!.pivotReason).toBe('In triage because ARR is short.');
    unwrap(resolveItem(doc, `triage:kpi:${arr}`, by(minutes(4))));
    apply(doc, [threshold(cloud, 'red', 'Cloud is behind'), threshold(churn, 'red', 'Churn is up'), threshold(arr, 'red', 'ARR is short')], minutes(5));
    expect(json(doc).meta!.pivotReason).toBe('No red finding needs the room; the facilitator can take the meeting back to review.');
    expect(json(doc).meta!.mode).toBe('triage');
  });
});

describe('T7 the banner and back to review agree with the policy', () => {
  it('refuses back to review while a new amber is about to reopen a decided red item', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(1))));
    // A stale finding appears on the browser before the server's policy has reopened the item.
    const refused = returnToReview(doc, [threshold(cloud, 'red'), stale(cloud)], by(minutes(2)));
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('clears a reason left in review by a write that raced the return to review', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(1))));
    unwrap(returnToReview(doc, [threshold(cloud, 'red')], by(minutes(2))));
    doc.getMap('meta').set('pivotReason', 'In triage because of something stale.');
    apply(doc, [threshold(cloud, 'red')], minutes(3));
    expect(json(doc).meta).toMatchObject({ mode: 'review', pivotReason: null, pivotedAt: null });
  });

  it('says an accepted severity of nothing plainly when a review item with an outcome gets a red', () => {
    const { doc, cloud } = workspace();
    apply(doc, [threshold(cloud, 'red')]);
    const id = `triage:kpi:${cloud}`;
    unwrap(resolveItem(doc, id, by(minutes(1))));
    (doc.getMap('agenda').get(id) as Y.Map<unknown>).set('acceptedSeverity', null);
    apply(doc, [threshold(cloud, 'red')], minutes(2));
    expect(lastLog(doc).text).toMatch(/now red, worse than what the room accepted/);
  });
});

describe('P2 re-running is a no-op and replicas converge', () => {
  it('writes nothing at the minute sweeps of a day with the real rules, once the findings are stored', () => {
    const doc = newWorkspace();
    addKpi(doc, { name: 'Cloud cost saving', readings: [[day(-30), 40]] });
    addKpi(doc, { name: 'Logo churn', readings: [[day(-3), 50]] });
    const sweep = (at: Date) => {
      const view = readWorkspaceView(doc);
      return applyTriagePolicy(doc, view, evaluateRules(view, view.rules, at), at, 'rules');
    };
    expect(sweep(NOW).pivoted).toBe(true);
    const updates = countUpdates(doc);
    // Every minute for six hours: stale ages and every other figure move, but within the day.
    for (let minute = 1; minute <= 360; minute++) sweep(minutes(minute));
    expect(updates()).toBe(0);
  });

  it('writes nothing when applied again with the same findings, in every state an item can be in', () => {
    const { doc, cloud, churn, arr } = workspace();
    const findings = [threshold(cloud, 'red'), trend(churn), stale(arr)];
    apply(doc, findings);
    unwrap(decideItem(doc, `triage:kpi:${cloud}`, null, by(minutes(1))));
    unwrap(deferItem(doc, `triage:kpi:${churn}`, day(2), by(minutes(1))));
    apply(doc, [threshold(cloud, 'red'), trend(churn)], minutes(2));
    const updates = countUpdates(doc);
    expect(apply(doc, [threshold(cloud, 'red'), trend(churn)], minutes(3))).toEqual({ pivoted: false, created: [], reopened: [], resolved: [] });
    expect(updates()).toBe(0);
  });

  it('converges when one replica decides while another applies the policy, and re-running after is a no-op', () => {
    const { doc: a, cloud, churn } = workspace();
    apply(a, [threshold(cloud, 'red'), trend(churn)]);
    const b = replicaOf(a);
    unwrap(setDecision(a, `triage:kpi:${cloud}`, 'Buy RIs'));
    unwrap(decideItem(a, `triage:kpi:${cloud}`, null, by(minutes(1))));
    apply(b, [threshold(cloud, 'red', 'Cloud now 25% behind')], minutes(1));
    sync(a, b);
    sync(b, a);
    expect(JSON.stringify(json(a))).toBe(JSON.stringify(json(b)));
    expect(item(a, cloud)).toMatchObject({ state: 'decided', decision: 'Buy RIs' });
    expect(item(a, cloud).findings[`kpi-threshold:kpi:${cloud}`]!.message).toBe('Cloud now 25% behind');
    // The merged document is one neither replica evaluated (the red is now decided): one run
    // brings the reason up to date, and from then on every replica agrees there is nothing to do.
    apply(a, [threshold(cloud, 'red', 'Cloud now 25% behind')], minutes(2));
    sync(a, b);
    expect(json(b).meta!.pivotReason).toMatch(/^No red finding needs the room/);
    for (const replica of [a, b]) {
      const updates = countUpdates(replica);
      apply(replica, [threshold(cloud, 'red', 'Cloud now 25% behind')], minutes(3));
      expect(updates()).toBe(0);
    }
  });

  it('converges under random findings, outcomes and delivery order on three replicas', () => {
    const seed = testSeed('triage-policy replicas');
    const random = seededRandom(seed);
    const { doc: origin, cloud, churn, arr } = workspace();
    const replicas = [origin, replicaOf(origin), replicaOf(origin)];
    const kpis = [cloud, churn, arr];
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    for (let step = 0; step < 60; step++) {
      const replica = pick(replicas);
      const now = minutes(step);
      if (random() < 0.6) {
        const live = kpis.flatMap((kpi) => (random() < 0.5 ? [threshold(kpi, random() < 0.5 ? 'red' : 'amber')] : []).concat(random() < 0.3 ? [stale(kpi)] : []));
        apply(replica, live, now);
      } else {
        const id = `triage:kpi:${pick(kpis)}`;
        if (replica.getMap('agenda').has(id)) {
          const move = pick(['decide', 'defer', 'resolve', 'touch'] as const);
          if (move === 'decide') decideItem(replica, id, null, by(now));
          if (move === 'defer') deferItem(replica, id, day(1 + Math.floor(random() * 3)), by(now));
          if (move === 'resolve') resolveItem(replica, id, by(now));
          if (move === 'touch') setVote(replica, id, `p${step}`, 1);
        }
      }
      if (random() < 0.4) sync(pick(replicas), pick(replicas));
    }
    for (const from of replicas) for (const to of replicas) sync(from, to);
    const final = JSON.stringify(json(replicas[0]!));
    for (const replica of replicas) expect(JSON.stringify(json(replica)), `seed ${seed}`).toBe(final);
    const findings = [threshold(cloud, 'red'), trend(churn)];
    apply(replicas[0]!, findings, minutes(100));
    for (const replica of replicas) sync(replicas[0]!, replica);
    for (const replica of replicas) {
      const updates = countUpdates(replica);
      apply(replica, findings, minutes(101));
      expect(updates(), `seed ${seed}`).toBe(0);
    }
  });
});
