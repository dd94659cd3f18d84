import { describe, expect, it } from 'vitest';
import { diffWorkspaces } from '../../../../shared/history/changes';
import { basisText, parseRecordBasis, recordBasis } from '../../../../shared/history/record-basis';
import { createAgendaItem, setDecision } from '../../../../shared/schema/agenda-accessors';
import { decideItem } from '../../../../shared/schema/agenda-outcomes';
import { unwrap } from '../../../../shared/schema/op-result';
import { acceptProposedDate, commitDependency } from '../../../../shared/tree/dependency-handshake';
import { replica } from '../../support/proposal-replicas';
import { addDependency, addTreeNode, day, newWorkspace, NOW, sync } from '../../support/workspace-fixtures';

/** Two record bases (SPEC M19): what the diff compares; a KPI's readings are summarised there. */
const base = (): any => ({
  nodes: { n1: { id: 'n1', title: 'Grow', kind: 'objective', status: 'on-track', progress: 0.2, owner: 'Ana', due: '2025-12-01', confidence: 0.8, stage: null, archived: false } },
  kpis: { k1: { name: 'Revenue', latest: 100, readingCount: 1, archived: false } },
  deps: { d1: { id: 'd1', from: 'n1', to: 'n2', state: 'requested', committedDate: null, archived: false } },
  agenda: {
    i1: { id: 'i1', kind: 'triage', title: 'Revenue', state: 'open', decision: '', actions: [{ id: 'a1', text: 'Call', owner: 'Bo', due: null, done: false }], findings: {} },
  },
});

