import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { startMeeting } from './support/meeting';
import { eventually } from './support/poll';

/** The element with the keyboard's focus, named as a person would find it again. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active && active !== document.body ? `${active.tagName.toLowerCase()} ${active.getAttribute('aria-label') ?? active.textContent}` : 'the page';
  });

/** Ana's new review topic on the Agenda, and its card on her screen and on Ben's. */
async function topic(title: string) {
  const meeting = await startMeeting(env);
  for (const person of [meeting.ana, meeting.ben]) await viewTab(person.page, 'Agenda').click();
  await meeting.ana.page.getByLabel('New agenda item').fill(title);
  await meeting.ana.page.getByRole('button', { name: 'Add topic' }).click();
  const anaCard = meeting.ana.page.getByRole('article', { name: title });
  const benCard = meeting.ben.page.getByRole('article', { name: title });
  await benCard.waitFor();
  return { ...meeting, anaCard, benCard };
}

const env = useServerAndBrowser();

describe('an agenda card’s dots', () => {
  it('[U116] the dot buttons keep the keyboard’s place as the dots run out and as the last is taken back', async () => {
    const { ana, anaCard } = await topic('Pricing review');
    const add = anaCard.getByRole('button', { name: 'Add a dot to Pricing review' });
    const remove = anaCard.getByRole('button', { name: 'Remove a dot from Pricing review' });
    const dotsLeft = ana.page.getByText(/You have \d of 3 dots left/);

    await add.focus();
    for (const left of [2, 1, 0]) {
      await ana.page.keyboard.press('Enter');
      await eventually(() => dotsLeft.textContent()).toContain(`You have ${left} of 3 dots left`);
    }
    // The third dot was the last: "+" is unavailable, and says why, but keeps the focus. A
    // disabled button dropped it to the page's start, where the next Tab began from the top.
    expect(await focused(ana.page)).toBe('button Add a dot to Pricing review');
    expect(await add.getAttribute('aria-disabled')).toBe('true');
    expect(await add.getAttribute('title')).toBe('You have no dots left: take one back from an item to move it here.');
    // Pressed again, it changes nothing: taking one back then leaves one to place, not none.
    await ana.page.keyboard.press('Enter');
    await remove.focus();
    await ana.page.keyboard.press('Enter');
    await eventually(() => dotsLeft.textContent()).toContain('You have 1 of 3 dots left');
    expect(await anaCard.getByLabel('Your dots').textContent()).toBe('●●');

    for (const left of [2, 3]) {
      await ana.page.keyboard.press('Enter');
      await eventually(() => dotsLeft.textContent()).toContain(`You have ${left} of 3 dots left`);
    }
    expect(await focused(ana.page)).toBe('button Remove a dot from Pricing review');
    expect(await remove.getAttribute('aria-disabled')).toBe('true');
    // Pressed again, it changes nothing and says nothing; the next Tab goes on to the "+" beside it.
    await ana.page.keyboard.press('Enter');
    await ana.page.keyboard.press('Tab');
    expect(await focused(ana.page)).toBe('button Add a dot to Pricing review');
    await ana.page.keyboard.press('Enter');
    await eventually(() => dotsLeft.textContent()).toContain('You have 2 of 3 dots left');
    expect(await ana.page.locator('.notice').count()).toBe(0);
  });
});
