import { describe, expect, it } from 'vitest';
import { diffWorkspaces, type Changes } from '../../../shared/history/changes';
import { changeCount, describeChanges, fieldValue, importRefusal, logKindWord, measuredFrom } from '../../../client/state/change-summary';
import { filterActions, ownersOf } from '../../../client/state/action-filter';

const none: Changes = diffWorkspaces(null, null);

function changes(patch: Partial<Changes>): Changes {
  return { ...none, ...patch };
}

describe('what changed, in words', () => {
  it('[M26] says which point it measures from: the review that ended, or a snapshot by its label, time and taker', () => {
    expect(measuredFrom({ kind: 'meeting-end', label: '2026-11-29', by: null }, '29 Nov 2026, 16:47')).toBe('Since the review that ended 29 Nov 2026, 16:47');
    expect(measuredFrom({ kind: 'taken', label: 'Wednesday check', by: 'Ana Diaz (guest)' }, '2 Dec 2026, 10:00')).toBe(
      'Since the snapshot “Wednesday check”, taken 2 Dec 2026, 10:00 by Ana Diaz (guest)',
    );
  });

  it('[M13] says nothing when nothing changed', () => {
    expect(describeChanges(none)).toEqual([]);
    expect(changeCount(describeChanges(none))).toBe(0);
  });

  it('[M13] shows each changed field before → after, fractions as percentages and slugs as words', () => {
    const sections = describeChanges(
      changes({
        nodes: {
          added: [{ id: 'n2', title: 'Pricing page', kind: 'initiative' }],
          archived: [{ id: 'n3', title: 'Old plan' }],
          changed: [{ id: 'n1', title: 'Usage export API', fields: { status: ['on-track', 'at-risk'], progress: [0.2, 0.45], owner: [null, 'Lee'] } }],
        },
      }),
    );
    expect(sections).toEqual([
      { title: 'Added', lines: ['“Pricing page” (initiative) was added'] },
      { title: 'Archived', lines: ['“Old plan” was archived'] },
      { title: 'Changed', lines: ['“Usage export API”: status on track → at risk; progress 20 % → 45 %; owner none → Lee'] },
    ]);
  });

  it('[M13] shows KPI movements with value and band before → after, and names dependency ends', () => {
    const sections = describeChanges(
      changes({
        kpis: [
          { id: 'k', name: 'NRR', value: [108, 80], band: ['green', 'red'], readingsAdded: 1, added: false },
          { id: 'r', name: 'Pipeline', value: [2660, 1500.5], band: ['green', 'amber'], readingsAdded: 1, added: false },
          { id: 'm', name: 'Mean time to restore', value: [null, 38], band: [null, 'red'], readingsAdded: 2, added: true },
        ],
        deps: { added: [], changed: [{ id: 'd', from: 'a', to: 'b', fields: { state: ['committed', 'at-risk'], committedDate: ['2025-03-01', '2025-04-01'] } }] },
      }),
      {
        node: (id) => ({ a: 'API', b: 'Onboarding' })[id as 'a' | 'b'] ?? 'unknown',
        kpiUnit: (id) => ({ k: '%', m: 'min', r: 'kUSD' })[id as 'k' | 'm' | 'r'] ?? '',
      },
    );
    expect(sections).toEqual([
      {
        title: 'KPIs',
        // Values as every other screen writes them: thousands separated, a percentage without a space.
        lines: [
          '“NRR”: 108% → 80%, band green → red, 1 new reading',
          '“Pipeline”: 2,660 kUSD → 1,500.5 kUSD, band green → amber, 1 new reading',
          '“Mean time to restore” is new: 38 min, band red, 2 new readings',
        ],
      },
      { title: 'Dependencies', lines: ['“API” → “Onboarding”: state committed → at risk; committed date 1 Mar 2025 → 1 Apr 2025'] },
    ]);
  });

  it('[M13] lists triage outcomes, decisions and actions', () => {
    const item = { id: 'i', title: 'Churn' };
    const sections = describeChanges(
      changes({
        triage: { opened: [], decided: [item], deferred: [], resolved: [] },
        decisions: [{ ...item, before: '', after: 'Hold the price change.' }],
        actions: { added: [{ item, id: 'a', text: 'Call Acme', owner: 'Ben', due: '2025-03-10' }], done: [{ item, id: 'b', text: 'Send survey', owner: null, due: null }] },
      }),
    );
    expect(sections.map((section) => section.title)).toEqual(['Triage', 'Decisions', 'Actions']);
    expect(sections[2]!.lines).toEqual(['New on “Churn”: Call Acme (owner Ben, due 10 Mar 2025)', 'Done on “Churn”: Send survey']);
    expect(changeCount(sections)).toBe(4);
  });

  it('[M13][M15] lists text typed in an undecided item’s decision box as a draft, never under Decisions, as the minutes do (M6)', () => {
    const item = (state: string, decision: string) => ({ kind: 'triage', title: 'Partner referral programme', state, decision, actions: [] });
    const basis = (p: ReturnType<typeof item>) => ({ nodes: {}, kpis: {}, deps: {}, rules: {}, agenda: { p } });
    const before = basis(item('open', ''));
    const drafted = describeChanges(diffWorkspaces(before, basis(item('open', 'Priya draft: keep programme'))));
    expect(drafted).toEqual([{ title: 'Draft decisions, not taken', lines: ['“Partner referral programme”: Priya draft: keep programme'] }]);
    const decided = describeChanges(diffWorkspaces(before, basis(item('decided', 'Keep the programme'))));
    expect(decided).toEqual([
      { title: 'Triage', lines: ['“Partner referral programme” was decided'] },
      { title: 'Decisions', lines: ['“Partner referral programme”: Keep the programme'] },
    ]);
  });

  it('[M13] reads values and log kinds people’s way, and an unknown kind as written', () => {
    expect(fieldValue('confidence', 0.7)).toBe('70 %');
    expect(fieldValue('due', null)).toBe('none');
    expect(logKindWord('meeting-end')).toBe('Meeting ended');
    expect(logKindWord('pivot')).toBe('Pivot to triage');
    expect(logKindWord('something-new')).toBe('something-new');
  });

  it('[M16] says why an import was refused for 413, 415 and 403, and passes other messages on', () => {
    expect(importRefusal(413, 'x')).toContain('too large');
    expect(importRefusal(415, 'x')).toContain('text/csv');
    expect(importRefusal(403, 'x')).toContain('viewer');
    expect(importRefusal(400, 'The CSV has no rows.')).toBe('The CSV has no rows.');
  });
});