type Edit = (doc: any) => void;
const cases: Array<[string, Edit, (changes: ReturnType<typeof diffWorkspaces>) => unknown, unknown]> = [
  ['[M3] a field people care about changed: before and after', (d) => Object.assign(d.nodes.n1, { status: 'at-risk', progress: 0.5 }), (c) => c.nodes.changed, [{ id: 'n1', title: 'Grow', fields: { status: ['on-track', 'at-risk'], progress: [0.2, 0.5] } }]],
  ['[M3] owner, due, confidence, stage and title', (d) => Object.assign(d.nodes.n1, { owner: null, due: '2026-01-01', confidence: 0.3, stage: 'idea', title: 'Grow more' }), (c) => Object.keys((c.nodes.changed[0] as any).fields), ['title', 'owner', 'due', 'confidence', 'stage']],
  ['[M3] a node added', (d) => (d.nodes.n2 = { id: 'n2', title: 'New', kind: 'initiative' }), (c) => c.nodes.added, [{ id: 'n2', title: 'New', kind: 'initiative' }]],
  ['[M3] a node archived is archived, not changed', (d) => Object.assign(d.nodes.n1, { archived: true, status: 'done' }), (c) => [c.nodes.archived, c.nodes.changed], [[{ id: 'n1', title: 'Grow' }], []]],
  ['[M3] a KPI moved: latest value and band from its triage item', (d) => {
    Object.assign(d.kpis.k1, { latest: 80, readingCount: 2 });
    d.agenda['triage:kpi:k1'] = { kind: 'triage', title: 'Revenue', state: 'open', findings: { f: { rule: 'kpi-threshold', severity: 'red' } } };
  }, (c) => c.kpis, [{ id: 'k1', name: 'Revenue', value: [100, 80], band: ['green', 'red'], readingsAdded: 1, added: false }]],
  ['[M3] a KPI that did not move is left out', () => {}, (c) => c.kpis, []],
  ['[M3] a KPI new since then says so', (d) => (d.kpis.k2 = { name: 'Churn', latest: 2.5, readingCount: 2, archived: false }), (c) => c.kpis, [{ id: 'k2', name: 'Churn', value: [null, 2.5], band: [null, 'green'], readingsAdded: 2, added: true }]],
  ['[M3] a dependency committed with a date', (d) => Object.assign(d.deps.d1, { state: 'committed', committedDate: '2025-12-10' }), (c) => c.deps.changed, [{ id: 'd1', from: 'n1', to: 'n2', fields: { state: ['requested', 'committed'], committedDate: [null, '2025-12-10'] } }]],
  ['[M3] a triage item decided, with its decision', (d) => Object.assign(d.agenda.i1, { state: 'decided', decision: 'Cut costs' }), (c) => [c.triage.decided, c.decisions], [[{ id: 'i1', title: 'Revenue' }], [{ id: 'i1', title: 'Revenue', before: '', after: 'Cut costs' }]]],
  ['[M3] text typed in the decision box of an item nobody decided is a draft, not a decision', (d) => (d.agenda.i1.decision = 'Priya draft: keep programme'), (c) => [c.decisions, c.drafts], [[], [{ id: 'i1', title: 'Revenue', text: 'Priya draft: keep programme' }]]],
  ['[M3] a new triage item is opened', (d) => (d.agenda.i2 = { kind: 'triage', title: 'Churn', state: 'open' }), (c) => c.triage.opened, [{ id: 'i2', title: 'Churn' }]],
  ['[M3] deferred and resolved', (d) => { d.agenda.i1.state = 'deferred'; d.agenda.i3 = { kind: 'triage', title: 'X', state: 'resolved' }; }, (c) => [c.triage.deferred, c.triage.resolved], [[{ id: 'i1', title: 'Revenue' }], [{ id: 'i3', title: 'X' }]]],
  ['[M3] actions added and done', (d) => { d.agenda.i1.actions[0].done = true; d.agenda.i1.actions.push({ id: 'a2', text: 'Write', owner: null, due: '2025-12-01', done: false }); }, (c) => c.actions, {
    added: [{ item: { id: 'i1', title: 'Revenue' }, id: 'a2', text: 'Write', owner: null, due: '2025-12-01' }],
    done: [{ item: { id: 'i1', title: 'Revenue' }, id: 'a1', text: 'Call', owner: 'Bo', due: null }],
  }],
  ['[M3][H1] poison values read as absent and never throw', (d) => { d.nodes.n1.status = { evil: true }; d.nodes.bad = 7; d.kpis.k1.latest = 'no'; d.agenda.i1.actions = [null, { id: 3 }]; }, (c) => c.nodes.changed, [{ id: 'n1', title: 'Grow', fields: { status: ['on-track', null] } }]],
];

