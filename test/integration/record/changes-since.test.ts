import { describe, expect, it } from 'vitest';
import { addAction } from '../../../shared/schema/agenda-actions';
import { createAgendaItem, setDecision } from '../../../shared/schema/agenda-accessors';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { writeRuleSetting } from '../../../shared/rules/rule-settings';
import { unwrap } from '../../../shared/schema/op-result';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call } from '../support/people';
import { addKpi, day, postReading, storedJson } from '../support/triage';

/** `GET …/changes` from the live document, as "Since the last review" and History ask for it. */
describe('what changed since a snapshot, as the next meeting reads it (SPEC M3, M26)', () => {
  const fixture = useWorkspace();
  const api = (method: string, path: string, role: 'facilitator' | 'viewer', body?: unknown) =>
    call<any>(fixture.server.url, method, `/api/workspaces/${fixture.workspace.id}${path}`, { token: fixture.workspace.tokens[role] }, body);

  it('[M3][C12] switching the threshold rule off moves the band to not judged ("off"), never red → green', async () => {
    const client = await fixture.connect('facilitator');
    const kpi = await addKpi(fixture, client, 'Cloud cost saving');
    expect((await postReading(fixture, kpi, 80)).mode).toBe('triage');
    const snapshot = (await api('POST', '/snapshots', 'facilitator', { label: 'Last review' })).json.id as string;

    unwrap(writeRuleSetting(client.doc, 'kpi-threshold', { enabled: false }, 'Ana Diaz'));
    await waitFor('the rule to be off and its finding gone', async () => {
      const stored = await storedJson(fixture);
      return stored.rules['kpi-threshold']?.enabled === false && !stored.findings.some((finding) => finding.rule === 'kpi-threshold');
    });
    const { changes } = (await api('GET', `/changes?since=${snapshot}`, 'viewer')).json;
    expect(changes.kpis).toEqual([{ id: kpi, name: 'Cloud cost saving', value: [80, 80], band: ['red', 'off'], readingsAdded: 0, added: false }]);
    client.destroy();
  });

  it('[M3] text typed in an undecided item\'s decision box is a draft, not a decision', async () => {
    const client = await fixture.connect('facilitator');
    const item = unwrap(createAgendaItem(client.doc, { title: 'Partner referral programme' }));
    await waitFor('the item to be stored', async () => (await storedJson(fixture)).agenda[item] !== undefined);
    const snapshot = (await api('POST', '/snapshots', 'facilitator', { label: 'Last review' })).json.id as string;

    unwrap(setDecision(client.doc, item, 'Priya draft: keep programme'));
    await waitFor('the draft to be stored', async () => (await storedJson(fixture)).agenda[item]!.decision === 'Priya draft: keep programme');
    const { changes } = (await api('GET', `/changes?since=${snapshot}`, 'viewer')).json;
    expect(changes.decisions).toEqual([]);
    expect(changes.drafts).toEqual([{ id: item, title: 'Partner referral programme', text: 'Priya draft: keep programme' }]);
    client.destroy();
  });

  it('[M3] an until taken before its since is refused in words, not answered with every change read backwards', async () => {
    const client = await fixture.connect('facilitator');
    const kpi = await addKpi(fixture, client, 'Net revenue');
    await postReading(fixture, kpi, 104, day(-1));
    const earlier = (await api('POST', '/snapshots', 'facilitator', { label: 'Earlier' })).json.id as string;
    await postReading(fixture, kpi, 90);
    const later = (await api('POST', '/snapshots', 'facilitator', { label: 'Later' })).json.id as string;
    // It answered 200 with the KPI moving from 90 back to 104, as though the reading were undone.
    const swapped = await api('GET', `/changes?since=${later}&until=${earlier}`, 'viewer');
    expect(swapped.status).toBe(400);
    expect(swapped.json.error).toEqual({
      code: 'invalid_query',
      message: 'until: the snapshot "Earlier" was taken before "Later", the one since which changes are asked for: ask since the earlier until the later.',
    });
    const inOrder = await api('GET', `/changes?since=${earlier}&until=${later}`, 'viewer');
    expect(inOrder.status).toBe(200);
    expect(inOrder.json.changes.kpis).toMatchObject([{ id: kpi, value: [104, 90] }]);
    client.destroy();
  });

  it('[M26][M27] a snapshot taken between reviews is listed as taken, not as a review; actions carried over are those the last review held', async () => {
    const client = await fixture.connect('facilitator');
    const item = unwrap(createAgendaItem(client.doc, { title: 'Hiring' }));
    unwrap(addAction(client.doc, item, { text: 'Post the job', owner: 'Ana', due: null }));
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    const listed = async () => (await api('GET', '/snapshots', 'viewer')).json.snapshots as { id: string; label: string; kind: string }[];
    await waitFor('the meeting-end snapshot', async () => (await listed()).length === 1);
    const [review] = await listed();

    // Wednesday: an action added outside any meeting, then a snapshot someone takes to look back on.
    unwrap(addAction(client.doc, item, { text: 'Book the venue', owner: 'Bo', due: null }));
    await waitFor('the new action to be stored', async () => (await storedJson(fixture)).agenda[item]!.actions.length === 2);
    expect((await api('POST', '/snapshots', 'facilitator', { label: 'Wednesday check' })).json.kind).toBe('taken');
    expect((await listed()).map((snapshot) => snapshot.kind)).toEqual(['meeting-end', 'taken']);

    // The next meeting: what changed since the last review holds Wednesday's action as new, and
    // the Actions view (and the minutes) do not call it carried over from an earlier meeting.
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the meeting to be stored', async () => (await storedJson(fixture)).meeting?.status === 'running');
    const since = (await api('GET', `/changes?since=${review!.id}`, 'viewer')).json;
    expect(since.since.kind).toBe('meeting-end');
    expect(since.changes.actions.added.map((action: { text: string }) => action.text)).toEqual(['Book the venue']);
    const { actions } = (await api('GET', '/actions', 'viewer')).json as { actions: { text: string; carriedOver: boolean }[] };
    expect(actions.map(({ text, carriedOver }) => ({ text, carriedOver }))).toEqual([
      { text: 'Book the venue', carriedOver: false },
      { text: 'Post the job', carriedOver: true },
    ]);
    client.destroy();
  });
});
