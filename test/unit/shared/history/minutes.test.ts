import { describe, expect, it } from 'vitest';
import { meetingMinutes } from '../../../../shared/history/minutes';

const doc: any = {
  meta: { title: 'Q4 review' },
  meeting: { status: 'ended', startedAt: '2025-11-03T09:00:00.000Z', endedAt: '2025-11-03T10:00:00.000Z' },
  agenda: {
    'triage:kpi:k1': {
      kind: 'triage', title: 'Revenue', owner: 'Ana', state: 'decided', decision: 'Cut\nprices', spentMs: 754_000,
      findings: { f: { rule: 'kpi-threshold', severity: 'red', message: 'Revenue is 20% behind.' } },
      actions: [{ id: 'a1', text: 'Email customers', owner: 'Ana', due: '2025-11-10', done: false }],
    },
    old: { kind: 'triage', title: 'Gone', state: 'resolved', outcomeAt: '2025-10-01T00:00:00Z', actions: [] },
    'triage:kpi:k2': { kind: 'triage', title: 'Churn', state: 'deferred', revisitOn: '2025-11-20', outcomeAt: '2025-11-03T09:40:00.000Z', actions: [] },
    todo: { kind: 'review', title: 'To-dos', actions: [{ id: 'a0', text: 'Hire', owner: 'Bo', due: null, done: false }] },
  },
  log: [
    { at: '2025-11-03T09:00:00.000Z', kind: 'meeting-start', by: 'Fran', text: 'Fran started the meeting.', ref: null },
    { at: '2025-11-03T09:05:00.000Z', kind: 'pivot', by: null, text: 'Revenue is red.', ref: null },
    { at: '2025-11-03T09:30:00.000Z', kind: 'decision', by: 'Ana', text: 'Decided.', ref: 'triage:kpi:k1' },
    { at: '2025-10-01T09:30:00.000Z', kind: 'decision', by: 'Earlier', text: 'Old.', ref: null },
  ],
};
const opening: any = { agenda: { todo: { actions: [{ id: 'a0', text: 'Hire' }] } } };