describe('diffWorkspaces (SPEC M3)', () => {
  it('[U81] a proposal declined since reads as withdrawn, as the board reads it, though its date stays stored', () => {
    const before = base();
    const after = base();
    Object.assign(before.deps.d1, { proposedDate: '2025-12-20' });
    Object.assign(after.deps.d1, { proposedDate: '2025-12-20', declinedDate: '2025-12-20' });
    expect(diffWorkspaces(before, after).deps.changed).toEqual([{ id: 'd1', from: 'n1', to: 'n2', fields: { proposedDate: ['2025-12-20', null] } }]);
  });

  it('[U81][U86] a proposal the release before stored on a request (its committed date), declined since, reads as withdrawn too', () => {
    const before = base();
    const after = base();
    Object.assign(before.deps.d1, { committedDate: '2025-12-20' });
    Object.assign(after.deps.d1, { committedDate: '2025-12-20', declinedDate: '2025-12-20' });
    expect(diffWorkspaces(before, after).deps.changed).toEqual([{ id: 'd1', from: 'n1', to: 'n2', fields: { proposedDate: ['2025-12-20', null] } }]);
  });

  it('[U82] a date accepted as a new one was proposed: the commitment and the new proposal, read from the record basis as the board reads them', () => {
    const origin = newWorkspace();
    const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
    unwrap(commitDependency(origin, id, day(27), NOW));
    const before = recordBasis(origin);
    // The accept has the higher client id: its empty proposedDate is the one Yjs keeps.
    const upstream = replica(1, origin);
    const downstream = replica(2, origin);
    unwrap(commitDependency(upstream, id, day(30), NOW));
    unwrap(acceptProposedDate(downstream, id, NOW));
    sync(upstream, downstream);
    expect(diffWorkspaces(before, recordBasis(downstream)).deps.changed).toEqual([
      { id, from: expect.any(String), to: expect.any(String), fields: { state: ['requested', 'committed'], committedDate: [null, day(27)], proposedDate: [day(27), day(30)] } },
    ]);
  });

  it.each(cases)('%s', (_name, edit, pick, expected) => {
    const before = base();
    const after = base();
    edit(after);
    expect(pick(diffWorkspaces(before, after))).toEqual(expected);
  });

  it('[M3] a reopened item is opened, not a decision cleared; its rewritten text is a draft until it is decided again', () => {
    const before = base();
    Object.assign(before.agenda.i1, { state: 'decided', decision: 'Cut costs' });
    const after = base();
    Object.assign(after.agenda.i1, { state: 'open', decision: 'Cut costs' });
    expect(diffWorkspaces(before, after)).toMatchObject({ decisions: [], drafts: [] });
    after.agenda.i1.decision = 'Cut costs, not hiring';
    expect(diffWorkspaces(before, after)).toMatchObject({ decisions: [], drafts: [{ id: 'i1', title: 'Revenue', text: 'Cut costs, not hiring' }] });
    after.agenda.i1.state = 'decided';
    expect(diffWorkspaces(before, after)).toMatchObject({ decisions: [{ id: 'i1', title: 'Revenue', before: 'Cut costs', after: 'Cut costs, not hiring' }], drafts: [] });
  });

  it('[U108] [M3] a decision is what was decided, read from the record basis: its box changed after the decision is no change', () => {
    const doc = newWorkspace();
    const id = unwrap(createAgendaItem(doc, { title: 'Hiring plan' }));
    const opening = recordBasis(doc);
    unwrap(setDecision(doc, id, 'Hire two SREs in Q1'));
    unwrap(decideItem(doc, id, null, { by: 'Ana', now: NOW }));
    const decided = recordBasis(doc);
    // A stock client, or a tab of the release before, types into the decided item's box.
    unwrap(setDecision(doc, id, 'Hire nobody'));
    expect(diffWorkspaces(opening, recordBasis(doc)).decisions).toEqual([{ id, title: 'Hiring plan', before: '', after: 'Hire two SREs in Q1' }]);
    expect(diffWorkspaces(decided, recordBasis(doc))).toMatchObject({ decisions: [], drafts: [] });
  });

  it('[U108] [M19] a basis stored in format 3, which kept no decided text, is not read as this format: it is rebuilt from its state copy', () => {
    const doc = newWorkspace();
    expect(parseRecordBasis(basisText(recordBasis(doc)))).toMatchObject(recordBasis(doc));
    expect(parseRecordBasis(JSON.stringify({ version: 3, ...recordBasis(doc) }))).toBeNull();
  });

  it('[M3] a dependency’s need-by date and follow-up owner moved: before and after', () => {
    const before = base();
    Object.assign(before.deps.d1, { needBy: '2025-12-01', owner: 'Kim' });
    const after = base();
    Object.assign(after.deps.d1, { needBy: '2026-01-06', owner: 'Lee' });
    expect(diffWorkspaces(before, after).deps.changed).toEqual([{ id: 'd1', from: 'n1', to: 'n2', fields: { needBy: ['2025-12-01', '2026-01-06'], owner: ['Kim', 'Lee'] } }]);
  });

  it('[M3] nothing changed, nothing listed; null documents are empty', () => {
    const same = diffWorkspaces(base(), base());
    expect(same.nodes).toEqual({ added: [], archived: [], changed: [] });
    expect(diffWorkspaces(null, null).kpis).toEqual([]);
  });
});
