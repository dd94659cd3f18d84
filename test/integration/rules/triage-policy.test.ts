import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { returnToReview } from '../../../shared/pivot/review-mode';
import { setDecision, updateAgendaItem } from '../../../shared/schema/agenda-accessors';
import { addAction, setVote } from '../../../shared/schema/agenda-actions';
import { decideItem, deferItem } from '../../../shared/schema/agenda-outcomes';
import { createDependency } from '../../../shared/schema/dependency-accessors';
import { discussItem } from '../../../shared/schema/meeting';
import { createNode, updateNode } from '../../../shared/schema/node-accessors';
import { nodesMap } from '../../../shared/schema/root-types';
import { unwrap } from '../../../shared/schema/op-result';
import { readMode } from '../../../shared/schema/workspace';
import { keyBetween } from '../../../shared/tree/fractional-index';
import { waitFor, type Client } from '../support/clients';
import { useWorkspace, type WorkspaceFixture } from '../support/fixture';
import { addKpi, day, facilitatorAt, findingsOn, itemOn, logOn, postReading, storedJson, untilItemShows } from '../support/triage';

/**
 * SPEC T3–T5, T7 and T8 on a real server: REST readings, the server's rule runner and triage policy,
 * and a facilitator on a stock provider acting through the shared accessors as the browser does.
 * Each KPI from `addKpi` is amber at 100, red at 80 and on target at 110.
 */

const itemFor = (kpi: string) => `triage:kpi:${kpi}`;
const modeOn = (client: Client) => readMode(client.doc);

/** The facilitator's side of a test: decisions with their text, action and votes, and going back to review. */
function facilitating(fixture: WorkspaceFixture, client: () => Client) {
  return {
    /** Writes a decision as the room would (text, an action, two people's dots), then decides. */
    decide(id: string, decision: string, action: string): void {
      const { doc } = client();
      unwrap(setDecision(doc, id, decision));
      unwrap(addAction(doc, id, { text: action, owner: 'Dana', due: day(7) }));
      unwrap(setVote(doc, id, 'ana', 2));
      unwrap(setVote(doc, id, 'ben', 1));
      unwrap(decideItem(doc, id, null, facilitatorAt()));
    },
    /** Back to review from the facilitator's screen, once the server has it. */
    async backToReview(): Promise<void> {
      unwrap(returnToReview(client().doc, findingsOn(client().doc), facilitatorAt()));
      await waitFor('the server to be back in review', async () => (await storedJson(fixture)).meta?.mode === 'review');
    },
    /** A KPI from `addKpi` given a reading of `value` in triage, once its item shows the server's findings. */
    async kpiAt(name: string, value: number): Promise<string> {
      const kpi = await addKpi(fixture, client(), name);
      await untilItemShows(client(), itemFor(kpi), await postReading(fixture, kpi, value));
      return kpi;
    },
    /** Waits for the item the rules raise for a subject on the facilitator's screen. */
    untilRaised(id: string, key: string): Promise<void> {
      return waitFor(`${id} to be raised`, () => itemOn(client(), id)?.findings.some((finding) => finding.key === key) === true);
    },
  };
}

/** What the room wrote on an item, as `decide` wrote it: none of it may move. */
function expectDecisionKept(client: Client, id: string, decision: string, action: string): void {
  const item = itemOn(client, id)!;
  expect(item.decision?.toString()).toBe(decision);
  expect(item.actions).toEqual([expect.objectContaining({ text: action, owner: 'Dana', done: false })]);
  expect({ ...item.votes }).toEqual({ ana: 2, ben: 1 });
}

/** The decision most tests take on a red KPI: its text and its one action. */
const RENEWALS = ['Accept the dip until the renewals land.', 'Call the three largest renewals'] as const;

const logKinds = (client: Client, ...kinds: string[]) => logOn(client).filter((entry) => kinds.includes(entry.kind));