describe('the Actions view filters', () => {
  const actions = [
    { id: '1', owner: 'Ben', done: false },
    { id: '2', owner: 'Ana', done: true },
    { id: '3', owner: null, done: false },
    { id: '4', owner: 'Ben', done: true },
    { id: '5', owner: ' ben ', done: false },
  ];
  it('[M14] filters by owner and by open or done, and offers each owner once, sorted, a name written twice ways as one person', () => {
    expect(filterActions(actions, { owner: null, done: 'open' }).map((a) => a.id)).toEqual(['1', '3', '5']);
    expect(filterActions(actions, { owner: 'Ben', done: 'all' }).map((a) => a.id)).toEqual(['1', '4', '5']);
    expect(filterActions(actions, { owner: 'Ana', done: 'done' }).map((a) => a.id)).toEqual(['2']);
    // One ticked in the list as shown stays in it, whichever way it went; the owner filter still holds.
    expect(filterActions(actions, { owner: null, done: 'open' }, new Set(['2'])).map((a) => a.id)).toEqual(['1', '2', '3', '5']);
    expect(filterActions(actions, { owner: 'Ben', done: 'open' }, new Set(['2'])).map((a) => a.id)).toEqual(['1', '5']);
    expect(ownersOf(actions)).toEqual(['Ana', 'Ben']);
  });
});
