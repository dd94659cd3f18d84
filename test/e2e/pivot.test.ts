import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unnamedControls } from './support/accessibility';
import { postReading, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join } from './support/join';
import { startMeeting } from './support/meeting';
import { eventually } from './support/poll';

describe('a KPI breach pivots every screen into triage', () => {
  const env = useServerAndBrowser();

  it('[U111][U112][U113][U114][U89] shows the banner and the triage items on both screens after a reading arrives over REST; run from the keyboard, no button that goes as it is pressed drops the focus, nor shows the facilitator editing what she has not touched, nor takes a colleague\'s place', async () => {
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

    // Ben starts an action on the worst item while the facilitator takes the room there: what he
    // types and where he types it stay his (U89). His screen notes any "is editing" avatar of
    // Ana's, however briefly: every change of its elements is read as it lands.
    const benAction = benFirst.getByLabel('New action');
    await benAction.fill('Recheck churn');
    await ben.page.evaluate(() => {
      const seen = window as unknown as { anaEditing: boolean };
      seen.anaEditing = false;
      new MutationObserver(() => {
        if (document.querySelector('[aria-label="Ana Diaz is editing this"]')) seen.anaEditing = true;
      }).observe(document.body, { childList: true, subtree: true });
    });

    // The facilitator starts the meeting and the discussion; everyone sees the state and the running timer.
    // From the keyboard: "Open triage" is not on the Agenda, and its focus goes on to the Agenda's
    // heading, which says the mode (U113): not to the worst item, which she has not touched, so
    // nothing is selected on her screen.
    await ana.page.getByRole('button', { name: 'Open triage' }).press('Enter');
    const anaFirst = ana.page.getByTestId('triage-item').first();
    const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);
    await eventually(() => focused(ana.page.getByRole('heading', { name: 'Triage', level: 2 }))).toBe(true);
    expect(await ana.page.locator('article[data-selected]').count()).toBe(0);
    // The next Tab goes on into the Agenda. "End meeting" takes the place of "Start meeting", and the focus with it (U112).
    await ana.page.keyboard.press('Tab');
    expect(await focused(ana.page.getByRole('button', { name: 'Start meeting' }))).toBe(true);
    await ana.page.keyboard.press('Enter');
    await eventually(() => focused(ana.page.getByRole('button', { name: 'End meeting' }))).toBe(true);
    // Her moves reached Ben before the meeting's start did (one socket, in order): she was never
    // shown editing the worst item, which she had not touched.
    await eventually(() => ben.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('running');
    expect(await ben.page.evaluate(() => (window as unknown as { anaEditing: boolean }).anaEditing)).toBe(false);
    // The facilitator goes on from the keyboard: "Discuss now" goes once the item is discussed,
    // and her place goes on to its card, not to the page's start (U111).
    await anaFirst.getByRole('button', { name: 'Discuss now' }).press('Enter');
    await eventually(() => benFirst.getByTestId('item-state').textContent()).toBe('Discussing');
    await eventually(() => focused(anaFirst)).toBe(true);
    await eventually(() => benFirst.getByTestId('timer').count()).toBe(1);
    // Through all of it Ben's caret stayed in his action: the rest of his sentence lands there.
    await ben.page.keyboard.type(' cohorts');
    expect(await benAction.inputValue()).toBe('Recheck churn cohorts');
    expect(await focused(benAction)).toBe(true);

    // Ben writes the decision, puts a dot on the item and adds the action; Ana sees the decision and the action.
    await benFirst.getByTestId('decision').fill('Pause the price change; Ravi rechecks churn.');
    await eventually(() => anaFirst.getByTestId('decision').inputValue()).toBe('Pause the price change; Ravi rechecks churn.');
    await benFirst.getByRole('button', { name: /Add a dot/ }).click();
    await eventually(() => benFirst.getByLabel('Your dots').textContent()).toBe('●');
    await benFirst.getByLabel('Action owner').fill('Ravi');
    await benFirst.getByRole('button', { name: 'Add action' }).press('Enter');
    // An editor's action text is a field she can correct it in (U115).
    await eventually(() => anaFirst.getByTestId('action').getByLabel('Text of action Recheck churn cohorts').inputValue()).toBe('Recheck churn cohorts');
    // The button is disabled once the text is emptied: the caret is back in it for the next action (U114).
    expect(await focused(benAction)).toBe(true);

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
