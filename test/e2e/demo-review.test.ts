import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../integration/support/test-server';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { viewTab } from './support/agenda';
import { join, newParticipant } from './support/join';
import { eventually } from './support/poll';

/** The newcomer's path: the demo link that `npm start` prints, opened in a browser. */
describe('the demo review', () => {
  const env = useServerAndBrowser({ seedDemo: true });

  it('[T9] opens already pivoted on the agenda, with a triage agenda that explains itself, and a colleague’s edits appear live', async () => {
    const link = env.server.server.demoLinks!.facilitator;
    const ana = await join(env.browser, link, 'Ana Diaz');
    await eventually(() => ana.page.getByTestId('pivot-banner').textContent()).toMatch(/Cloud cost saving is \d+(\.\d)?% behind plan/);
    // A link opened during triage lands on the agenda.
    await eventually(() => viewTab(ana.page, 'Agenda').getAttribute('aria-current')).toBe('page');

    // Red items first, one per subject and named after it, each with every finding on it, its
    // figures and the chain of what it hits downstream.
    await eventually(() => ana.page.getByTestId('triage-item').first().getAttribute('data-severity')).toBe('red');
    const kpiItem = ana.page.getByRole('article', { name: 'Cloud cost saving', exact: true });
    await eventually(() => kpiItem.getAttribute('data-severity')).toBe('red');
    expect(await kpiItem.getByTestId('finding-message').first().textContent()).toMatch(/Cloud cost saving is \d+(\.\d)?% behind plan/);
    expect(await kpiItem.getByTestId('evidence-figures').first().textContent()).toContain('Latest reading');
    expect(await kpiItem.getByRole('list', { name: 'Impact chain' }).count()).toBe(1);
    await saveScreenshot(ana.page, 'demo-triage');

    // A colleague in a second window retitles the intent; Ana sees it live, and sees Ben here.
    const ben = await join(env.browser, link, 'Ben Okafor');
    await eventually(() => viewTab(ben.page, 'Agenda').getAttribute('aria-current')).toBe('page');
    await viewTab(ben.page, 'Objectives').click();
    await viewTab(ana.page, 'Objectives').click();
    const benTitle = ben.page.getByRole('textbox', { name: 'Intent title' });
    await benTitle.click();
    await benTitle.press('End');
    await benTitle.pressSequentially(' in 2027');
    await eventually(() => ana.page.getByRole('textbox', { name: 'Intent title' }).inputValue()).toBe(
      'Build a durable, efficient growth engine in 2027',
    );
    await eventually(() => ana.page.getByTestId('presence').getByRole('img', { name: /Ben Okafor/ }).count()).toBe(1);
    await ana.context.close();
    await ben.context.close();
  });

  it('[A12] the admin link lists the workspaces with their links again and opens one as its facilitator', async () => {
    // A participant, so what the page logs shows in the test output if this fails.
    const { context, page } = await newParticipant(env.browser, 'Admin Ada');
    await page.goto(`${env.server.url}/#admin=${ADMIN_TOKEN}`);
    // Each workspace's shared links can be copied again from here (SPEC A1).
    await page.getByText('Links of Q4 operating review').click();
    expect(await page.getByRole('textbox', { name: 'Editor link of Q4 operating review' }).inputValue()).toBe(env.server.server.demoLinks!.editor);
    await page.getByRole('button', { name: 'Open Q4 operating review as facilitator' }).click();
    await page.getByLabel('Your name, as the room will see it').fill('Admin Ada');
    await page.getByRole('button', { name: 'Join the review' }).click();
    await eventually(() => page.getByTestId('pivot-banner').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Bring everyone here' }).count()).toBe(1);
    await context.close();
  });
});
