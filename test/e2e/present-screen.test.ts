import { describe, expect, it } from 'vitest';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { startMeeting } from './support/meeting';
import { eventually } from './support/poll';

describe('the shared screen', () => {
  const env = useServerAndBrowser();

  it('[T2][U63] lists up next in the Agenda\'s order, by dots once they are revealed, with each item\'s dots', async () => {
    const { workspace, ana, ben } = await startMeeting(env);
    const screen = await ana.context.newPage();
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await ana.page.bringToFront();
    await viewTab(ana.page, 'Agenda').click();
    for (const title of ['Hiring plan for Q1', 'Pricing review', 'Office move']) {
      await ana.page.getByLabel('New agenda item').fill(title);
      await ana.page.getByRole('button', { name: 'Add topic' }).click();
    }
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    const upNext = screen.getByRole('complementary', { name: 'Up next' }).getByRole('listitem');
    await eventually(() => upNext.allTextContents()).toEqual(['Hiring plan for Q1', 'Pricing review', 'Office move']);

    // Ben puts two dots on the office move and one on pricing; hidden, they change nothing yet.
    await viewTab(ben.page, 'Agenda').click();
    const addDot = (title: string) => ben.page.getByRole('article', { name: title }).getByRole('button', { name: /Add a dot/ }).click();
    await addDot('Office move');
    await addDot('Office move');
    await addDot('Pricing review');
    await eventually(() => ben.page.getByText('You have 0 of 3 dots left.', { exact: false }).count()).toBe(1);
    expect(await upNext.allTextContents()).toEqual(['Hiring plan for Q1', 'Pricing review', 'Office move']);

    await ana.page.getByRole('button', { name: 'Reveal votes' }).click();
    await eventually(() => upNext.allTextContents()).toEqual(['Office move · 2 dots', 'Pricing review · 1 dot', 'Hiring plan for Q1 · 0 dots']);
    // The laptops list the same order.
    const laptop = ben.page.getByRole('region', { name: 'Review agenda' }).getByRole('article');
    await eventually(() => laptop.evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label')))).toEqual(['Office move', 'Pricing review', 'Hiring plan for Q1']);
    await ana.context.close();
    await ben.context.close();
  });
});
