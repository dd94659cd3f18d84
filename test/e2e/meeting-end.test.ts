import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { endMeeting, startMeeting } from '../../shared/schema/meeting';
import { unwrap } from '../../shared/schema/op-result';
import { call } from '../integration/support/people';
import { postReading, viewTab } from './support/agenda';
import { seriousViolations } from './support/axe';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join } from './support/join';
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

  it('[U104] ending a meeting asks first, for it cannot be taken back; once ended, its minutes are a click away', async () => {
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
    // Still running for everyone, and no minutes were taken.
    await ben.page.waitForTimeout(500);
    expect(await ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('running');
    const snapshots = await call<{ snapshots: unknown[] }>(env.server.url, 'GET', `/api/workspaces/${workspace.id}/snapshots`, { token: workspace.tokens.viewer });
    expect(snapshots.json.snapshots).toEqual([]);

    await end.click();
    await step.getByRole('button', { name: 'Yes, end the meeting' }).click();
    await eventually(() => ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('ended');
    expect(await seriousViolations(ben.page)).toEqual([]);

    // The minutes of the meeting just ended, from where the facilitator stands, and for Ben too.
    for (const page of [ana.page, ben.page]) {
      const minutes = page.getByTestId('meeting-status').locator('..').getByRole('link', { name: /^Minutes of the meeting ended / });
      const [download] = await Promise.all([page.waitForEvent('download'), minutes.click()]);
      const text = await readFile((await download.path())!, 'utf8');
      expect(text).toContain('Decision: Keep list prices until the churn study is back.');
    }
    await ana.context.close();
    await ben.context.close();
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
});
