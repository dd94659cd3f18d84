import { describe, expect, it } from 'vitest';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { seededReview } from './support/meeting';
import { DESKTOP, newParticipant, openSignedIn, type Participant } from './support/join';
import { eventually } from './support/poll';
import { addAction } from '../../shared/schema/agenda-actions';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { DAY_MS, formatDay } from '../../shared/schema/utc-dates';

/** Three minutes before a UTC midnight at least ten minutes away: the day the screen starts on. */
function threeMinutesToMidnight(): number {
  return Math.ceil((Date.now() + 10 * 60_000) / DAY_MS) * DAY_MS - 3 * 60_000;
}

describe('[U78] a screen left open over midnight', () => {
  // The server's clock (the rules' today, and the time browsers align with) runs `shift` ahead.
  let shift = 0;
  const env = useServerAndBrowser({ clock: () => new Date(Date.now() + shift) });

  /**
   * Ana, facilitating a review three minutes before midnight, with one agenda item and one action
   * due on the day that ends then; `start` is that moment.
   */
  async function anaBeforeMidnight(): Promise<{ ana: Participant; start: number }> {
    const start = threeMinutesToMidnight();
    shift = start - Date.now();
    const { workspace } = await seededReview(env, (doc) => {
      const item = unwrap(createAgendaItem(doc, { title: 'Partner referral programme' }));
      unwrap(addAction(doc, item, { text: 'Sign the partner agreement', owner: 'Ana Diaz', due: formatDay(start) }));
    });
    // In UTC, whatever the machine's zone: the dependency card's first day is the later of the
    // local and the UTC date (U57), and every expected day here is UTC's.
    const ana = await newParticipant(env.browser, 'Ana Diaz', DESKTOP, { timezoneId: 'UTC' });
    // Her laptop's clock agrees with the server's, and runs on by itself until the test moves it.
    await ana.page.clock.install({ time: Date.now() + shift });
    await openSignedIn(ana, workspace.links.facilitator!, 'Ana Diaz');
    return { ana, start };
  }

  /** Ana on the Actions view, the action due on the day that ends in three minutes in sight. */
  async function actionsBeforeMidnight(): Promise<{ ana: Participant; row: ReturnType<Participant['page']['getByTestId']> }> {
    const { ana } = await anaBeforeMidnight();
    await viewTab(ana.page, 'Actions').click();
    const row = ana.page.getByTestId('action-row').filter({ hasText: 'Sign the partner agreement' });
    await eventually(() => row.count()).toBe(1);
    // Due today: not overdue yet.
    expect(await row.getAttribute('data-overdue')).toBeNull();
    expect(await row.locator('.overdue-tag').count()).toBe(0);
    return { ana, row };
  }

  it('an action due yesterday says "overdue" from midnight on, with nobody touching the page or the document', async () => {
    const { ana, row } = await actionsBeforeMidnight();
    shift += 4 * 60_000;
    await ana.page.clock.runFor(4 * 60_000);
    await eventually(() => row.getAttribute('data-overdue')).toBe('');
    expect(await row.locator('.overdue-tag').textContent()).toBe('overdue');
    await ana.context.close();
  });

  it('a laptop asleep over midnight shows it overdue as soon as it is opened again', async () => {
    const { ana, row } = await actionsBeforeMidnight();
    // Asleep: the time moves on and no timer runs.
    shift += 4 * 60_000;
    await ana.page.clock.setSystemTime(Date.now() + shift);
    expect(await row.getAttribute('data-overdue')).toBeNull();
    // Opened again: the page is shown.
    await ana.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await eventually(() => row.getAttribute('data-overdue')).toBe('');
    expect(await row.locator('.overdue-tag').textContent()).toBe('overdue');
    await ana.context.close();
  });

  it('a reading form left open over midnight dates the next reading on the new day, not the one it opened on', async () => {
    const { ana, start } = await anaBeforeMidnight();
    await viewTab(ana.page, 'KPIs').click();
    const readingDate = ana.page.getByRole('form', { name: 'Add a reading' }).first().getByLabel('Reading date');
    await eventually(() => readingDate.inputValue()).toBe(formatDay(start));
    shift += 4 * 60_000;
    await ana.page.clock.runFor(4 * 60_000);
    await eventually(() => readingDate.inputValue()).toBe(formatDay(start + DAY_MS));
    await ana.context.close();
  });

  it('a reading begun before midnight keeps the day it was begun on until its value is cleared', async () => {
    const { ana, start } = await anaBeforeMidnight();
    await viewTab(ana.page, 'KPIs').click();
    const form = ana.page.getByRole('form', { name: 'Add a reading' }).first();
    const date = form.getByLabel('Reading date');
    await eventually(() => date.inputValue()).toBe(formatDay(start));
    await form.getByLabel(/^Reading value/).fill('42');
    shift += 4 * 60_000;
    await ana.page.clock.runFor(4 * 60_000);
    // The page's timers ran to past midnight before runFor returned (the test before shows an
    // untouched form on the new day by then); the date being typed for has not moved.
    expect(await date.inputValue()).toBe(formatDay(start));
    await form.getByLabel(/^Reading value/).fill('');
    await eventually(() => date.inputValue()).toBe(formatDay(start + DAY_MS));
    await ana.context.close();
  });

  it('a day picked in a reading form stays picked over midnight', async () => {
    const { ana, start } = await anaBeforeMidnight();
    await viewTab(ana.page, 'KPIs').click();
    const date = ana.page.getByRole('form', { name: 'Add a reading' }).first().getByLabel('Reading date');
    await eventually(() => date.inputValue()).toBe(formatDay(start));
    await date.fill(formatDay(start - DAY_MS));
    shift += 4 * 60_000;
    await ana.page.clock.runFor(4 * 60_000);
    await eventually(() => ana.page.evaluate(() => new Date().toISOString().slice(0, 10))).toBe(formatDay(start + DAY_MS));
    expect(await date.inputValue()).toBe(formatDay(start - DAY_MS));
    await ana.context.close();
  });

  it('the first day a revisit may name moves on at midnight on an agenda left open', async () => {
    const { ana, start } = await anaBeforeMidnight();
    await viewTab(ana.page, 'Agenda').click();
    const revisit = ana.page.getByLabel('Revisit Partner referral programme on');
    await eventually(() => revisit.getAttribute('min')).toBe(formatDay(start + DAY_MS));
    shift += 4 * 60_000;
    await ana.page.clock.runFor(4 * 60_000);
    await eventually(() => revisit.getAttribute('min')).toBe(formatDay(start + 2 * DAY_MS));
    await ana.context.close();
  });

  it('the first day a dependency may be committed to moves on at midnight on a board left open', async () => {
    const { ana, start } = await anaBeforeMidnight();
    await viewTab(ana.page, 'Dependencies').click();
    const commitDate = ana.page.getByLabel(/^Commit date for /).first();
    await eventually(() => commitDate.getAttribute('min')).toBe(formatDay(start));
    shift += 4 * 60_000;
    await ana.page.clock.runFor(4 * 60_000);
    await eventually(() => commitDate.getAttribute('min')).toBe(formatDay(start + DAY_MS));
    await ana.context.close();
  });
});
