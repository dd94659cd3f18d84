import { describe, expect, it } from 'vitest';
import { createAgendaItem, setDecision, updateAgendaItem } from '../../../shared/schema/agenda-accessors';
import { decideItem, deferItem } from '../../../shared/schema/agenda-outcomes';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { addKpi, day, postReading, storedJson } from '../support/triage';

describe('the Markdown minutes of a meeting that ran in triage, as a COO would send them (SPEC M6)', () => {
  const fixture = useWorkspace();

  it('[M6] says the meeting was in triage from its start and why, names each item\'s owner, and lists untouched items on one line', async () => {
    const client = await fixture.connect('facilitator');
    const cloud = await addKpi(fixture, client, 'Cloud cost saving');
    const churn = await addKpi(fixture, client, 'Churn');
    unwrap(createAgendaItem(client.doc, { title: 'Hiring plan' }));
    // Minutes before Start the rules pivot the review: the whole meeting runs in triage.
    expect((await postReading(fixture, cloud, 80)).mode).toBe('triage');
    expect((await postReading(fixture, churn, 80)).mode).toBe('triage');
    const item = `triage:kpi:${cloud}`;
    await waitFor('the triage items to arrive', () => client.doc.getMap('agenda').has(item) && client.doc.getMap('agenda').has(`triage:kpi:${churn}`));

    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(updateAgendaItem(client.doc, item, { owner: 'Priya Raman' }));
    unwrap(setDecision(client.doc, item, 'Wait for the January invoice'));
    unwrap(deferItem(client.doc, item, day(40), { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the ended meeting to be stored', async () => (await storedJson(fixture)).meeting?.status === 'ended');

    const response = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/export?format=md`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } });
    const minutes = await response.text();
    expect(minutes).toMatch(/## Pivots\n\n- The meeting started in triage \(pivot at \d\d:\d\d UTC\): .*Cloud cost saving/);
    expect(minutes).not.toContain('- None.');
    expect(minutes).toMatch(/### Cloud cost saving \(deferred until [^;]+; owner Priya Raman\)\n\nFindings:/);
    expect(minutes).toContain('Not discussed: Churn (red).');
    expect(minutes).toContain('## Review topics\n\nNot discussed: Hiring plan.\n');
    expect(minutes).not.toContain('### Churn');
    client.destroy();
  });

  it('[M6] a past meeting\'s minutes stay downloadable from its meeting-end snapshot after the next meeting starts', async () => {
    const client = await fixture.connect('facilitator');
    const read = (path: string) => fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}${path}`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } });
    const get = (query: string) => read(`/export?${query}`);
    const first = unwrap(createAgendaItem(client.doc, { title: 'Hiring plan' }));
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(setDecision(client.doc, first, 'Hire two SREs in Q1'));
    unwrap(decideItem(client.doc, first, null, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    const snapshots = async () => ((await (await read('/snapshots')).json()) as { snapshots: { id: string; by: string | null }[] }).snapshots;
    await waitFor('the meeting-end snapshot', async () => (await snapshots()).some((snapshot) => snapshot.by === null));
    const ended = (await snapshots()).find((snapshot) => snapshot.by === null)!;

    const second = unwrap(createAgendaItem(client.doc, { title: 'Office move' }));
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(setDecision(client.doc, second, 'Move in March'));
    unwrap(decideItem(client.doc, second, null, { by: 'Fran', now: new Date() }));
    await waitFor('the second decision to be stored', async () => (await storedJson(fixture)).agenda?.[second]?.state === 'decided');

    const now = await (await get('format=md')).text();
    expect(now).toContain('Move in March');
    const past = await get(`format=md&snapshot=${encodeURIComponent(ended.id)}`);
    expect(past.status).toBe(200);
    const minutes = await past.text();
    expect(minutes).toContain('Hire two SREs in Q1');
    expect(minutes).not.toContain('Office move');

    const unknown = await get('format=md&snapshot=no-such-snapshot');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('There is no snapshot');
    client.destroy();
  });
});
