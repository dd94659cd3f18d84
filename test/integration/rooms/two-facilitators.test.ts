import { describe, expect, it } from 'vitest';
import { createAgendaItem, setDecision } from '../../../shared/schema/agenda-accessors';
import { addAction, setVote } from '../../../shared/schema/agenda-actions';
import { decideItem, deferItem, resolveItem } from '../../../shared/schema/agenda-outcomes';
import { discussItem, pauseTimer, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { workspaceToJson } from '../../../shared/schema/to-json';
import { canonical } from '../../support/canonical';
import { waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { addKpi, day, itemOn, postReading, storedJson, untilItemShows } from '../support/triage';

/** SPEC T6: the meeting lives in the document, so two facilitators drive one meeting. */

const shared = (client: Client) => {
  const json = workspaceToJson(client.doc);
  return canonical({ meeting: json.meeting, agenda: json.agenda, log: json.log });
};

describe('two facilitators at once (SPEC T6)', () => {
  const fixture = useWorkspace({}, 'Two facilitators');

  it('T6 two facilitators who start the meeting, discuss, decide and defer at the same moment end on one meeting and one agenda, and lose nothing', async () => {
    const ana = await fixture.connect('facilitator');
    const ben = await fixture.connect('facilitator');
    const revenue = await addKpi(fixture, ana, 'Net revenue retention');
    const activation = await addKpi(fixture, ana, 'Activation rate');
    const revenueItem = `triage:kpi:${revenue}`;
    const activationItem = `triage:kpi:${activation}`;
    const revenueAnswer = await postReading(fixture, revenue, 80);
    const activationAnswer = await postReading(fixture, activation, 75);
    const scorecard = unwrap(createAgendaItem(ana.doc, { title: 'Scorecard', standing: true, timeboxMin: 5 }));
    unwrap(resolveItem(ana.doc, scorecard, { by: 'Ana', now: new Date() }));
    for (const client of [ana, ben]) {
      await untilItemShows(client, revenueItem, revenueAnswer);
      await untilItemShows(client, activationItem, activationAnswer);
      await waitFor('the resolved scorecard to reach both', () => itemOn(client, scorecard)?.state === 'resolved');
    }

    // Both lose the network, so that neither sees the other's clicks before making its own.
    ana.provider.disconnect();
    ben.provider.disconnect();
    const asAna = { by: 'Ana', now: new Date() };
    const asBen = { by: 'Ben', now: new Date() };
    unwrap(startMeeting(ana.doc, asAna));
    unwrap(startMeeting(ben.doc, asBen));
    unwrap(discussItem(ana.doc, revenueItem, asAna));
    unwrap(discussItem(ben.doc, activationItem, asBen));
    unwrap(setDecision(ana.doc, revenueItem, 'Accept the dip until the renewals land.'));
    unwrap(addAction(ana.doc, revenueItem, { text: 'Call the three largest renewals', owner: 'Ana' }));
    unwrap(setVote(ana.doc, activationItem, 'ana', 2));
    unwrap(decideItem(ana.doc, revenueItem, null, asAna));
    unwrap(setDecision(ben.doc, activationItem, 'Wait for the onboarding redesign.'));
    unwrap(addAction(ben.doc, activationItem, { text: 'Share the redesign dates', owner: 'Ben', due: day(5) }));
    unwrap(setVote(ben.doc, activationItem, 'ben', 3));
    unwrap(pauseTimer(ben.doc, new Date()));
    unwrap(deferItem(ben.doc, activationItem, day(7), asBen));
    ana.provider.connect();
    ben.provider.connect();

    await waitFor('the two facilitators to converge', () => ana.provider.synced && ben.provider.synced && shared(ana) === shared(ben));
    const viewer = await fixture.connect('viewer');
    await waitFor('a fresh screen to show the same', () => shared(viewer) === shared(ana));

    const { meeting, agenda } = workspaceToJson(viewer.doc);
    // One meeting, never a mix: each settled the item they were discussing, which took it out of
    // discussion (the current item and its timer together), so none is current.
    expect(meeting).toMatchObject({ status: 'running', startedAt: expect.any(String), votesRevealed: false, currentItem: null, timer: null });
    expect(agenda[revenueItem]).toMatchObject({
      state: 'decided',
      decision: 'Accept the dip until the renewals land.',
      actions: [expect.objectContaining({ text: 'Call the three largest renewals', owner: 'Ana' })],
    });
    expect(agenda[activationItem]).toMatchObject({
      state: 'deferred',
      revisitOn: day(7),
      decision: 'Wait for the onboarding redesign.',
      actions: [expect.objectContaining({ text: 'Share the redesign dates', owner: 'Ben', due: day(5) })],
      votes: { ana: 2, ben: 3 },
    });
    // Starting a meeting reopens the standing items, whichever start won.
    expect(agenda[scorecard]).toMatchObject({ state: 'open', outcomeAt: null });

    // The server stored what the screens show: a facilitator who reloads sees it too.
    const stored = await storedJson(fixture);
    expect(canonical({ meeting: stored.meeting, agenda: stored.agenda, log: stored.log })).toBe(shared(viewer));
    expect(stored.log.filter((entry) => entry.kind !== 'pivot').map((entry) => [entry.kind, entry.by])).toEqual(
      expect.arrayContaining([
        ['meeting-start', 'Ana'],
        ['meeting-start', 'Ben'],
        ['decision', 'Ana'],
        ['deferral', 'Ben'],
      ]),
    );
  });
});
