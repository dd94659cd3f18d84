import { describe, expect, it } from 'vitest';
import { unnamedControls } from './support/accessibility';
import { postReading, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join } from './support/join';
import { startMeeting } from './support/meeting';
import { eventually } from './support/poll';

describe('a KPI breach pivots every screen into triage', () => {
  const env = useServerAndBrowser();

  it('[U111][U112][U113][U114] shows the banner and the triage items on both screens after a reading arrives over REST; run from the keyboard, no button that goes as it is pressed drops the focus', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    // "Connected" shows before the page has read the synced document, so "no banner" proves
    // something only once Ben's screen shows the seeded, healthy review (read in the same pass).
    const benKeyResultHealth = ben.page.getByRole('treeitem', { name: 'Retention at 110 %' }).getByTestId('health');
    await eventually(() => benKeyResultHealth.getAttribute('data-health')).toBe('green');
    expect(await ben.page.getByTestId('pivot-banner').count()).toBe(0);

    await postReading(env.server.url, workspace, ids.nrr, 80);
    for (const person of [ana, ben]) {
      await eventually(() => person.page.getByTestId('pivot-banner').textContent()).toContain('In triage because Net revenue retention');
    }
    // The roll-up turns the key result measured by that KPI red in the tree.
    await eventually(() => benKeyResultHealth.getAttribute('data-health')).toBe('red');
    // Someone opening a link now lands on the agenda, not on the objective tree.
    const cy = await join(env.browser, workspace.links.viewer!, 'Cy Viewer');
    await eventually(() => viewTab(cy.page, 'Agenda').getAttribute('aria-current')).toBe('page');
    await cy.context.close();

    await ben.page.getByRole('button', { name: 'Open triage' }).click();
    const benFirst = ben.page.getByTestId('triage-item').first();
    await eventually(() => benFirst.getAttribute('data-severity')).toBe('red');
    // One item per subject, titled with its name; its findings say what is wrong.
    expect(await benFirst.getByRole('heading').textContent()).toBe('Net revenue retention');
    await eventually(() => benFirst.getByTestId('finding-message').textContent()).toMatch(/Net revenue retention is 27.2% behind target/);
    expect(await benFirst.getByTestId('evidence-figures').textContent()).toContain('Latest reading');
    expect(await benFirst.getByRole('list', { name: 'Impact chain' }).textContent()).toContain('Retention at 110 %');

    // The facilitator starts the meeting and the discussion; everyone sees the state and the running timer.
    // From the keyboard: "Open triage" is not on the Agenda, and its focus goes on to the worst item (U113).
    await ana.page.getByRole('button', { name: 'Open triage' }).press('Enter');
    const anaFirst = ana.page.getByTestId('triage-item').first();
    await eventually(() => anaFirst.evaluate((card) => card === document.activeElement)).toBe(true);
    // "End meeting" takes the place of "Start meeting", and the focus with it (U112).
    await ana.page.getByRole('button', { name: 'Start meeting' }).press('Enter');
    await eventually(() => ana.page.getByRole('button', { name: 'End meeting' }).evaluate((button) => button === document.activeElement)).toBe(true);
    // The facilitator goes on from the keyboard: "Discuss now" goes once the item is discussed,
    // and her place goes on to its card, not to the page's start (U111).
    await anaFirst.getByRole('button', { name: 'Discuss now' }).press('Enter');
    await eventually(() => benFirst.getByTestId('item-state').textContent()).toBe('Discussing');
    await eventually(() => anaFirst.evaluate((card) => card === document.activeElement)).toBe(true);
    await eventually(() => benFirst.getByTestId('timer').count()).toBe(1);

    // Ben writes the decision, puts a dot on the item and adds an action; Ana sees the decision and the action.
    await benFirst.getByTestId('decision').fill('Pause the price change; Ravi rechecks churn.');
    await eventually(() => anaFirst.getByTestId('decision').inputValue()).toBe('Pause the price change; Ravi rechecks churn.');
    await benFirst.getByRole('button', { name: /Add a dot/ }).click();
    await eventually(() => benFirst.getByLabel('Your dots').textContent()).toBe('●');
    await benFirst.getByLabel('New action').fill('Recheck churn cohorts');
    await benFirst.getByLabel('Action owner').fill('Ravi');
    await benFirst.getByRole('button', { name: 'Add action' }).press('Enter');
    await eventually(() => anaFirst.getByTestId('action').textContent()).toContain('Recheck churn cohorts');
    // The button is disabled once the text is emptied: the caret is back in it for the next action (U114).
    expect(await benFirst.getByLabel('New action').evaluate((field) => field === document.activeElement)).toBe(true);

    // Dots stay hidden until the facilitator reveals them. Ben's dot went out before his action
    // and Yjs applies one client's changes in order, so Ana's screen, showing the action, has the dot.
    expect(await anaFirst.getByTestId('vote-total').textContent()).toBe('hidden');
    await ana.page.getByRole('button', { name: 'Reveal votes' }).click();
    await eventually(() => benFirst.getByTestId('vote-total').textContent()).toBe('1 total');

    // While the red finding has no outcome the facilitator cannot leave triage.
    const back = ana.page.getByRole('button', { name: 'Back to review' }).first();
    expect(await back.isDisabled()).toBe(true);
    await anaFirst.getByRole('button', { name: 'Decide' }).click();
    await eventually(() => benFirst.getByTestId('item-state').textContent()).toBe('Decided');
    expect(await unnamedControls(ben.page)).toEqual([]);
    await saveScreenshot(ben.page, 'agenda-triage');

    // A good reading clears the finding. People worked on the item, so it stays where the room
    // left it, says it has cleared, and the facilitator resolves it.
    await postReading(env.server.url, workspace, ids.nrr, 110);
    await eventually(() => benFirst.getByTestId('cleared-note').count()).toBe(1);
    expect(await benFirst.getByTestId('item-state').textContent()).toBe('Decided');
    await anaFirst.getByRole('button', { name: 'Resolve' }).click();
    await eventually(() => ben.page.getByTestId('triage-item').getAttribute('data-state')).toBe('resolved');
    expect(await ben.page.getByRole('region', { name: 'Triage items' }).count()).toBe(0);

    await eventually(() => back.isDisabled()).toBe(false);
    await back.click();
    await eventually(() => ben.page.getByTestId('pivot-banner').count()).toBe(0);
    await ana.context.close();
    await ben.context.close();
  });
});
