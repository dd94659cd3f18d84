import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectSynced } from '../integration/support/clients';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import type { Participant } from './support/join';
import { startMeeting } from './support/meeting';
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
});
