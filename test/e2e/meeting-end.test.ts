import { copyFileSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addAction } from '../../shared/schema/agenda-actions';
import { endMeeting, startMeeting } from '../../shared/schema/meeting';
import { unwrap } from '../../shared/schema/op-result';
import { connectSynced } from '../integration/support/clients';
import { call } from '../integration/support/people';
import { tempDataDir, type CreatedWorkspace } from '../integration/support/test-server';
import { postReading, viewTab } from './support/agenda';
import { seriousViolations } from './support/axe';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { newParticipant, openSignedIn, signedIn } from './support/join';
import { endMeetingInAgenda, seededReview, startMeeting as meetingOf } from './support/meeting';
import { eventually } from './support/poll';
import { dayInWords } from './support/seed';

/** Noon (UTC, as the test machine's browser runs) of the day a week ago, plus `minutes`: no test run near midnight crosses a day. */
function aWeekAgo(minutes: number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 7, 12, minutes));
}

/**
 * The minutes the meeting line's Minutes link downloads, once it links to the snapshot `snapshotId`
 * (SPEC U104): what a person clicking it reads.
 */
async function minutesFromLink(page: Page, snapshotId: string): Promise<string> {
  const minutes = page.getByTestId('meeting-status').locator('..').getByRole('link', { name: /^Minutes of the meeting ended / });
  await eventually(() => minutes.getAttribute('href')).toContain(`snapshot=${snapshotId}`);
  const [download] = await Promise.all([page.waitForEvent('download'), minutes.click()]);
  return readFile((await download.path())!, 'utf8');
}

/**
 * Both screens on the agenda, the facilitator's starts the meeting, the KPI `nrr` turns red and
 * the room decides it: "Keep list prices until the churn study is back."
 */
async function decideInMeeting(url: string, workspace: CreatedWorkspace, nrr: string, facilitator: Page, other: Page): Promise<void> {
  await viewTab(facilitator, 'Agenda').click();
  await viewTab(other, 'Agenda').click();
  await facilitator.getByRole('button', { name: 'Start meeting' }).click();
  expect((await postReading(url, workspace, nrr, 80)).mode).toBe('triage');
  const item = facilitator.getByRole('article', { name: 'Net revenue retention' });
  await item.getByTestId('decision').fill('Keep list prices until the churn study is back.');
  await item.getByRole('button', { name: 'Decide' }).click();
  await eventually(() => item.getByTestId('item-state').textContent()).toBe('Decided');
}

/** The meeting-end snapshots of `workspace`, newest first, as the API lists them. */
async function meetingEnds(url: string, workspace: { id: string; tokens: { viewer: string } }): Promise<string[]> {
  const answer = await call<{ snapshots: { id: string; kind: string; at: string }[] }>(url, 'GET', `/api/workspaces/${workspace.id}/snapshots`, { token: workspace.tokens.viewer });
  return answer.json.snapshots.filter((snapshot) => snapshot.kind === 'meeting-end').sort((a, b) => b.at.localeCompare(a.at)).map((snapshot) => snapshot.id);
}