describe('meetingMinutes (SPEC M6)', () => {
  const minutes = meetingMinutes(doc, opening, new Date('2025-11-04T00:00:00Z'));

  it('[M6] title and date, who the log names during the meeting, the pivots and why', () => {
    expect(minutes).toMatch(/^# Q4 review: minutes of 3 Nov 2025\n/);
    expect(minutes).toContain('## Attended\n\n- Ana\n- Fran\n');
    expect(minutes).not.toContain('Earlier');
    expect(minutes).toContain('## Pivots\n\n- 09:05 UTC: Revenue is red.');
  });

  it('[M6] dates in words, as every screen writes them; a pivot on another day than the minutes\' says its date', () => {
    // No meeting ever started: the minutes are of today, and cover the whole log.
    const noMeeting = meetingMinutes({ ...doc, meeting: { status: 'idle', startedAt: null, endedAt: null } }, opening, new Date('2025-11-04T08:00:00Z'));
    expect(noMeeting).toMatch(/^# Q4 review: minutes of 4 Nov 2025\n/);
    expect(noMeeting).toContain('- 3 Nov 2025 09:05 UTC: Revenue is red.');
    expect(noMeeting).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('[M6] each triage item with the time spent on it, its findings, decision and actions (owner, due), a deferral with its revisit date; long-resolved ones left out', () => {
    expect(minutes).toContain('### Revenue (decided; owner Ana)\n\nTime spent: 12:34.\n\nFindings:\n\n- red: Revenue is 20% behind.\n\nDecision: Cut prices\n\nActions:\n\n- [ ] Email customers: Ana, due 10 Nov 2025');
    expect(minutes).not.toContain('Gone');
    expect(minutes).toContain('### Churn (deferred until 20 Nov 2025; no owner)\n\nDecision: none recorded.');
  });

  it('[M6] taken while an item is under discussion, its time is its clock now, earlier stretches included', () => {
    const running = {
      ...doc,
      meeting: { status: 'running', startedAt: '2025-11-03T09:00:00.000Z', endedAt: null, currentItem: 'triage:kpi:k1', timer: { item: 'triage:kpi:k1', runningSince: '2025-11-03T09:50:00.000Z', spentMs: 60_000 } },
      agenda: { 'triage:kpi:k1': { ...doc.agenda['triage:kpi:k1'], spentMs: 60_000 } },
    };
    expect(meetingMinutes(running, opening, new Date('2025-11-03T09:52:00.000Z'))).toContain('### Revenue (decided; owner Ana)\n\nTime spent: 3:00.\n');
  });

  it('[M6] the review topics on the agenda too, with their decision and actions, in the agenda’s order; items settled in an earlier meeting or taken off are left out', () => {
    const meeting = doc.meeting;
    const agenda = {
      forecast: { kind: 'review', title: 'Q4 forecast walkthrough', order: 'a2', state: 'decided', outcomeAt: '2025-11-03T09:20:00.000Z', decision: 'Lower the commit', spentMs: 300_000, actions: [{ id: 'a5', text: 'Tell the board', owner: 'Maya', due: '2025-11-09', done: false }] },
      hiring: { kind: 'review', title: 'Hiring', order: 'a1', state: 'open', decision: 'Hire two\nin Q1', actions: [] },
      lastTime: { kind: 'review', title: 'Decided last month', order: 'a0', state: 'decided', outcomeAt: '2025-10-06T09:20:00.000Z', actions: [] },
      parkedEarlier: { kind: 'triage', title: 'Parked last month', order: 'a3', state: 'deferred', revisitOn: '2025-12-01', outcomeAt: '2025-10-06T09:30:00.000Z', actions: [] },
      dropped: { kind: 'review', title: 'Taken off', order: 'a4', state: 'open', archived: true, actions: [] },
    };
    const withTopics = meetingMinutes({ ...doc, meeting, agenda }, null, new Date('2025-11-04T00:00:00Z'));
    expect(withTopics).toContain(
      '## Triage items\n\nNone.\n\n## Review topics\n\n### Hiring (open; no owner)\n\nDraft decision, not taken: Hire two in Q1\n\n### Q4 forecast walkthrough (decided; no owner)\n\nTime spent: 5:00.\n\nDecision: Lower the commit\n\nActions:\n\n- [ ] Tell the board: Maya, due 9 Nov 2025\n\n## Open actions',
    );
    for (const earlier of ['Decided last month', 'Parked last month', 'Taken off']) expect(withTopics).not.toContain(earlier);
  });

  it('[M6] the actions still open from earlier meetings, each once: one whose item is on this agenda is listed under it only', () => {
    expect(minutes).toContain('### To-dos (open; no owner)\n\nDecision: none recorded.\n\nActions:\n\n- [ ] Hire: Bo, no due date\n\n## Open actions from earlier meetings\n\nNone.');
    const settled = { ...doc.agenda, todo: { ...doc.agenda.todo, state: 'decided', outcomeAt: '2025-10-01T00:00:00Z' } };
    expect(meetingMinutes({ ...doc, agenda: settled }, opening, new Date('2025-11-04T00:00:00Z'))).toContain('## Open actions from earlier meetings\n\n- [ ] Hire: Bo, no due date (To-dos)');
  });

  it('[M6] an action added since the last review to an item an earlier meeting settled is listed once, as added since, not as carried over', () => {
    // "Book the venue" was added to the settled To-dos after the last review: the opening copy never held it.
    const actions = [...doc.agenda.todo.actions, { id: 'a9', text: 'Book the venue', owner: 'Ana', due: '2025-11-20', done: false }];
    const settled = { ...doc.agenda, todo: { ...doc.agenda.todo, state: 'decided', outcomeAt: '2025-10-01T00:00:00Z', actions } };
    const minutes = meetingMinutes({ ...doc, agenda: settled }, opening, new Date('2025-11-04T00:00:00Z'));
    expect(minutes).toContain('## Open actions from earlier meetings\n\n- [ ] Hire: Bo, no due date (To-dos)\n\n## Open actions added since the last review\n\n- [ ] Book the venue: Ana, due 20 Nov 2025 (To-dos)\n');
    expect(minutes.split('Book the venue').length - 1, 'listed once').toBe(1);
  });
});

describe('meetingMinutes with the attendance register (SPEC M21)', () => {
  const withRegister = (attendance: unknown) => meetingMinutes({ ...doc, attendance }, opening, new Date('2025-11-04T00:00:00Z'));
  const started = doc.meeting.startedAt;
  const entry = (name: string, role: string, guest: boolean, meeting = started) => ({ name, role, guest, meeting, at: started });

  it('[M21][M6] lists whoever was present in this meeting beside those the log names, once each, by role, and says once whose names were typed on a shared link', () => {
    const minutes = withRegister({
      // Present and never in the log: nothing they did leaves a name there.
      a: entry('Dana Silent', 'editor', false),
      b: entry('Sam Watching', 'viewer', true),
      c: entry('Vic Viewer', 'viewer', false),
      // In the log too: listed once, marked as the register knows them.
      d: entry('Ana', 'editor', false),
      e: entry('Fran', 'facilitator', true),
    });
    // Fran ran the meeting on the shared facilitator link: a facilitator, not "a guest".
    expect(minutes).toContain(
      '## Attended\n\n- Ana (editor)\n- Dana Silent (editor)\n- Fran (facilitator)\n- Sam Watching (viewer)\n- Vic Viewer (viewer)\n\nJoined on a shared link, under the name they typed: Fran, Sam Watching.\n\n## Pivots',
    );
    expect(minutes).not.toContain('guest');
  });

  it('[M21] leaves out entries of an earlier meeting and malformed ones', () => {
    const minutes = withRegister({
      a: entry('Last Time', 'editor', false, '2025-10-01T09:00:00.000Z'),
      b: entry('No Role', 'owner', false),
      c: 'editor',
      d: entry('   ', 'editor', false),
      e: { name: 'No Time', role: 'viewer', meeting: started },
    });
    expect(minutes).toContain('## Attended\n\n- Ana\n- Fran\n\n');
  });

  it('[M21] says so when nobody was recorded', () => {
    const minutes = meetingMinutes({ ...doc, log: [] }, opening, new Date('2025-11-04T00:00:00Z'));
    expect(minutes).toContain('## Attended\n\n- Nobody was recorded as present.\n');
  });

  it('[M21] does not list the rules as attending for the pivot they logged', () => {
    const pivot = { id: 'l-rules', at: '2025-11-03T09:10:00.000Z', kind: 'pivot', by: 'rules', text: 'In triage because a KPI slipped.', ref: null };
    const minutes = meetingMinutes({ ...doc, log: [pivot] }, opening, new Date('2025-11-04T00:00:00Z'));
    expect(minutes).toContain('In triage because a KPI slipped.');
    expect(minutes).toContain('## Attended\n\n- Nobody was recorded as present.\n');
  });
});

describe('minutes a COO could send (SPEC M6)', () => {
  const started = '2026-12-04T09:00:00.000Z';
  const review = (agenda: Record<string, unknown>, log: unknown[] = []): any => ({
    meta: { title: 'Q4 operating review', mode: 'triage' },
    meeting: { status: 'ended', startedAt: started, endedAt: '2026-12-04T10:00:00.000Z' },
    agenda,
    log: [{ at: started, kind: 'meeting-start', by: 'Ana Diaz', text: 'Ana Diaz started the meeting.', ref: null }, ...log],
  });
  const pivot = { at: '2026-12-04T08:55:00.000Z', kind: 'pivot', by: 'rules', text: 'Cloud cost saving is 22% behind plan.', ref: null };
  const after = new Date('2026-12-05T00:00:00Z');

  it('[M6] a meeting that ran entirely in triage says so, with the pivot in force when it started and why', () => {
    const minutes = meetingMinutes(review({}, [pivot]), null, after);
    expect(minutes).toContain('## Pivots\n\n- The meeting started in triage (pivot at 08:55 UTC): Cloud cost saving is 22% behind plan.\n');
    expect(minutes).not.toContain('- None.');
    // Back in review before it started: the meeting was not in triage.
    const back = { at: '2026-12-04T08:58:00.000Z', kind: 'review', by: 'Ana Diaz', text: 'Back to review.', ref: null };
    expect(meetingMinutes(review({}, [pivot, back]), null, after)).toContain('## Pivots\n\n- None.\n');
  });

  it('[M6] each item names its owner, and items nobody took up are named once on one line, the rules\' resolutions included', () => {
    const minutes = meetingMinutes(
      review({
        cloud: { kind: 'triage', title: 'Cloud cost saving', order: 'a0', owner: 'Priya Raman', state: 'deferred', revisitOn: '2027-01-15', decision: 'Wait for the January invoice', actions: [] },
        churn: { kind: 'triage', title: 'Churn', order: 'a1', state: 'open', severity: 'amber', actions: [] },
        api: { kind: 'triage', title: 'Usage export API', order: 'a2', state: 'resolved', outcomeAt: '2026-12-04T09:20:00.000Z', actions: [] },
        voted: { kind: 'triage', title: 'Onboarding', order: 'a3', state: 'open', votes: { p1: 2 }, actions: [] },
        hiring: { kind: 'review', title: 'Hiring plan', order: 'b0', state: 'open', actions: [] },
      }),
      null,
      after,
    );
    expect(minutes).toContain('### Cloud cost saving (deferred until 15 Jan 2027; owner Priya Raman)\n\nDecision: Wait for the January invoice\n');
    expect(minutes).toContain('### Onboarding (open; no owner)\n\nDecision: none recorded.\n\nNot discussed: Churn (amber), Usage export API (resolved).\n\n## Review topics\n\nNot discussed: Hiring plan.\n\n## Open actions');
    for (const untouched of ['### Churn', '### Usage export API', '### Hiring plan']) expect(minutes).not.toContain(untouched);
  });

  it('[M6] an item a person resolved in the meeting is the room\'s outcome, not "Not discussed"; one the rules resolved is', () => {
    const api = { kind: 'triage', title: 'Usage export API', order: 'a0', state: 'resolved', outcomeAt: '2026-12-04T09:20:00.000Z', actions: [] };
    const byPerson = { at: '2026-12-04T09:20:00.000Z', kind: 'resolution', by: 'Ana Diaz', text: 'Resolved "Usage export API".', ref: 'api' };
    const resolved = meetingMinutes(review({ api }, [byPerson]), null, after);
    expect(resolved).toContain('### Usage export API (resolved; no owner)');
    expect(resolved).not.toContain('Not discussed');
    const byRules = { ...byPerson, by: 'rules', text: 'Resolved "Usage export API": every finding on it cleared.' };
    expect(meetingMinutes(review({ api }, [byRules]), null, after)).toContain('Not discussed: Usage export API (resolved).');
  });
});

describe('the minutes quote a decision as it was decided (SPEC U108)', () => {
  const decidedAt = '2025-11-03T09:30:00.000Z';
  const revenue = doc.agenda['triage:kpi:k1'];
  const withRevenue = (fields: Record<string, unknown>) =>
    meetingMinutes({ ...doc, agenda: { ...doc.agenda, 'triage:kpi:k1': { ...revenue, outcomeAt: decidedAt, ...fields } } }, opening, new Date('2025-11-04T00:00:00Z'));

  it('[U108] [M6] a decided item is quoted with the text it was decided with, not what its box was changed to after', () => {
    const minutes = withRevenue({ decision: 'Raise prices instead', decidedText: 'Cut prices for Q1 renewals', decidedAt });
    expect(minutes).toContain('\n\nDecision: Cut prices for Q1 renewals\n');
    expect(minutes).not.toContain('Raise prices instead');
  });

  it('[U108] [M6] an item decided before this release, or decided again by the release before after a Reopen, is quoted from its box, as it was', () => {
    expect(withRevenue({ decision: 'Raise prices instead' })).toContain('\n\nDecision: Raise prices instead\n');
    expect(withRevenue({ decision: 'Raise prices instead', decidedText: 'Cut prices for Q1 renewals', decidedAt: '2025-11-03T09:10:00.000Z' })).toContain('\n\nDecision: Raise prices instead\n');
  });

  it('[U108] [M6] [H1] a decided text of any other type is none, and the box is quoted', () => {
    for (const decidedText of [42, { text: 'Cut prices' }, ['Cut prices'], null, true]) {
      expect(withRevenue({ decision: 'In the box', decidedText, decidedAt }), JSON.stringify(decidedText)).toContain('\n\nDecision: In the box\n');
    }
    expect(withRevenue({ decision: 'In the box', decidedText: 'Cut prices', decidedAt: { at: decidedAt } })).toContain('\n\nDecision: In the box\n');
  });
});
