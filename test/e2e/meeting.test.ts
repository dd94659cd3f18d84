import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { discussItem, readMeeting } from '../../shared/schema/meeting';
import { unwrap } from '../../shared/schema/op-result';
import { connectSynced } from '../integration/support/clients';
import { timerSeconds, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { endMeetingInAgenda, seededReview } from './support/meeting';
import { eventually } from './support/poll';

/** Polls until the timer shows a later time than it does now: it is running on this screen. */
async function expectRunning(timer: Locator): Promise<number> {
  const before = await timerSeconds(timer);
  await eventually(() => timerSeconds(timer)).toBeGreaterThan(before);
  return timerSeconds(timer);
}

describe('the meeting in the document', () => {
  const env = useServerAndBrowser();

  it('[T6] the meeting lives in the document: the item and its running timer outlive the facilitator’s tab, and a co-facilitator drives the same timer', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    const screen = await ben.context.newPage();
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await eventually(() => screen.getByTestId('workspace-title').textContent()).toBe('Q4 operating review');
    // The screen is a second window on Ben's desk, not a tab hiding his review (a hidden tab gets
    // no animation frames, and every click in it waited on them).
    await ben.page.bringToFront();

    await viewTab(ana.page, 'Agenda').click();
    await ana.page.getByLabel('New agenda item').fill('Hiring plan for Q1');
    await ana.page.getByRole('button', { name: 'Add topic' }).click();
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await ana.page.getByRole('article', { name: 'Hiring plan for Q1' }).getByRole('button', { name: 'Discuss now' }).click();

    await viewTab(ben.page, 'Agenda').click();
    const benItem = ben.page.getByRole('article', { name: 'Hiring plan for Q1' });
    await eventually(() => benItem.getAttribute('data-current')).toBe('');
    await eventually(() => ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('running');
    const present = screen.getByTestId('present-item');
    await eventually(() => present.getByRole('heading', { level: 2 }).textContent()).toBe('Hiring plan for Q1');

    // Ana's tab goes away (she closes it, or her Wi-Fi drops). Nothing of the meeting went with it.
    await ana.context.close();
    await eventually(() => ben.page.getByTestId('presence').getByRole('img', { name: /Ana Diaz/ }).count()).toBe(0);
    expect(await benItem.getAttribute('data-current')).toBe('');
    await expectRunning(benItem.getByTestId('timer'));
    expect(await present.getByRole('heading', { level: 2 }).textContent()).toBe('Hiring plan for Q1');
    const shown = await expectRunning(present.getByTestId('timer'));

    // She opens the link again: the same item is current and its timer has kept counting.
    const again = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    await viewTab(again.page, 'Agenda').click();
    const anaItem = again.page.getByRole('article', { name: 'Hiring plan for Q1' });
    await eventually(() => anaItem.getAttribute('data-current')).toBe('');
    expect(await timerSeconds(anaItem.getByTestId('timer'))).toBeGreaterThanOrEqual(shown);
    await expectRunning(anaItem.getByTestId('timer'));

    // A second facilitator pauses the timer; Ana, Ben and the shared screen see it stop.
    const cy = await signedIn(env.browser, workspace.links.facilitator!, 'Cy Park');
    await viewTab(cy.page, 'Agenda').click();
    await cy.page.getByRole('article', { name: 'Hiring plan for Q1' }).getByRole('button', { name: 'Pause timer' }).click();
    for (const timer of [anaItem.getByTestId('timer'), benItem.getByTestId('timer'), present.getByTestId('timer')]) {
      await eventually(() => timer.getAttribute('data-running')).toBeNull();
      expect(await timer.getByTestId('timer-paused').count()).toBe(1);
    }
    await saveScreenshot(screen, 'present-paused');
    // Ana resumes it from her own screen; Cy's runs again.
    await anaItem.getByRole('button', { name: 'Resume timer' }).click();
    await eventually(() => cy.page.getByRole('article', { name: 'Hiring plan for Q1' }).getByTestId('timer').getAttribute('data-running')).toBe('');

    // Votes revealed by one facilitator are revealed for everyone, the other facilitator included.
    await cy.page.getByRole('button', { name: 'Reveal votes' }).click();
    await eventually(() => benItem.getByTestId('vote-total').textContent()).toBe('0 total');
    await eventually(() => again.page.getByRole('button', { name: 'Hide votes' }).count()).toBe(1);
    await again.context.close();
    await cy.context.close();
    await ben.context.close();
  });

  it('[T6] a shared screen whose clock runs ten minutes slow shows the same running timer as the facilitator', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    // The room's screen is another machine (its own browser context), its clock ten minutes slow.
    const room = await signedIn(env.browser, workspace.links.viewer!, 'Room screen');
    await room.context.clock.setSystemTime(new Date(Date.now() - 10 * 60_000));
    const screen = await room.context.newPage();
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await eventually(() => screen.getByTestId('workspace-title').textContent()).toBe('Q4 operating review');

    await viewTab(ana.page, 'Agenda').click();
    await ana.page.getByLabel('New agenda item').fill('Pricing review');
    await ana.page.getByRole('button', { name: 'Add topic' }).click();
    await ana.page.getByRole('article', { name: 'Pricing review' }).getByRole('button', { name: 'Discuss now' }).click();

    const present = screen.getByTestId('present-item');
    await eventually(() => present.getByRole('heading', { level: 2 }).textContent()).toBe('Pricing review');
    // Read in its own (slow) time, the timer would sit at 0:00 for ten minutes.
    const shown = await expectRunning(present.getByTestId('timer'));
    expect(shown).toBeLessThan(60);
    const facilitator = await timerSeconds(ana.page.getByRole('article', { name: 'Pricing review' }).getByTestId('timer'));
    expect(Math.abs(facilitator - (await timerSeconds(present.getByTestId('timer'))))).toBeLessThanOrEqual(2);
  });

  it('[T6] shows overtime explicitly, shows the current item on every view, takes a decided item out of discussion keeping the time spent on it off the clock, and reopens standing items when a meeting starts', async () => {
    const { workspace } = await seededReview(env);
    // Another replica of the document (the facilitator's laptop, say) holds the item and, below,
    // starts discussing it 12:40 ago, so the timer is past its 10-minute timebox without waiting.
    const laptop = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.facilitator);
    const itemId = unwrap(createAgendaItem(laptop.doc, { title: 'Scorecard', timeboxMin: 10 }));
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(ana.page, 'Agenda').click();
    await viewTab(ben.page, 'Agenda').click();
    const anaItem = ana.page.getByRole('article', { name: 'Scorecard' });
    const benItem = ben.page.getByRole('article', { name: 'Scorecard' });
    await anaItem.getByLabel('Standing item').check();
    await eventually(() => benItem.getByTestId('standing-badge').count()).toBe(1);

    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await eventually(() => readMeeting(laptop.doc).status).toBe('running');
    unwrap(discussItem(laptop.doc, itemId, { by: 'Ana Diaz', now: new Date(Date.now() - (12 * 60 + 40) * 1000) }));
    const timer = benItem.getByTestId('timer');
    await eventually(() => timer.textContent()).toMatch(/^12:4\d · 2:4\d over$/);
    expect(await timer.getAttribute('data-over')).toBe('');
    expect(await timer.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(201, 42, 42)');
    await saveScreenshot(ben.page, 'agenda-overtime');

    // Ben, on the KPIs, still sees what is being discussed and its timer, and can go to it.
    await viewTab(ben.page, 'KPIs').click();
    const bar = ben.page.getByTestId('meeting-bar');
    await eventually(() => bar.textContent()).toContain('Scorecard');
    expect(await bar.getByTestId('timer').getAttribute('data-over')).toBe('');
    await bar.getByRole('button', { name: 'Go to the item' }).click();
    await eventually(() => viewTab(ben.page, 'Agenda').getAttribute('aria-current')).toBe('page');
    // The item's card in view and focused, not just the Agenda opened at its top.
    await eventually(() => benItem.evaluate((card) => card === document.activeElement)).toBe(true);

    // Deciding takes it out of discussion: no longer the current item, its clock stopped where it
    // was and kept on its card, and nothing "Now discussing" on any view.
    await anaItem.getByRole('button', { name: 'Decide' }).click();
    await eventually(() => benItem.getByTestId('item-state').textContent()).toBe('Decided');
    await eventually(() => benItem.getAttribute('data-current')).toBeNull();
    expect(await timer.count()).toBe(0);
    await eventually(() => benItem.getByTestId('time-spent').textContent()).toMatch(/^12:4\d spent of 10 min$/);
    await viewTab(ben.page, 'KPIs').click();
    await eventually(() => ben.page.getByTestId('meeting-bar').filter({ hasText: 'Scorecard' }).count()).toBe(0);
    await viewTab(ben.page, 'Agenda').click();

    // The standing item is decided; the next meeting starts with it open again.
    await endMeetingInAgenda(ana.page);
    await eventually(() => ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('ended');
    // Off the clock, its card keeps the time the room spent on it.
    await eventually(() => benItem.getByTestId('time-spent').textContent()).toMatch(/^12:4\d spent of 10 min$/);
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await eventually(() => benItem.getByTestId('item-state').textContent()).toBe('Open');
    expect(await ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('running');
    laptop.destroy();
    await ana.context.close();
    await ben.context.close();
  });
});
