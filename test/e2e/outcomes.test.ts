import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { formatDate } from '../../shared/rules/format';
import { agendaMap } from '../../shared/schema/root-types';
import { parseDay } from '../../shared/schema/utc-dates';
import { connectSynced, waitFor } from '../integration/support/clients';
import { unnamedControls } from './support/accessibility';
import { postReading, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { seededReview, startMeeting } from './support/meeting';
import { eventually } from './support/poll';
import { day } from './support/seed';

describe('outcomes the room takes', () => {
  const env = useServerAndBrowser();

  /** The red Net revenue retention raised, and decided by Ana ("Hold the price change."), as Ben's screen shows. */
  const decidedRed = async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    expect((await postReading(env.server.url, workspace, ids.nrr, 80)).mode).toBe('triage');
    for (const person of [ana, ben]) await viewTab(person.page, 'Agenda').click();
    const anaItem = ana.page.getByRole('article', { name: 'Net revenue retention' });
    const benItem = ben.page.getByRole('article', { name: 'Net revenue retention' });
    await anaItem.getByTestId('decision').fill('Hold the price change.');
    await anaItem.getByRole('button', { name: 'Decide' }).click();
    await eventually(() => benItem.getByTestId('item-state').textContent()).toBe('Decided');
    return { workspace, ana, ben, anaItem, benItem };
  };

  it('[T7][U43][U47][U113] a decided red reads "Accepted until …" on every screen, the shared one\'s banner calm as the laptops\'; back to review is allowed and the meeting stays in review', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    const screen = await ana.context.newPage();
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await ana.page.bringToFront();
    const background = (banner: Locator) => banner.evaluate((el) => getComputedStyle(el).backgroundColor);
    await eventually(() => ben.page.getByRole('treeitem', { name: 'Retention at 110 %' }).getByTestId('health').getAttribute('data-health')).toBe('green');
    // 80 against a target of 110 is 27.2 % behind: red.
    expect((await postReading(env.server.url, workspace, ids.nrr, 80)).mode).toBe('triage');
    for (const person of [ana, ben]) {
      await eventually(() => person.page.getByTestId('pivot-banner').textContent()).toContain('In triage because Net revenue retention is 27.2% behind target');
      await person.page.getByRole('button', { name: 'Open triage' }).click();
    }

    await eventually(() => screen.getByTestId('pivot-banner').textContent()).toContain('In triage because Net revenue retention');
    const alarm = await background(screen.getByTestId('pivot-banner'));

    const anaItem = ana.page.getByRole('article', { name: 'Net revenue retention' });
    const benItem = ben.page.getByRole('article', { name: 'Net revenue retention' });
    await eventually(() => benItem.getAttribute('data-severity')).toBe('red');
    expect(await benItem.getAttribute('data-accepted')).toBeNull();
    const back = ana.page.getByRole('button', { name: 'Back to review' }).first();
    expect(await back.isDisabled()).toBe(true);

    // The room decides, to look at it again in a month.
    await anaItem.getByTestId('decision').fill('Hold the price change until churn is rechecked.');
    const revisit = day(30);
    await anaItem.getByLabel('Revisit Net revenue retention on').fill(revisit);
    await anaItem.getByRole('button', { name: 'Decide' }).click();
    // The only triage item, decided, has no item still to decide to go below: the facilitator is
    // told it stays where it is (U47), and "Show it" brings it back, focused.
    const notice = ana.page.locator('.notice').filter({ hasText: 'Decided “Net revenue retention”: its card stays where it is.' });
    await notice.getByRole('button', { name: 'Show it' }).click();
    await eventually(() => anaItem.evaluate((el) => document.activeElement === el)).toBe(true);
    const accepted = `Accepted until ${formatDate(parseDay(revisit)!)}`;
    await eventually(() => benItem.getByTestId('accepted').textContent()).toBe(accepted);
    expect(await benItem.getAttribute('data-accepted')).toBe('');
    expect(await benItem.getByTestId('item-state').textContent()).toBe('Decided');
    // The banner now says every red has an outcome, and the way out is open.
    await eventually(() => ben.page.getByTestId('pivot-banner').textContent()).toContain('No red finding needs the room');
    await eventually(() => screen.getByTestId('pivot-banner').textContent()).toContain('No red finding needs the room');
    const calm = await background(ben.page.getByTestId('pivot-banner'));
    expect(calm).not.toBe(alarm);
    await eventually(() => background(screen.getByTestId('pivot-banner'))).toBe(calm);
    await eventually(() => back.isDisabled()).toBe(false);
    expect(await unnamedControls(ana.page)).toEqual([]);
    await saveScreenshot(ben.page, 'agenda-accepted');

    await back.press('Enter');
    for (const person of [ana, ben]) await eventually(() => person.page.getByTestId('pivot-banner').count()).toBe(0);
    // The button went with the banner: the keyboard's place is the view's heading, which says the
    // mode it went back to (U113); the main content it went to before has no name to say.
    expect(await ana.page.getByRole('heading', { name: 'Review agenda', level: 2 }).evaluate((heading) => heading === document.activeElement)).toBe(true);

    // A new reading that is still red makes the server run its rules; it answers once they ran,
    // with the mode they left: the accepted red does not pivot the meeting again.
    expect((await postReading(env.server.url, workspace, ids.nrr, 81)).mode).toBe('review');
    await eventually(() => benItem.getByTestId('finding-message').textContent()).toContain('26.3% behind target');
    expect(await ben.page.getByTestId('pivot-banner').count()).toBe(0);
    expect(await benItem.getByTestId('accepted').textContent()).toBe(accepted);

    // Resolved, the card goes into the folded "Resolved" group; "Show it" unfolds it.
    await anaItem.getByRole('button', { name: 'Resolve' }).click();
    const resolvedNotice = ana.page.locator('.notice').filter({ hasText: 'Resolved “Net revenue retention”: its card moves to Resolved, at the end of the agenda.' });
    await resolvedNotice.getByRole('button', { name: 'Show it' }).click();
    await eventually(() => anaItem.evaluate((el) => document.activeElement === el && el.closest('details')?.open === true)).toBe(true);
    expect(await anaItem.isVisible()).toBe(true);
    await ana.context.close();
    await ben.context.close();
  });

  it('[U71] Ctrl+Z after Decide takes the decision back on every screen and in the log, and says so; redo takes it again, logged again', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    expect((await postReading(env.server.url, workspace, ids.nrr, 80)).mode).toBe('triage');
    for (const person of [ana, ben]) await viewTab(person.page, 'Agenda').click();
    const anaItem = ana.page.getByRole('article', { name: 'Net revenue retention' });
    const benState = ben.page.getByRole('article', { name: 'Net revenue retention' }).getByTestId('item-state');
    await anaItem.getByTestId('decision').fill('Hold the price change.');
    await anaItem.getByRole('button', { name: 'Decide' }).click();
    await eventually(() => benState.textContent()).toBe('Decided');

    await ana.page.keyboard.press('Control+z');
    await eventually(() => benState.textContent()).toBe('Open');
    await eventually(() => ana.page.locator('.notice').allTextContents()).toContainEqual(expect.stringContaining('Ana Diaz took back the decision on “Net revenue retention”.'));
    await viewTab(ben.page, 'History').click();
    const log = ben.page.getByTestId('log-entry');
    // Newest first: the decision, then its taking back, read by a colleague.
    await eventually(() => log.first().textContent()).toContain('Ana Diaz took back the decision on “Net revenue retention”.');
    expect(await log.nth(1).textContent()).toContain('Decided on “Net revenue retention”');

    await ana.page.keyboard.press('Control+Shift+z');
    await eventually(() => log.first().textContent()).toContain('Decided on “Net revenue retention”');
    await viewTab(ben.page, 'Agenda').click();
    expect(await benState.textContent()).toBe('Decided');
    await ana.context.close();
    await ben.context.close();
  });

  it('[U108] a decision taken is locked on every screen, as the log quotes it; Reopen, logged, unlocks it, and the decision taken again is what the log and the minutes say', async () => {
    const { workspace, ana, ben, anaItem, benItem } = await decidedRed();

    // Neither the facilitator nor an editor can change it now, and each is told how.
    expect(await anaItem.getByTestId('decision').isEditable()).toBe(false);
    await eventually(() => benItem.getByTestId('decision').isEditable()).toBe(false);
    expect(await anaItem.getByTestId('decision-locked').textContent()).toBe('Decided: reopen the item to change its decision.');
    expect(await benItem.getByTestId('decision-locked').textContent()).toBe('Decided: a facilitator reopens the item to change its decision.');

    await anaItem.getByRole('button', { name: 'Reopen' }).click();
    await eventually(() => benItem.getByTestId('decision').isEditable()).toBe(true);
    expect(await benItem.getByTestId('decision-locked').count()).toBe(0);
    await anaItem.getByTestId('decision').fill('Hold the price change until churn is rechecked.');
    await anaItem.getByRole('button', { name: 'Decide' }).click();
    await eventually(() => benItem.getByTestId('item-state').textContent()).toBe('Decided');

    await viewTab(ben.page, 'History').click();
    const log = ben.page.getByTestId('log-entry');
    // Newest first: the decision taken again, the reopening, the first decision.
    await eventually(() => log.first().textContent()).toContain('Decided on “Net revenue retention”: Hold the price change until churn is rechecked.');
    expect(await log.nth(1).textContent()).toContain('Ana Diaz reopened “Net revenue retention”.');
    expect(await log.nth(2).textContent()).toContain('Decided on “Net revenue retention”: Hold the price change.');
    const minutes = await (await fetch(`${env.server.url}/api/workspaces/${workspace.id}/export?format=md`, { headers: { authorization: `Bearer ${workspace.tokens.viewer}` } })).text();
    expect(minutes).toContain('Decision: Hold the price change until churn is rechecked.');
    await ana.context.close();
    await ben.context.close();
  });

  it('[U108] a decided card shows the decision as taken on every screen: a stock client retyping the box afterwards is said, beneath it, as a change after the decision; Reopen takes it up', async () => {
    const { workspace, ana, ben, anaItem, benItem } = await decidedRed();

    // A stock y-websocket client knows nothing of the lock and rewrites the box with plain Yjs calls.
    const stock = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    const itemId = (await anaItem.getAttribute('data-id'))!;
    await waitFor('the decision to reach the stock client', () => agendaMap(stock.doc).get(itemId)?.get('state') === 'decided');
    const box = agendaMap(stock.doc).get(itemId)!.get('decision') as Y.Text;
    stock.doc.transact(() => {
      box.delete(0, box.length);
      box.insert(0, 'Raise list prices by 8%.');
    });

    // Each screen says the box changed once the edit reaches it, and still shows the decision taken.
    for (const [person, card, tail] of [
      ['Ana', anaItem, 'reopen the item to take it up.'],
      ['Ben', benItem, 'a facilitator reopens the item to take it up.'],
    ] as const) {
      await eventually(() => card.getByTestId('decision-changed').textContent()).toBe(`Changed since the decision to “Raise list prices by 8%.”; ${tail}`);
      expect(await card.getByTestId('decision').inputValue(), `${person}'s card`).toBe('Hold the price change.');
      expect(await card.getByTestId('decision').isEditable(), `${person}'s card`).toBe(false);
    }

    // Reopened, the box is the decision again, editable, holding what was typed into it.
    await anaItem.getByRole('button', { name: 'Reopen' }).click();
    await eventually(() => benItem.getByTestId('decision').isEditable()).toBe(true);
    expect(await benItem.getByTestId('decision').inputValue()).toBe('Raise list prices by 8%.');
    expect(await benItem.getByTestId('decision-changed').count()).toBe(0);
    stock.destroy();
    await ana.context.close();
    await ben.context.close();
  });

  it('[T8][U47][U111][U114] defer needs a revisit date after today, and says so; deferred, focus goes on to the next item still to decide; Reopen and Discuss now focus the card, in view from the keyboard, without moving the page under a pointer', async () => {
    const { ana, ben } = await startMeeting(env);
    await viewTab(ana.page, 'Agenda').click();
    for (const topic of ['Pricing page', 'Hiring plan', 'Office move']) {
      await ana.page.getByLabel('New agenda item').fill(topic);
      await ana.page.getByRole('button', { name: 'Add topic' }).press('Enter');
      // Disabled once the title is emptied, the button hands the caret back for the next topic (U114).
      expect(await ana.page.getByLabel('New agenda item').evaluate((field) => field === document.activeElement)).toBe(true);
    }
    const item = ana.page.getByRole('article', { name: 'Pricing page' });
    const defer = item.getByRole('button', { name: 'Defer' });
    expect(await defer.isDisabled()).toBe(true);
    expect(await item.getByText('Deferring needs a revisit date.').count()).toBe(1);

    const date = item.getByLabel('Revisit Pricing page on');
    await date.fill(day(-1));
    await defer.click();
    await eventually(() => ana.page.getByText(`The revisit date must be after today (${formatDate(parseDay(day(0))!)}).`).count()).toBe(1);
    expect(await item.getByTestId('item-state').textContent()).toBe('Open');

    await date.fill(day(7));
    await defer.click();
    // The deferred card moves below "Hiring plan", still to decide: focus went on to that one.
    await eventually(() => ana.page.getByRole('article', { name: 'Hiring plan' }).evaluate((card) => card === document.activeElement)).toBe(true);
    expect(await item.getByTestId('item-state').textContent()).toBe('Deferred');
    await viewTab(ben.page, 'Agenda').click();
    const benItem = ben.page.getByRole('article', { name: 'Pricing page' });
    await eventually(() => benItem.getByTestId('item-state').textContent()).toBe('Deferred');
    expect(await benItem.textContent()).toContain(`Back on ${formatDate(parseDay(day(7))!)}`);
    // A window shorter than the agenda: Reopen, pressed at its end, sends the card back up above
    // the two topics still to decide, out of the window.
    await ana.page.setViewportSize({ width: 1280, height: 560 });
    const inView = () => item.evaluate((card) => card.getBoundingClientRect().bottom > 0 && card.getBoundingClientRect().top < window.innerHeight);
    await item.getByRole('button', { name: 'Reopen' }).press('Enter');
    await eventually(() => benItem.getByTestId('item-state').textContent()).toBe('Open');
    // "Reopen" is not offered on an open item: its card keeps the keyboard's place (U111), and,
    // pressed from the keyboard, comes into view where it went, back among the items to decide.
    expect(await item.evaluate((card) => card === document.activeElement)).toBe(true);
    expect(await inView()).toBe(true);
    // A click on "Discuss now" with the card's top above the window (the button mid-window, clear
    // of the sticky header) leaves the page under the pointer: the card takes the focus where it
    // is (U111, U89).
    const discuss = item.getByRole('button', { name: 'Discuss now' });
    await discuss.evaluate((button) => button.scrollIntoView({ block: 'center' }));
    expect(await item.evaluate((card) => card.getBoundingClientRect().top)).toBeLessThan(0);
    const scrollY = () => ana.page.evaluate(() => window.scrollY);
    const before = await scrollY();
    await discuss.click();
    await eventually(() => benItem.getByTestId('item-state').textContent()).toBe('Discussing');
    expect(await item.evaluate((card) => card === document.activeElement)).toBe(true);
    expect(await scrollY()).toBe(before);
    await ana.context.close();
    await ben.context.close();
  });

  it('[U54][U47] a refusal does not cover the control it answers: with the outcome row at the window’s foot, the notice stands just above it, and Defer, fixed, takes the click; the deferral\'s notice says whether the card moved down', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    // A window shorter than the agenda, so the outcome row can be brought to its foot.
    await ana.page.setViewportSize({ width: 1280, height: 560 });
    await viewTab(ana.page, 'Agenda').click();
    for (const topic of ['Pricing page', 'Hiring plan', 'Office move']) {
      await ana.page.getByLabel('New agenda item').fill(topic);
      await ana.page.getByRole('button', { name: 'Add topic' }).click();
    }
    const item = ana.page.getByRole('article', { name: 'Pricing page' });
    const row = item.getByRole('group', { name: 'Outcome of Pricing page' });
    const defer = item.getByRole('button', { name: 'Defer' });
    await item.getByLabel('Revisit Pricing page on').fill(day(-1));
    await row.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const height = ana.page.viewportSize()!.height;
    const before = (await row.boundingBox())!;
    expect(before.y + before.height, 'the outcome row at the window’s foot').toBeGreaterThan(height - 60);

    await defer.click();
    const refusal = ana.page.locator('.notice').filter({ hasText: 'The revisit date must be after today' });
    await eventually(() => refusal.count()).toBe(1);
    const notice = (await refusal.boundingBox())!;
    const after = (await row.boundingBox())!;
    expect(after.y, 'the row stayed where it was').toBe(before.y);
    const overlaps = notice.y < after.y + after.height && after.y < notice.y + notice.height;
    expect(overlaps, `notice ${JSON.stringify(notice)} over the outcome row ${JSON.stringify(after)}`).toBe(false);
    // Just above the row, where Ana is looking, and far below the header and what stands under it.
    expect(after.y - (notice.y + notice.height)).toBeLessThanOrEqual(16);
    const header = (await ana.page.locator('.topbar').boundingBox())!;
    expect(notice.y).toBeGreaterThan(header.y + header.height + 100);

    // Fixed while the notice is still up: Defer takes the click. Nothing covers it where a pointer
    // lands, asked of the page itself: a 2 s limit on the click stood for that before, and a click
    // on a loaded machine can take longer with nothing in the way.
    await item.getByLabel('Revisit Pricing page on').fill(day(7));
    expect(await refusal.count()).toBe(1);
    const uncovered = await defer.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return onTop === el || el.contains(onTop);
    });
    expect(uncovered, 'Defer is under nothing, the notice included').toBe(true);
    await defer.click();
    await eventually(() => item.getByTestId('item-state').textContent()).toBe('Deferred');
    // The notices stay where they stand until all have gone: one dismissed moves none of the rest.
    const deferred = ana.page.locator('.notice').filter({ hasText: 'Deferred “Pricing page”' });
    await eventually(() => deferred.count()).toBe(1);
    await refusal.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => refusal.count()).toBe(0);
    expect(await ana.page.locator('.notices').getAttribute('data-place')).toBe('raised');

    // The notice says where the card went. Settled items follow those still to decide in the
    // order they came: with "Pricing page" reopened, "Office move", last, deferred stays where it
    // stood (the notice does not send anyone looking lower down); "Pricing page", first, deferred
    // then moves below "Hiring plan", still to decide.
    await ana.page.getByRole('article', { name: 'Pricing page' }).getByRole('button', { name: 'Reopen' }).click();
    await eventually(() => ana.page.getByRole('article', { name: 'Pricing page' }).getAttribute('data-state')).toBe('open');
    const slotOf = (title: string) => ana.page.getByRole('article', { name: title }).evaluate((el) => [...el.parentElement!.children].indexOf(el));
    const notices = (title: string) => ana.page.locator('.notice').filter({ hasText: `Deferred “${title}”` }).last();
    for (const [title, where] of [
      ['Office move', 'its card stays where it is.'],
      ['Pricing page', 'its card moves down, with the items settled.'],
    ] as const) {
      const slot = await slotOf(title);
      const card = ana.page.getByRole('article', { name: title });
      await card.getByLabel(`Revisit ${title} on`).fill(day(7));
      await card.getByRole('button', { name: 'Defer' }).click();
      await eventually(() => notices(title).textContent()).toContain(where);
      expect((await slotOf(title)) > slot, `${title}'s card moved down`).toBe(where.includes('moves down'));
    }
    await ana.context.close();
  });
});
