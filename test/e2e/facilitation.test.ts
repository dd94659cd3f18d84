import { describe, expect, it } from 'vitest';
import { eventually } from './support/poll';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { endMeetingInAgenda, seededReview, startMeeting } from './support/meeting';
import { newParticipant, openSignedIn, signedIn } from './support/join';
import { postReading, viewTab } from './support/agenda';
import { day, dayInWords } from './support/seed';

describe('facilitation', () => {
  const env = useServerAndBrowser();

  it('follow mode tracks the facilitator until the follower takes control; a summons can be declined', async () => {
    const { ana, ben } = await startMeeting(env);
    const benTab = (name: string) => ben.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
    const anaTab = (name: string) => ana.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });

    const follow = ben.page.getByRole('button', { name: /Follow/ });
    await follow.click();
    await eventually(() => follow.getAttribute('aria-pressed')).toBe('true');

    await anaTab('KPIs').click();
    await eventually(() => benTab('KPIs').getAttribute('aria-current')).toBe('page');
    await anaTab('Dependencies').click();
    await eventually(() => benTab('Dependencies').getAttribute('aria-current')).toBe('page');
    // The selection follows too: Ana opens a dependency, Ben's screen selects the same card.
    await ana.page.getByTestId('dep-card').getByRole('button', { name: /Usage export API/ }).click();
    await eventually(() => ben.page.getByTestId('dep-card').getAttribute('data-selected')).toBe('');

    // Ben takes control again by moving himself; Ana's next move no longer carries him.
    await benTab('Objectives').click();
    await eventually(() => follow.getAttribute('aria-pressed')).toBe('false');
    await anaTab('Agenda').click();
    await eventually(() => anaTab('Agenda').getAttribute('aria-current')).toBe('page');
    // Ben's screen has Ana's move once his presence bar shows her on the agenda; only then does
    // staying on Objectives show that he no longer follows.
    await eventually(() => ben.page.getByTestId('presence').getByRole('img', { name: 'Ana Diaz, facilitator, guest, on the agenda' }).count()).toBe(1);
    expect(await benTab('Objectives').getAttribute('aria-current')).toBe('page');

    // "Bring everyone here" moves Ben at once; he can decline and go back.
    await ana.page.getByRole('button', { name: 'Bring everyone here' }).click();
    await eventually(() => benTab('Agenda').getAttribute('aria-current')).toBe('page');
    await ben.page.getByRole('button', { name: 'Decline and go back' }).click();
    await eventually(() => benTab('Objectives').getAttribute('aria-current')).toBe('page');
    await ana.context.close();
    await ben.context.close();
  });

  it('[U55] a summons leaves a screen whose person is typing where it is, draft and all, until they go; a screen it moves keeps the bar in sight however far the view scrolled', async () => {
    const { ana, ben } = await startMeeting(env);
    const benTab = (name: string) => viewTab(ben.page, name);
    const summons = ben.page.getByTestId('summons');
    const bring = ana.page.getByRole('button', { name: 'Bring everyone here' });

    // Ben is half-way through an owner on Objectives when Ana brings everyone to the KPIs.
    const owner = ben.page.getByLabel('Owner of Usage export API', { exact: true });
    await owner.fill('Priya Sh');
    await viewTab(ana.page, 'KPIs').click();
    await bring.click();
    await eventually(() => summons.textContent()).toContain('Ana Diaz asks everyone to come to KPIs. You were typing, so this screen stayed.');
    expect(await benTab('Objectives').getAttribute('aria-current')).toBe('page');
    expect(await owner.inputValue()).toBe('Priya Sh');
    await summons.getByRole('button', { name: 'Go there' }).click();
    await eventually(() => benTab('KPIs').getAttribute('aria-current')).toBe('page');
    expect(await summons.count()).toBe(0);

    // Not typing, on a short window, he is moved at once to a card far down the Objectives; the
    // bar that lets him go back stands under the header, not scrolled away above the view.
    await ben.page.setViewportSize({ width: 1280, height: 420 });
    await viewTab(ana.page, 'Objectives').click();
    await ana.page.getByTestId('tree-row').filter({ has: ana.page.getByLabel('Owner of Usage export API', { exact: true }) }).getByTestId('node-title').click();
    await bring.click();
    await eventually(() => benTab('Objectives').getAttribute('aria-current')).toBe('page');
    await eventually(() => summons.textContent()).toContain('Ana Diaz brought everyone to Objectives.');
    await eventually(() => ben.page.evaluate(() => window.scrollY > 0)).toBe(true);
    const bar = (await summons.boundingBox())!;
    const header = (await ben.page.locator('.topbar').boundingBox())!;
    expect(bar.y, 'the bar stands under the header').toBeGreaterThanOrEqual(header.y + header.height - 1);
    expect(bar.y + bar.height).toBeLessThanOrEqual(420);
    await summons.getByRole('button', { name: 'Decline and go back' }).click();
    await eventually(() => benTab('KPIs').getAttribute('aria-current')).toBe('page');
    await ana.context.close();
    await ben.context.close();
  });

  it('[U55][U64] a summons bar goes once it no longer applies: the meeting starts, the room pivots, the facilitator summons elsewhere or moves on, the person moves', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    const summons = ben.page.getByTestId('summons');
    const bring = ana.page.getByRole('button', { name: 'Bring everyone here' });
    const broughtTo = async (view: string) => {
      await bring.click();
      await eventually(() => summons.textContent()).toContain(`Ana Diaz brought everyone to ${view}.`);
    };

    // The meeting starting is a new situation: the bar that brought Ben to the agenda goes.
    await viewTab(ana.page, 'Agenda').click();
    await broughtTo('Agenda');
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await eventually(() => summons.count()).toBe(0);

    // So is a pivot into triage.
    await broughtTo('Agenda');
    await postReading(env.server.url, workspace, ids.nrr, 80);
    await eventually(() => ben.page.getByTestId('pivot-banner').count()).toBe(1);
    await eventually(() => summons.count()).toBe(0);

    // A summons elsewhere replaces the last: one bar, saying where now.
    await broughtTo('Agenda');
    await viewTab(ana.page, 'KPIs').click();
    await broughtTo('KPIs');
    expect(await summons.count()).toBe(1);
    await eventually(() => viewTab(ben.page, 'KPIs').getAttribute('aria-current')).toBe('page');

    // Ben going somewhere himself answers it.
    await viewTab(ben.page, 'Dependencies').click();
    await eventually(() => summons.count()).toBe(0);

    // Ana moving on from where she brought everyone ends it too.
    await broughtTo('KPIs');
    await viewTab(ana.page, 'Objectives').click();
    await eventually(() => summons.count()).toBe(0);
    expect(await viewTab(ben.page, 'KPIs').getAttribute('aria-current')).toBe('page');
    await ana.context.close();
    await ben.context.close();
  });

  it('[U64] left alone, a summons bar goes 20 s after it moved the screen, but not while the pointer is over it or focus is in it: its 20 s start again once left', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    // Ben's page runs on a clock the test moves, so the 20 s are not waited out.
    const ben = await newParticipant(env.browser, 'Ben Okafor');
    await ben.context.clock.install();
    await openSignedIn(ben, workspace.links.editor!, 'Ben Okafor');
    const summons = ben.page.getByTestId('summons');
    await viewTab(ana.page, 'KPIs').click();
    await ana.page.getByRole('button', { name: 'Bring everyone here' }).click();
    await eventually(() => summons.textContent()).toContain('Ana Diaz brought everyone to KPIs.');

    // Read with the pointer over it, it outstays its 20 s.
    await summons.hover();
    await ben.page.clock.fastForward(25_000);
    expect(await summons.count(), 'the bar under the pointer').toBe(1);
    // Left, its 20 s start again: 15 s on, it still stands.
    await ben.page.mouse.move(700, 880);
    await ben.page.clock.fastForward(15_000);
    expect(await summons.count(), 'the bar 15 s after the pointer left').toBe(1);
    // Reached from the keyboard, it stands as long as focus is in it.
    await summons.getByRole('button', { name: 'Decline and go back' }).focus();
    await ben.page.clock.fastForward(25_000);
    expect(await summons.count(), 'the bar with focus in it').toBe(1);
    await summons.getByRole('button', { name: 'Decline and go back' }).blur();
    await ben.page.clock.fastForward(19_000);
    expect(await summons.count(), 'the bar 19 s after focus left').toBe(1);
    await ben.page.clock.fastForward(2_000);
    await eventually(() => summons.count()).toBe(0);
    // The bar goes; the screen stays where the summons brought it.
    expect(await viewTab(ben.page, 'KPIs').getAttribute('aria-current')).toBe('page');
    await ana.context.close();
    await ben.context.close();
  });

  it('[U46] a follower follows the facilitator, not the shared screen open on the facilitator\'s link; the screen is not one of the people here, nor an attendee', async () => {
    const { workspace } = await seededReview(env);
    // Named after the screen in the people's order: the first facilitator listed was followed.
    const zoe = await signedIn(env.browser, workspace.links.facilitator!, 'Zoe Lindqvist');
    const screen = await zoe.context.newPage();
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await screen.getByTestId('workspace-title').waitFor();
    await zoe.page.bringToFront();
    const vic = await signedIn(env.browser, workspace.links.viewer!, 'Vic Viewer');
    const people = vic.page.getByTestId('presence');
    await eventually(() => people.getByRole('img', { name: /^Zoe Lindqvist/ }).count()).toBe(1);
    await eventually(() => vic.page.getByTestId('shared-screens').textContent()).toBe('Shared screen');
    expect(await people.getByRole('img').count(), 'people here: Zoe and Vic').toBe(2);

    await vic.page.getByRole('button', { name: 'Follow facilitator' }).click();
    for (const view of ['KPIs', 'Dependencies']) {
      await viewTab(zoe.page, view).click();
      await eventually(() => viewTab(vic.page, view).getAttribute('aria-current')).toBe('page');
    }

    // The meeting's record lists who attended: the people, not the screen.
    await viewTab(zoe.page, 'Agenda').click();
    await zoe.page.getByRole('button', { name: 'Start meeting' }).click();
    await endMeetingInAgenda(zoe.page);
    const minutes = async () => {
      const response = await fetch(`${env.server.url}/api/workspaces/${workspace.id}/export?format=md`, { headers: { authorization: `Bearer ${workspace.tokens.facilitator}` } });
      return response.ok ? await response.text() : '';
    };
    await eventually(minutes).toContain('Vic Viewer');
    const attended = (await minutes()).split('## Attended')[1]!.split('\n## ')[0]!;
    expect(attended).toContain('Zoe Lindqvist');
    expect(attended).not.toContain('Shared screen');
    await zoe.context.close();
    await vic.context.close();
  });

  it('[U66] a timebox of −5 is refused once per Enter, the field marked invalid while it holds it, and left it shows the stored timebox again', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const { page } = ana;
    await viewTab(page, 'Agenda').click();
    await page.getByLabel('New agenda item').fill('Pricing page');
    await page.getByRole('button', { name: 'Add topic' }).click();
    const timebox = page.getByRole('article', { name: 'Pricing page' }).getByLabel('Timebox in minutes');
    await timebox.fill('10');
    await timebox.press('Enter');
    await timebox.press('Tab');
    await eventually(() => page.getByRole('article', { name: 'Pricing page' }).getByTestId('time-spent').textContent()).toContain('10 min');

    await timebox.fill('-5');
    await timebox.press('Enter');
    const refusals = page.locator('.notice').filter({ hasText: 'The timebox is a number of minutes above 0.' });
    await eventually(() => refusals.count()).toBeGreaterThan(0);
    expect(await refusals.count(), 'notices of one refusal').toBe(1);
    // Marked while the refused text is in it: in words for assistive technology, and by a red border.
    expect(await timebox.getAttribute('aria-invalid')).toBe('true');
    const border = await timebox.evaluate((el) => ({ color: getComputedStyle(el).borderTopColor, ring: getComputedStyle(el).boxShadow }));
    expect(border.color).toBe('rgb(201, 42, 42)');
    expect(border.ring).toContain('rgb(201, 42, 42)');
    expect(await timebox.inputValue()).toBe('-5');
    // Enter again on the same refused text says nothing more (counted once the next keystroke has
    // shown on the field, so a second notice would have had its time to come).
    await timebox.press('Enter');
    // Typing in it takes the mark away; left, the field shows the timebox stored.
    await timebox.press('Backspace');
    await eventually(() => timebox.getAttribute('aria-invalid')).toBeNull();
    expect(await refusals.count(), 'notices after Enter again on the refused text').toBe(1);
    await timebox.press('Escape');
    await eventually(() => timebox.inputValue()).toBe('10');
    await timebox.fill('-5');
    await timebox.press('Tab');
    await eventually(() => timebox.inputValue()).toBe('10');
    expect(await timebox.getAttribute('aria-invalid')).toBeNull();
    await ana.context.close();
  });

  it('[U43] the shared screen shows the item under discussion and its timer in large type, the actions agreed on it, and nothing up next once the meeting has ended', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const screen = await ana.context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await eventually(() => screen.getByTestId('workspace-title').textContent()).toBe('Q4 operating review');
    // The screen is a second window, not a tab hiding Ana's review: a hidden tab gets no animation
    // frames, and every click in it waited on them.
    await ana.page.bringToFront();

    await ana.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Agenda' }).click();
    await ana.page.getByLabel('New agenda item').fill('Hiring plan for Q1');
    await ana.page.getByRole('button', { name: 'Add topic' }).click();
    await ana.page.getByLabel('New agenda item').fill('Pricing review');
    await ana.page.getByRole('button', { name: 'Add topic' }).click();
    await eventually(() => screen.getByText('The meeting has not started yet.').count()).toBe(1);
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await eventually(() => screen.getByText('Waiting for the facilitator to pick the next item.').count()).toBe(1);
    await ana.page.getByRole('article', { name: 'Hiring plan for Q1' }).getByRole('button', { name: 'Discuss now' }).click();

    const current = screen.getByTestId('present-item');
    await eventually(() => current.getByRole('heading', { level: 2 }).textContent()).toBe('Hiring plan for Q1');
    await eventually(() => current.getByTestId('timer').textContent()).toMatch(/^0:0\d \/ 10:00$/);
    const size = await current.getByRole('heading', { level: 2 }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    const upNext = screen.getByRole('complementary', { name: 'Up next' });
    expect(await upNext.getByRole('listitem').allTextContents()).toEqual(['Pricing review']);

    // What the room agrees reaches its screen as it is written down: who does what.
    const card = ana.page.getByRole('article', { name: 'Hiring plan for Q1' });
    await card.getByLabel('New action').fill('Draft the hiring plan');
    await card.getByLabel('Action owner').fill('Ravi');
    await card.getByLabel('Action due date').fill(day(7));
    await card.getByRole('button', { name: 'Add action' }).click();
    await card.getByLabel('New action').fill('Book the offsite');
    await card.getByRole('button', { name: 'Add action' }).click();
    await eventually(() => current.getByRole('region', { name: 'Actions' }).getByRole('listitem').allTextContents()).toEqual([
      `Draft the hiring plan · Ravi, due ${dayInWords(7)}`,
      'Book the offsite · no owner yet',
    ]);
    await screen.bringToFront();
    await saveScreenshot(screen, 'present');
    await ana.page.bringToFront();

    // Ended, the screen says so and lists nothing as coming next.
    await endMeetingInAgenda(ana.page);
    await eventually(() => screen.getByText('The meeting has ended.').count()).toBe(1);
    expect(await upNext.count()).toBe(0);
    await ana.context.close();
  });
});