describe('the end of a meeting', () => {
  const env = useServerAndBrowser();

  it('[U104] ending a meeting asks first, for it cannot be taken back, and a double click ends it once; once ended, its minutes are a click away', async () => {
    const { workspace, ids, ana, ben } = await meetingOf(env);
    await decideInMeeting(env.server.url, workspace, ids.nrr, ana.page, ben.page);

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
    const [endSnapshot] = await meetingEnds(env.server.url, workspace);
    for (const page of [ana.page, ben.page]) {
      expect(await minutesFromLink(page, endSnapshot!)).toContain('Decision: Keep list prices until the churn study is back.');
    }
    await ana.context.close();
    await ben.context.close();
  });

  it('[U104] the Minutes link holds the minutes the end wrote, though the screen that started the meeting ran three days ahead', async () => {
    const { workspace, ids } = await seededReview(env);
    // Ana's laptop runs three days ahead and its health checks come back without the server's
    // clock (U105 measures it there): she dates the meeting's start by hers.
    const ana = await newParticipant(env.browser, 'Ana Diaz');
    await ana.page.clock.setFixedTime(Date.now() + 3 * 86_400_000);
    await ana.page.route('**/api/health', (route) => route.fulfill({ json: { ok: true } }));
    await openSignedIn(ana, workspace.links.facilitator!, 'Ana Diaz');
    const carla = await signedIn(env.browser, workspace.links.viewer!, 'Carla Reyes');
    await decideInMeeting(env.server.url, workspace, ids.nrr, ana.page, carla.page);
    await endMeetingInAgenda(ana.page);
    await eventually(() => carla.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('ended');

    // After the meeting, a colleague adds an action to the item: not in the minutes the end wrote.
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    unwrap(addAction(colleague.doc, `triage:kpi:${ids.nrr}`, { text: 'Send the churn study to the board', owner: 'Ben Okafor', due: null }));
    await eventually(() => carla.page.getByText('Send the churn study to the board').count()).toBe(1);
    const [endSnapshot] = await meetingEnds(env.server.url, workspace);
    for (const page of [ana.page, carla.page]) {
      const minutes = await minutesFromLink(page, endSnapshot!);
      expect(minutes).toContain('Decision: Keep list prices until the churn study is back.');
      expect(minutes).not.toContain('Send the churn study to the board');
    }
    colleague.destroy();
    await ana.context.close();
    await carla.context.close();
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
    const carla = await signedIn(env.browser, workspace.links.viewer!, 'Carla Reyes');
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
    await openSignedIn(carla, workspace.links.viewer!, 'Carla Reyes');
    await viewTab(carla.page, 'Agenda').click();
    // Well before the minute's tick: the first measurement of the server's clock is enough.
    await eventually(() => carla.page.getByTestId('meeting-status').textContent(), 10_000).toMatch(/^Meeting ended at \d{1,2}:\d{2}/);
    await carla.context.close();
  });
});

/** A meeting the release before ended, whose server wrote no snapshot id into it (test/fixtures/meeting5cdb1ea/README.md). */
const previousRelease = fileURLToPath(new URL('../fixtures/meeting5cdb1ea/', import.meta.url));
const recorded = JSON.parse(readFileSync(joinPath(previousRelease, 'expected.json'), 'utf8')) as {
  workspace: { id: string; tokens: { viewer: string } };
  meeting: Record<string, unknown>;
  snapshots: { first: string; last: string };
};

describe('a meeting the release before ended', () => {
  const dataDir = tempDataDir();
  copyFileSync(joinPath(previousRelease, 'throughline.db'), joinPath(dataDir, 'throughline.db'));
  const env = useServerAndBrowser({ dataDir });

  it('[U104] opens with its meeting and both meeting-end snapshots as that release stored them, its Minutes link on the minutes that release wrote at its end, not the meeting before', async () => {
    const { workspace } = recorded;
    const carla = await signedIn(env.browser, `${env.server.url}/w/${workspace.id}#token=${workspace.tokens.viewer}`, 'Carla Reyes');
    await viewTab(carla.page, 'Agenda').click();
    await eventually(() => carla.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('ended');
    const minutes = await minutesFromLink(carla.page, recorded.snapshots.last);
    expect(minutes).toContain('Decision: Cap the annual discount at 15%.');
    expect(minutes).not.toContain('Hold list prices until the churn study is back.');
    // The meeting and both meetings' snapshots read as that release answered them.
    const stored = await call<{ meeting: unknown }>(env.server.url, 'GET', `/api/workspaces/${workspace.id}`, { token: workspace.tokens.viewer });
    expect(stored.json.meeting).toEqual(recorded.meeting);
    expect(await meetingEnds(env.server.url, workspace)).toEqual([recorded.snapshots.last, recorded.snapshots.first]);
    await carla.context.close();
  });
});