describe('the triage policy on a live server (SPEC T3, T4, T5, T7, T8)', () => {
  const fixture = useWorkspace({}, 'Triage review');
  let facilitator: Client;
  const room = facilitating(fixture, () => facilitator);

  beforeEach(async () => {
    facilitator = await fixture.connect('facilitator');
  });

  it('T3/T7 once the red is decided the facilitator takes the meeting back to review, and it stays there while the red gets no worse', async () => {
    const viewer = await fixture.connect('viewer');
    const kpi = await addKpi(fixture, facilitator, 'Net revenue retention');
    const pivot = await postReading(fixture, kpi, 80);
    expect(pivot).toMatchObject({ status: 201, mode: 'triage' });
    await untilItemShows(facilitator, itemFor(kpi), pivot);

    // T7: refused with a sentence while the red has no outcome.
    const refused = returnToReview(facilitator.doc, findingsOn(facilitator.doc), facilitatorAt());
    expect(refused).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^A red finding has no outcome yet/) } });
    expect(modeOn(facilitator)).toBe('triage');

    room.decide(itemFor(kpi), ...RENEWALS);
    await room.backToReview();

    // A better red, then a worse value that is still red: the severity the room accepted.
    for (const value of [85, 70]) {
      const answer = await postReading(fixture, kpi, value);
      expect(answer).toMatchObject({ status: 201, mode: 'review' });
      expect(answer.findings).toContainEqual(expect.objectContaining({ key: `kpi-threshold:kpi:${kpi}`, severity: 'red' }));
      for (const client of [facilitator, viewer]) {
        await untilItemShows(client, itemFor(kpi), answer);
        expect(modeOn(client)).toBe('review');
        expect(itemOn(client, itemFor(kpi))).toMatchObject({ state: 'decided', severity: 'red', acceptedSeverity: 'red' });
        expectDecisionKept(client, itemFor(kpi), ...RENEWALS);
      }
    }
    expect(logKinds(viewer, 'pivot', 'reopen').map((entry) => entry.kind)).toEqual(['pivot']);
    const stored = await storedJson(fixture);
    expect(stored.meta).toMatchObject({ mode: 'review', pivotReason: null });
    expect(stored.agenda[itemFor(kpi)]).toMatchObject({ state: 'decided', decision: 'Accept the dip until the renewals land.' });
  });

  it('T3/T4/T7 a new red on another KPI pivots the review again, the banner names only it, and the decided KPI stays decided', async () => {
    const decided = await room.kpiAt('Gross revenue retention', 80);
    const fresh = await addKpi(fixture, facilitator, 'Activation rate');
    room.decide(itemFor(decided), 'Hold the price rise until January.', 'Draft the customer letter');
    await room.backToReview();

    const answer = await postReading(fixture, fresh, 75);
    expect(answer.mode).toBe('triage');
    await untilItemShows(facilitator, itemFor(fresh), answer);
    // The decided KPI is still red and still accepted: not reopened, not in the banner (T7: reasons of now).
    expect(findingsOn(facilitator.doc)).toContainEqual(expect.objectContaining({ key: `kpi-threshold:kpi:${decided}`, severity: 'red' }));
    expect(itemOn(facilitator, itemFor(decided))?.state).toBe('decided');
    expectDecisionKept(facilitator, itemFor(decided), 'Hold the price rise until January.', 'Draft the customer letter');
    const reason = String(facilitator.doc.getMap('meta').get('pivotReason'));
    expect(reason).toMatch(/^In triage because Activation rate is/);
    expect(reason).not.toMatch(/Gross revenue retention/);
    expect(logKinds(facilitator, 'pivot', 'reopen').map((entry) => [entry.kind, entry.ref])).toEqual([
      ['pivot', itemFor(decided)],
      ['pivot', itemFor(fresh)],
    ]);
  });

  it('T2 an item raised while an editor types a new initiative’s name follows the name as they type on, on every screen and in storage', async () => {
    await room.kpiAt('Net revenue retention', 80);
    const editor = await fixture.connect('editor');
    const initiative = unwrap(createNode(editor.doc, { kind: 'initiative', title: '', order: keyBetween(null, null) }));
    const title = nodesMap(editor.doc).get(initiative)!.get('title') as Y.Text;
    const itemId = `triage:node:${initiative}`;
    // The first letter is typed; the server's rules raise the unowned initiative's item as it lands.
    title.insert(0, 'K');
    await room.untilRaised(itemId, `missing-owner:node:${initiative}`);
    expect(itemOn(facilitator, itemId)?.title).toBe('K');
    title.insert(1, 'nowledge base refresh');
    await waitFor('the item to take the whole name', () => itemOn(facilitator, itemId)?.title === 'Knowledge base refresh');
    await waitFor('the editor to see it', () => itemOn(editor, itemId)?.title === 'Knowledge base refresh');
    await waitFor('the server to store it', async () => (await storedJson(fixture)).agenda[itemId]?.title === 'Knowledge base refresh');
  });

  it('T4 a decided amber that turns red reopens its item, with a log entry saying it got worse than the room accepted', async () => {
    const red = await room.kpiAt('Net revenue retention', 80);
    const amber = await addKpi(fixture, facilitator, 'Expansion revenue');
    const raised = await postReading(fixture, amber, 100);
    expect(raised.findings).toContainEqual(expect.objectContaining({ key: `kpi-threshold:kpi:${amber}`, severity: 'amber' }));
    await untilItemShows(facilitator, itemFor(amber), raised);
    room.decide(itemFor(red), ...RENEWALS);
    room.decide(itemFor(amber), 'Live with it this quarter.', 'Check the upsell pipeline');
    expect(itemOn(facilitator, itemFor(amber))?.acceptedSeverity).toBe('amber');
    await room.backToReview();

    const worse = await postReading(fixture, amber, 80);
    expect(worse.mode).toBe('triage');
    await untilItemShows(facilitator, itemFor(amber), worse);
    expect(itemOn(facilitator, itemFor(amber))).toMatchObject({ state: 'open', severity: 'red', acceptedSeverity: 'amber' });
    expectDecisionKept(facilitator, itemFor(amber), 'Live with it this quarter.', 'Check the upsell pipeline');
    expect(logKinds(facilitator, 'reopen')).toEqual([
      expect.objectContaining({
        by: 'rules',
        ref: itemFor(amber),
        text: expect.stringMatching(/^Reopened “Expansion revenue”: Expansion revenue is .* behind target .*, now red, worse than the amber the room accepted\.$/),
      }),
    ]);
    expect(itemOn(facilitator, itemFor(red))?.state).toBe('decided');
  });

  it('T3/T4 a red that cleared and came back is new: the decided item reopens and the review pivots again', async () => {
    const kpi = await room.kpiAt('Net revenue retention', 80);
    room.decide(itemFor(kpi), ...RENEWALS);
    await room.backToReview();

    const recovered = await postReading(fixture, kpi, 110);
    expect(recovered.mode).toBe('review');
    await untilItemShows(facilitator, itemFor(kpi), recovered);
    expect(itemOn(facilitator, itemFor(kpi))).toMatchObject({ state: 'decided', cleared: true, findings: [] });

    // Same day, a corrected figure: red again, no worse than the red the room accepted, but new.
    const back = await postReading(fixture, kpi, 80);
    expect(back.mode).toBe('triage');
    await untilItemShows(facilitator, itemFor(kpi), back);
    expect(itemOn(facilitator, itemFor(kpi))).toMatchObject({ state: 'open', cleared: false, severity: 'red', acceptedSeverity: 'red' });
    expectDecisionKept(facilitator, itemFor(kpi), ...RENEWALS);
    expect(logKinds(facilitator, 'reopen')).toEqual([
      expect.objectContaining({ ref: itemFor(kpi), text: expect.stringMatching(/: new since the room's outcome: Net revenue retention is .* behind target/) }),
    ]);
  });

  it('T3/T4 a rule newly firing red on a decided red subject pivots again and reopens it, saying what is new', async () => {
    const kpi = await room.kpiAt('Net revenue retention', 80);
    const { doc } = facilitator;
    const initiative = unwrap(
      createNode(doc, { kind: 'initiative', title: 'Partner referral programme', owner: 'Lena', confidence: 0.1, confidenceNote: 'Two partners pulled out.', order: keyBetween(null, null) }),
    );
    const itemId = `triage:node:${initiative}`;
    await room.untilRaised(itemId, `low-confidence:node:${initiative}`);
    room.decide(itemFor(kpi), ...RENEWALS);
    room.decide(itemId, 'Sign two replacement partners by January.', 'Shortlist replacement partners');
    expect(itemOn(facilitator, itemId)?.acceptedSeverity).toBe('red');
    await room.backToReview();

    // Another team starts waiting on it, and its due date is already behind it: overdue, red.
    const waiting = unwrap(createNode(doc, { kind: 'keyResult', title: 'Partner-sourced pipeline', order: keyBetween(null, null) }));
    unwrap(createDependency(doc, { from: initiative, to: waiting, needBy: day(60) }));
    unwrap(updateNode(doc, initiative, { due: day(-1) }));
    await waitFor('the new red to pivot the review', () => modeOn(facilitator) === 'triage' && itemOn(facilitator, itemId)?.state === 'open');
    expect(itemOn(facilitator, itemId)!.findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['low-confidence', 'red'],
      ['milestone-overdue', 'red'],
    ]);
    expectDecisionKept(facilitator, itemId, 'Sign two replacement partners by January.', 'Shortlist replacement partners');
    expect(logKinds(facilitator, 'reopen')).toEqual([
      expect.objectContaining({ ref: itemId, text: expect.stringMatching(/: new since the room's outcome: Partner referral programme.* was due /) }),
    ]);
    expect(itemOn(facilitator, itemFor(kpi))?.state).toBe('decided');
  });

  it('T3/T4 a new amber on a decided red reopens the item and, its red no longer covered, pivots the review in the same update', async () => {
    const { doc } = facilitator;
    const initiative = unwrap(
      createNode(doc, { kind: 'initiative', title: 'Partner referral programme', owner: 'Lena', confidence: 0.1, confidenceNote: 'Two partners pulled out.', order: keyBetween(null, null) }),
    );
    const itemId = `triage:node:${initiative}`;
    await room.untilRaised(itemId, `low-confidence:node:${initiative}`);
    room.decide(itemId, 'Sign two replacement partners by January.', 'Shortlist replacement partners');
    await room.backToReview();

    // Overdue with nobody waiting on it: amber, and new since the decision.
    unwrap(updateNode(doc, initiative, { due: day(-1) }));
    await waitFor('the item to be reopened', () => itemOn(facilitator, itemId)?.state === 'open');
    expect(itemOn(facilitator, itemId)!.findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['low-confidence', 'red'],
      ['milestone-overdue', 'amber'],
    ]);
    // The rules write the reopening and the pivot it causes together, not one sweep apart.
    expect(modeOn(facilitator)).toBe('triage');
    expect(String(facilitator.doc.getMap('meta').get('pivotReason'))).toMatch(/^In triage because Confidence in Partner referral programme/);
    const [first, ...together] = logKinds(facilitator, 'pivot', 'reopen');
    expect(first).toMatchObject({ kind: 'pivot', ref: itemId });
    expect(together.map((entry) => [entry.kind, entry.ref]).sort()).toEqual([
      ['pivot', itemId],
      ['reopen', itemId],
    ]);
    expect(new Set(together.map((entry) => entry.at)).size).toBe(1);
  });

  it('T3/T8 a decision taken on a screen that had not seen a newer red (its clock behind the server’s) does not cover it: the item reopens', async () => {
    const editor = await fixture.connect('editor');
    const initiative = unwrap(
      createNode(editor.doc, { kind: 'initiative', title: 'Partner referral programme', owner: 'Lena', confidence: 0.1, confidenceNote: 'Two partners pulled out.', order: keyBetween(null, null) }),
    );
    const itemId = `triage:node:${initiative}`;
    await room.untilRaised(itemId, `low-confidence:node:${initiative}`);

    // The facilitator's Wi-Fi drops; meanwhile the initiative becomes overdue with a team waiting on it.
    facilitator.provider.disconnect();
    const waiting = unwrap(createNode(editor.doc, { kind: 'keyResult', title: 'Partner-sourced pipeline', order: keyBetween(null, null) }));
    unwrap(createDependency(editor.doc, { from: initiative, to: waiting, needBy: day(60) }));
    unwrap(updateNode(editor.doc, initiative, { due: day(-1) }));
    await waitFor('the server to hold the new red', async () => (await storedJson(fixture)).agenda[itemId]?.findings[`milestone-overdue:node:${initiative}`] !== undefined);

    // She decides on what her screen shows, her laptop's clock ten minutes slow.
    unwrap(decideItem(facilitator.doc, itemId, null, facilitatorAt(new Date(Date.now() - 10 * 60_000))));
    facilitator.provider.connect();
    await waitFor('the item to come back', () => itemOn(facilitator, itemId)?.findings.length === 2 && itemOn(facilitator, itemId)?.state === 'open');
    expect(logKinds(facilitator, 'reopen')).toEqual([
      expect.objectContaining({ ref: itemId, text: expect.stringMatching(/: new since the room's outcome: Partner referral programme.* was due /) }),
    ]);
  });

  it('T4 a revisit date that a stale writer set to today brings the deferred item back, with the reason in the log', async () => {
    const kpi = await room.kpiAt('Net revenue retention', 80);
    unwrap(deferItem(facilitator.doc, itemFor(kpi), day(1), facilitatorAt()));
    await room.backToReview();

    // Another client's write that no accessor validated (an old tab, a script): the date is today.
    (facilitator.doc.getMap('agenda').get(itemFor(kpi)) as Y.Map<unknown>).set('revisitOn', day(0));
    await waitFor('the deferred item to come back', () => modeOn(facilitator) === 'triage' && itemOn(facilitator, itemFor(kpi))?.state === 'open');
    expect(logKinds(facilitator, 'reopen')).toEqual([
      expect.objectContaining({ ref: itemFor(kpi), text: expect.stringMatching(/^Reopened “Net revenue retention”: its revisit date \(.+\) has come\.$/) }),
    ]);
  });

  it('T5 when findings clear, an item nobody touched is resolved and logged, and items someone worked on stay where the room left them', async () => {
    const untouched = await room.kpiAt('Net revenue retention', 80);
    const owned = await room.kpiAt('Expansion revenue', 100);
    const discussed = await room.kpiAt('Activation rate', 100);
    unwrap(updateAgendaItem(facilitator.doc, itemFor(owned), { owner: 'Priya' }));
    unwrap(discussItem(facilitator.doc, itemFor(discussed), facilitatorAt()));
    await waitFor('the owner and the discussion to reach the server', async () => {
      const { agenda } = await storedJson(fixture);
      return agenda[itemFor(owned)]?.owner === 'Priya' && agenda[itemFor(discussed)]?.state === 'discussing';
    });

    for (const kpi of [untouched, owned, discussed]) {
      const answer = await postReading(fixture, kpi, 110);
      expect(answer.findings.filter((finding) => finding.subject.id === kpi)).toEqual([]);
      await untilItemShows(facilitator, itemFor(kpi), answer);
    }
    expect(itemOn(facilitator, itemFor(untouched))).toMatchObject({ state: 'resolved', cleared: true, findings: [], acceptedSeverity: 'red' });
    expect(itemOn(facilitator, itemFor(owned))).toMatchObject({ state: 'open', cleared: true, findings: [], owner: 'Priya' });
    expect(itemOn(facilitator, itemFor(discussed))).toMatchObject({ state: 'discussing', cleared: true, findings: [] });
    expect(logKinds(facilitator, 'resolution')).toEqual([
      expect.objectContaining({ by: 'rules', ref: itemFor(untouched), text: 'Resolved “Net revenue retention”: every finding on it cleared.' }),
    ]);
    // Back to review stays the facilitator's call (T7), even with nothing left to discuss.
    expect(modeOn(facilitator)).toBe('triage');
  });
});

describe('the revisit date on the server clock (SPEC T4)', () => {
  let aheadMs = 0;
  // The server's clock is its config's `clock`; the sweep re-reads it for date-driven rules.
  const fixture = useWorkspace({ clock: () => new Date(Date.now() + aheadMs), rules: { debounceMs: 50, sweepMs: 100 } }, 'Revisit review');
  let facilitator: Client;
  const room = facilitating(fixture, () => facilitator);

  beforeEach(async () => {
    aheadMs = 0;
    facilitator = await fixture.connect('facilitator');
  });

  it('T4 on its revisit day a deferred red comes back to the room and pivots the review, without anyone touching it', async () => {
    const kpi = await room.kpiAt('Net revenue retention', 80);
    unwrap(setDecision(facilitator.doc, itemFor(kpi), 'Wait for the renewals.'));
    unwrap(deferItem(facilitator.doc, itemFor(kpi), day(1), facilitatorAt()));
    await room.backToReview();
    expect((await storedJson(fixture)).agenda[itemFor(kpi)]).toMatchObject({ state: 'deferred', revisitOn: day(1) });

    aheadMs = 24 * 60 * 60 * 1000;
    await waitFor('the deferred item to come back', () => modeOn(facilitator) === 'triage' && itemOn(facilitator, itemFor(kpi))?.state === 'open');
    expect(itemOn(facilitator, itemFor(kpi))?.decision?.toString()).toBe('Wait for the renewals.');
    expect(logKinds(facilitator, 'reopen')).toEqual([
      expect.objectContaining({ by: 'rules', ref: itemFor(kpi), text: expect.stringMatching(/its revisit date \(.+\) has come\.$/) }),
    ]);
    expect(String(facilitator.doc.getMap('meta').get('pivotReason'))).toMatch(/^In triage because Net revenue retention is/);
  });
});

describe('a milestone that falls due overnight, on the server clock (SPEC T11)', () => {
  let aheadMs = 0;
  // The sweep (P1's date-driven re-evaluation) re-reads the server's clock with nobody editing.
  const fixture = useWorkspace({ clock: () => new Date(Date.now() + aheadMs), rules: { debounceMs: 50, sweepMs: 100 } }, 'Overnight review');
  let facilitator: Client;

  beforeEach(async () => {
    aheadMs = 0;
    facilitator = await fixture.connect('facilitator');
  });

  it('[T11] a milestone due today that another team waits on is overdue and red the next day, and pivots a review nobody touches', async () => {
    const { doc } = facilitator;
    const milestone = unwrap(createNode(doc, { kind: 'milestone', title: 'Warehouse cut-over', owner: 'Lee', due: day(0), order: keyBetween(null, null) }));
    const waiting = unwrap(createNode(doc, { kind: 'keyResult', title: 'Same-day dispatch', order: keyBetween(null, null) }));
    unwrap(createDependency(doc, { from: milestone, to: waiting, needBy: day(30) }));
    // Due today is not overdue: the server, reading the tree on its own clock, finds nothing, so
    // nothing can pivot the review.
    await waitFor('the server to hold the milestone', async () => (await storedJson(fixture)).nodes[milestone] !== undefined);
    const today = await storedJson(fixture);
    expect(today.findings.filter((finding) => finding.rule === 'milestone-overdue')).toEqual([]);
    expect(today.meta?.mode).toBe('review');

    // Midnight passes; nobody edits anything.
    aheadMs = 24 * 60 * 60 * 1000;
    await waitFor('the overdue milestone to pivot the review', () => modeOn(facilitator) === 'triage');
    const item = itemOn(facilitator, `triage:node:${milestone}`)!;
    expect(item.findings.map((finding) => [finding.rule, finding.severity])).toEqual([['milestone-overdue', 'red']]);
    expect(String(doc.getMap('meta').get('pivotReason'))).toMatch(/^In triage because .*Warehouse cut-over/);
  });
});
