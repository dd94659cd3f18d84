import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectSynced } from '../integration/support/clients';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import type { Participant } from './support/join';
import { depsMap } from '../../shared/schema/root-types';
import { unwrap } from '../../shared/schema/op-result';
import { commitDependency } from '../../shared/tree/dependency-handshake';
import { signedIn } from './support/join';
import { seededReview, startMeeting } from './support/meeting';
import { day, dayInWords } from './support/seed';
import { eventually } from './support/poll';

const target = (doc: Y.Doc, kpi: string) => doc.getMap<Y.Map<unknown>>('kpis').get(kpi)?.get('target');

describe('a value replaced by an offline edit', () => {
  const env = useServerAndBrowser({}, { serviceWorker: true });

  it('[U74][U75] tells the person who stayed online whose offline edit replaced their target and when it was made, and puts theirs back on request', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    const observer = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.viewer);
    // Of two concurrent values of a field Yjs keeps the writer with the larger client id, which a
    // browser picks at random: the one of the two with the larger one goes offline, so that the
    // older, offline edit is the one that wins.
    const clientOf = (name: string) => [...observer.provider.awareness.getStates()].find(([, state]) => state.user?.name === name)?.[0];
    await eventually(() => [clientOf('Ana Diaz'), clientOf('Ben Okafor')].every((client) => client !== undefined)).toBe(true);
    const anaFirst = clientOf('Ana Diaz')! > clientOf('Ben Okafor')!;
    const [away, online]: [Participant, Participant] = anaFirst ? [ana, ben] : [ben, ana];
    const awayName = anaFirst ? 'Ana Diaz' : 'Ben Okafor';
    for (const person of [away, online]) await person.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' }).click();
    const targetField = (person: Participant) => person.page.getByLabel('Target', { exact: true });
    const setTarget = async (person: Participant, value: string) => {
      await targetField(person).fill(value);
      await targetField(person).press('Enter');
      // Done with the field: it shows what the document holds again (a focused one keeps the draft).
      await targetField(person).blur();
    };

    await away.context.setOffline(true);
    await eventually(() => away.page.getByTestId('connection').textContent()).toBe('Offline');
    await setTarget(away, '115');
    await eventually(() => away.page.getByTestId('connection').textContent()).toBe('Offline · 1 edit waiting to sync');
    // Later, the colleague who stayed online sets the same target, seen by everyone online.
    await setTarget(online, '120');
    await eventually(() => target(observer.doc, ids.nrr)).toBe(120);

    await away.context.setOffline(false);
    await eventually(() => away.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');
    await eventually(() => target(observer.doc, ids.nrr)).toBe(115);
    const notice = online.page.getByTestId('replaced-notice');
    await eventually(() => notice.getByTestId('replaced').locator('span').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^${awayName}’s offline edit, made at \\d\\d:\\d\\d( [AP]M)?, replaced your target 120 → 115 on ‘Net revenue retention’\\.$`)),
    ]);
    await eventually(() => targetField(online).inputValue()).toBe('115');
    // The offline edit won: its writer is told it replaced a colleague's value (U23), and is not
    // also told as if theirs had been replaced (U74).
    await eventually(() => away.page.getByTestId('overwrite-notice').textContent()).toMatch(/target of ‘Net revenue retention’: yours \(115[^)]*\) replaced theirs \(120[^)]*\), set while you were offline\./);
    expect(await away.page.getByTestId('replaced-notice').count()).toBe(0);
    await saveScreenshot(online.page, 'replaced-notice');

    // "Put mine back" is a new edit, seen by everyone and undoable.
    await notice.getByRole('button', { name: 'Put mine back' }).click();
    await eventually(() => targetField(away).inputValue()).toBe('120');
    expect(await notice.count()).toBe(0);
    await online.page.getByRole('button', { name: 'Undo my last change' }).click();
    await eventually(() => targetField(away).inputValue()).toBe('115');

    // Back online, the same person changing the target live is ordinary collaboration: no notice.
    await setTarget(away, '130');
    await eventually(() => targetField(online).inputValue()).toBe('130');
    expect(await notice.count()).toBe(0);
    observer.destroy();
    await ana.context.close();
    await ben.context.close();
  });

  it('[U79] an accept and a decline of one proposal made at once: the accept stands on both screens, and the person who declined is told who accepted it', async () => {
    // Lee (upstream) proposes day 35 for a dependency needed by day 30.
    const { workspace } = await seededReview(env, (doc) => {
      const [dep] = [...depsMap(doc).keys()];
      unwrap(commitDependency(doc, dep!, day(35), new Date()));
    });
    // Two facilitators, each offered Accept and Decline (A15).
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const ben = await signedIn(env.browser, workspace.links.facilitator!, 'Ben Okafor');
    for (const person of [ana, ben]) await person.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Dependencies' }).click();
    const card = (person: Participant) => person.page.getByTestId('dep-card');
    const accept = `Accept ${dayInWords(35)}`;
    for (const person of [ana, ben]) await eventually(() => card(person).getByRole('button', { name: accept }).count()).toBe(1);

    // Ben declines without seeing Ana's accept, and Ana accepts without seeing his decline.
    await ben.context.setOffline(true);
    await eventually(() => ben.page.getByTestId('connection').textContent()).toBe('Offline');
    await card(ben).getByRole('button', { name: 'Decline', exact: true }).click();
    await eventually(() => card(ben).getByTestId('dep-proposal').count()).toBe(0);
    await card(ana).getByRole('button', { name: accept }).click();
    await eventually(() => card(ana).getByTestId('dep-proposal').count()).toBe(0);
    await ben.context.setOffline(false);
    await eventually(() => ben.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');

    const notice = ben.page.getByTestId('overruled-notice');
    await eventually(() => notice.getByTestId('overruled').locator('span').allTextContents()).toEqual([
      `Ana Diaz accepted the proposed date ${dayInWords(35)} on ‘Usage export API → Onboarding revamp’ while you declined it; it stays accepted.`,
    ]);
    // Committed to day 35 on both screens.
    for (const person of [ana, ben]) await eventually(() => card(person).locator('.dep-dates').textContent()).toContain(`Committed${dayInWords(35)}`);
    await saveScreenshot(ben.page, 'overruled-notice');
    // Ana, whose answer stands, is told nothing, once Ben's decline has reached her: his decline
    // changes nothing she sees, so Ben then flags the dependency, and Yjs applies a client's writes
    // in order, so Ana's card flagged means her replica holds the decline written before it.
    await card(ben).getByRole('button', { name: 'At risk', exact: true }).click();
    await eventually(() => card(ana).getByRole('button', { name: 'At risk', exact: true }).count()).toBe(0);
    expect(await ana.page.getByTestId('overruled-notice').count()).toBe(0);
    await notice.getByRole('button', { name: 'OK' }).click();
    expect(await notice.count()).toBe(0);
    await ana.context.close();
    await ben.context.close();
  });
});
