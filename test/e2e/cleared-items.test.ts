import { describe, expect, it } from 'vitest';
import { postReading, viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { startMeeting } from './support/meeting';
import { eventually } from './support/poll';

describe('an item whose findings have cleared', () => {
  const env = useServerAndBrowser();

  it('[T5][U65] wears a neutral "Cleared" badge, not the severity it last held, on the laptops and on the shared screen', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    const screen = await ana.context.newPage();
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await ana.page.bringToFront();
    // 80 against a target of 110 is red; the room takes the item up, so it stays once it clears.
    await postReading(env.server.url, workspace, ids.nrr, 80);
    await viewTab(ana.page, 'Agenda').click();
    await viewTab(ben.page, 'Agenda').click();
    const anaItem = ana.page.getByRole('article', { name: 'Net revenue retention' });
    const benItem = ben.page.getByRole('article', { name: 'Net revenue retention' });
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await anaItem.getByRole('button', { name: 'Discuss now' }).click();
    await anaItem.getByTestId('decision').fill('Recheck churn before the price change.');
    const shown = screen.getByTestId('present-item');
    await eventually(() => benItem.getByTestId('severity-badge').textContent()).toBe('Red');
    await eventually(() => shown.getByTestId('severity-badge').textContent()).toBe('Red');

    await postReading(env.server.url, workspace, ids.nrr, 110);
    await eventually(() => benItem.getByTestId('cleared-note').count()).toBe(1);
    for (const card of [benItem, shown]) {
      await eventually(() => card.getByTestId('severity-badge').textContent()).toBe('Cleared');
      // The edge colour follows the badge: no red stripe beside "has cleared".
      expect(await card.getAttribute('data-severity')).toBe('cleared');
    }
    expect(await benItem.getByTestId('item-state').textContent()).toBe('Discussing');
    await ana.context.close();
    await ben.context.close();
  });
});
