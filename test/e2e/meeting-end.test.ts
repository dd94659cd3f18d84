import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { endMeeting, startMeeting } from '../../shared/schema/meeting';
import { unwrap } from '../../shared/schema/op-result';
import { connectSynced } from '../integration/support/clients';
import { call } from '../integration/support/people';
import { postReading, viewTab } from './support/agenda';
import { seriousViolations } from './support/axe';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join, newParticipant, typeName } from './support/join';
import { seededReview, startMeeting as meetingOf } from './support/meeting';
import { eventually } from './support/poll';
import { dayInWords } from './support/seed';

/** Noon (UTC, as the test machine's browser runs) of the day a week ago, plus `minutes`: no test run near midnight crosses a day. */
function aWeekAgo(minutes: number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 7, 12, minutes));
}

describe('the end of a meeting', () => {
  const env = useServerAndBrowser();

  it('[U104] ending a meeting asks first, for it cannot be taken back, and a double click ends it once; once ended, its minutes are a click away', async () => {
    const { workspace, ids, ana, ben } = await meetingOf(env);
    await viewTab(ana.page, 'Agenda').click();
    await viewTab(ben.page, 'Agenda').click();
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    expect((await postReading(env.server.url, workspace, ids.nrr, 80)).mode).toBe('triage');
    const item = ana.page.getByRole('article', { name: 'Net revenue retention' });
    await item.getByTestId('decision').fill('Keep list prices until the churn study is back.');
    await item.getByRole('button', { name: 'Decide' }).click();
    await eventually(() => item.getByTestId('item-state').textContent()).toBe('Decided');

    // A click on "End meeting" (beside "Reveal votes") ends nothing yet: it says what ending does.
    const end = ana.page.getByRole('button', { name: 'End meeting' });
    await end.click();
    const step = ana.page.getByTestId('confirm-step');
    await eventually(() => step.count()).toBe(1);
    expect(await step.textContent()).toContain('End the meeting for everyone?');
    expect(await step.textContent()).toContain('standing items reopen');
    expect(await ana.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await seriousViolations(ana.page)).toEqual([]);
    await saveScreenshot(ana.page, 'meeting-end-confirm');
    // Escape steps back as Cancel does, focus on "End meeting" again.
    await ana.page.keyboard.press('Escape');
    expect(await step.count()).toBe(0);
    await eventually(() => ana.page.evaluate(() => document.activeElement?.textContent)).toBe('End meeting');
    await end.click();
    await step.getByRole('button', { name: 'Cancel' }).click();
    expect(await step.count()).toBe(0);
    await eventually(() => ana.page.evaluate(() => document.activeElement?.textContent)).toBe('End meeting');
    // "End meeting" says it opens the step (aria-expanded), and pressed again closes it.
    await end.click();
    expect(await end.getAttribute('aria-expanded')).toBe('true');
    await end.click();
    expect(await step.count()).toBe(0);
    expect(await end.getAttribute('aria-expanded')).toBe('false');
    // Still running for everyone, and no minutes were taken. Ana's next change goes the way an
    // ending would have, after it: once Ben sees the votes, he would see the meeting ended too.
    await ana.page.getByRole('button', { name: 'Reveal votes' }).click();
    await ben.page.getByText('Votes are shown; open items are ordered by dots.').waitFor();
    expect(await ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('running');
    const snapshots = await call<{ snapshots: unknown[] }>(env.server.url, 'GET', `/api/workspaces/${workspace.id}/snapshots`, { token: workspace.tokens.viewer });
    expect(snapshots.json.snapshots).toEqual([]);

    await end.click();
    // A double click ends it once: the step stays a moment longer, its "Yes" answered.
    await step.getByRole('button', { name: 'Yes, end the meeting' }).dblclick();
    await eventually(() => ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('ended');
    expect(await ana.page.locator('.notice').filter({ hasText: 'No meeting is running.' }).count()).toBe(0);
    expect(await seriousViolations(ben.page)).toEqual([]);
    // "End meeting" went with the meeting: focus goes on to the minutes just written (M1).
    await eventually(() => ana.page.evaluate(() => document.activeElement?.textContent)).toBe('Minutes');
    // Ended today, it says the time alone (U105).
    expect(await ana.page.getByTestId('meeting-status').textContent()).toMatch(/^Meeting ended at \d{1,2}:\d{2}/);

    // The minutes written at the end, the meeting-end snapshot's (M6), not the live export.
    const taken = await call<{ snapshots: { id: string; kind: string }[] }>(env.server.url, 'GET', `/api/workspaces/${workspace.id}/snapshots`, { token: workspace.tokens.viewer });
    const endSnapshot = taken.json.snapshots.find((snapshot) => snapshot.kind === 'meeting-end')!;
    for (const page of [ana.page, ben.page]) {
      const minutes = page.getByTestId('meeting-status').locator('..').getByRole('link', { name: /^Minutes of the meeting ended / });
      await eventually(() => minutes.getAttribute('href')).toContain(`snapshot=${endSnapshot.id}`);
      const [download] = await Promise.all([page.waitForEvent('download'), minutes.click()]);
      const text = await readFile((await download.path())!, 'utf8');
      expect(text).toContain('Decision: Keep list prices until the churn study is back.');
    }
    await ana.context.close();
    await ben.context.close();
  });

  it('[U104] a step left open while a colleague ends the meeting goes for good: it does not come back when the next one starts', async () => {
    const { workspace, ana } = await meetingOf(env);
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.facilitator);
    await viewTab(ana.page, 'Agenda').click();
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await eventually(() => colleague.doc.getMap('meeting').get('status')).toBe('running');
    await ana.page.getByRole('button', { name: 'End meeting' }).click();
    const step = ana.page.getByTestId('confirm-step');
    await eventually(() => step.count()).toBe(1);

    unwrap(endMeeting(colleague.doc, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => ana.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('ended');
    expect(await step.count()).toBe(0);
    // Focus was in the step: it goes on to the minutes, not to the page's body.
    await eventually(() => ana.page.evaluate(() => document.activeElement?.textContent)).toBe('Minutes');

    unwrap(startMeeting(colleague.doc, { by: 'Ben Okafor', now: new Date() }));
    // The step is drawn from the same reading of the meeting as its status: not back now, never.
    await eventually(() => ana.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('running');
    expect(await step.count()).toBe(0);
    expect(await ana.page.getByRole('button', { name: 'End meeting' }).getAttribute('aria-expanded')).toBe('false');
    colleague.destroy();
    await ana.context.close();
  });

  it('[U105] a meeting that ended a week ago, and a pivot of a week ago, are dated, not read as this morning', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      unwrap(startMeeting(doc, { by: 'Ana Diaz', now: aWeekAgo(-60) }));
      unwrap(endMeeting(doc, { by: 'Ana Diaz', now: aWeekAgo(0) }));
      const meta = doc.getMap('meta');
      meta.set('mode', 'triage');
      meta.set('pivotedAt', aWeekAgo(-30).toISOString());
      meta.set('pivotReason', 'In triage on 1 red finding: Net revenue retention is 27% behind target.');
    });
    const carla = await join(env.browser, workspace.links.viewer!, 'Carla Reyes');
    await viewTab(carla.page, 'Agenda').click();
    const status = carla.page.getByTestId('meeting-status');
    // The date as every screen writes it (U38): "ended on 30 Nov 2026, 10:56 AM", not "ended at 10:56 AM".
    await eventually(() => status.textContent()).toMatch(new RegExp(`^Meeting ended on ${dayInWords(-7)}, \\d`));
    expect(await carla.page.getByTestId('pivot-reason').textContent()).toMatch(new RegExp(`· since ${dayInWords(-7)}, \\d`));
    await saveScreenshot(carla.page, 'meeting-ended-a-week-ago');
    await carla.context.close();
  });

  it('[U105] "today" is the server\'s from its clock\'s first measurement: a laptop two days ahead reads a meeting that just ended as today', async () => {
    // A second ago on the server: the day it ended is the server's today (a run at midnight UTC aside).
    const ended = new Date(Date.now() - 1000);
    const { workspace } = await seededReview(env, (doc) => {
      unwrap(startMeeting(doc, { by: 'Ana Diaz', now: new Date(ended.getTime() - 60_000) }));
      unwrap(endMeeting(doc, { by: 'Ana Diaz', now: ended }));
    });
    const carla = await newParticipant(env.browser, 'Carla Reyes');
    await carla.page.clock.setFixedTime(ended.getTime() + 2 * 24 * 60 * 60_000);
    await carla.page.goto(workspace.links.viewer!);
    await typeName(carla.page, 'Carla Reyes');
    await viewTab(carla.page, 'Agenda').click();
    // Well before the minute's tick: the first measurement of the server's clock is enough.
    await eventually(() => carla.page.getByTestId('meeting-status').textContent(), 10_000).toMatch(/^Meeting ended at \d{1,2}:\d{2}/);
    await carla.context.close();
  });
});

