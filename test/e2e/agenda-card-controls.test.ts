import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { connectSynced } from '../integration/support/clients';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { seededReview, startMeeting } from './support/meeting';
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

describe('an agenda card’s actions and dots', () => {
  it('[U115] an action’s text is corrected in place, for everyone and in the Actions view, each of its controls keeping the focus; emptied, it is refused and kept', async () => {
    const { ana, ben, anaCard, benCard } = await topic('Hiring plan for Q1');
    await anaCard.getByLabel('New action').fill('Draft the hirng plan');
    await anaCard.getByLabel('Action owner').fill('Ravi');
    await anaCard.getByRole('button', { name: 'Add action' }).click();
    await eventually(() => benCard.getByTestId('action').count()).toBe(1);

    // The typo is seen once the action is written down: it is corrected where it stands, not
    // ticked done and written again (which the minutes would list as two actions).
    const text = anaCard.getByLabel('Text of action Draft the hirng plan');
    await text.fill('Draft the hiring plan');
    await text.press('Enter');
    await eventually(() => benCard.getByLabel('Text of action Draft the hiring plan').inputValue()).toBe('Draft the hiring plan');
    expect(await anaCard.getByTestId('action').count()).toBe(1);
    // Enter kept the caret in the field, as every field committed as a whole keeps it (U66).
    expect(await focused(ana.page)).toBe('input Text of action Draft the hiring plan');

    // So do the action's other controls: its row is not drawn anew under them as their change lands.
    const owner = anaCard.getByLabel('Owner of action Draft the hiring plan');
    await owner.fill('Ravi Shah');
    await owner.press('Enter');
    await eventually(() => benCard.getByLabel('Owner of action Draft the hiring plan').inputValue()).toBe('Ravi Shah');
    expect(await focused(ana.page)).toBe('input Owner of action Draft the hiring plan');
    const done = anaCard.getByLabel('Done: Draft the hiring plan');
    await done.focus();
    await ana.page.keyboard.press('Space');
    await eventually(() => benCard.getByLabel('Done: Draft the hiring plan').isChecked()).toBe(true);
    expect(await focused(ana.page)).toBe('input Done: Draft the hiring plan');
    await ana.page.keyboard.press('Space');
    await eventually(() => benCard.getByLabel('Done: Draft the hiring plan').isChecked()).toBe(false);

    await viewTab(ben.page, 'Actions').click();
    await eventually(() => ben.page.getByRole('table').getByText('Draft the hiring plan').count()).toBe(1);
    expect(await ben.page.getByText('Draft the hirng plan').count()).toBe(0);

    // An action needs some text (updateAction): emptied, the field says so and keeps the action.
    const corrected = anaCard.getByLabel('Text of action Draft the hiring plan');
    await corrected.fill('');
    await corrected.press('Enter');
    await eventually(() => ana.page.locator('.notice').filter({ hasText: 'An action needs some text.' }).count()).toBe(1);
    expect(await corrected.getAttribute('aria-invalid')).toBe('true');
    await corrected.press('Tab');
    await eventually(() => corrected.inputValue()).toBe('Draft the hiring plan');
  });

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
    // Its focus ring is drawn at full strength (U16): dimmed with the button, the ring read at
    // well under 3:1 on the card.
    expect(await add.evaluate((button) => [button.matches(':focus-visible'), getComputedStyle(button).opacity])).toEqual([true, '1']);
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

  it('[U117] a card the focus is sent to (the next to decide, after Decide) is selected, not shown edited by someone who has not touched it', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    onTestFinished(async () => {
      colleague.destroy();
      await ana.context.close();
    });
    const pricing = unwrap(createAgendaItem(colleague.doc, { title: 'Pricing page', timeboxMin: 10 }));
    const hiring = unwrap(createAgendaItem(colleague.doc, { title: 'Hiring plan', timeboxMin: 10 }));
    // What Ana's presence tells every screen, each state in order: where she is, what she edits.
    const seen: { selection: string | null; editing: string | null }[] = [];
    colleague.provider.awareness.on('change', () => {
      const ana = [...colleague.provider.awareness.getStates().values()].find((peer) => peer.user?.name === 'Ana Diaz');
      if (ana) seen.push({ selection: ana.selection ?? null, editing: ana.editing ?? null });
    });
    await viewTab(ana.page, 'Agenda').click();

    const card = ana.page.getByRole('article', { name: 'Pricing page' });
    await card.getByTestId('decision').fill('Raise list prices by 8%.');
    await eventually(() => seen.at(-1)?.editing).toBe(pricing);
    await card.getByRole('button', { name: 'Decide' }).press('Enter');
    // Her place goes on to the next card still to decide (U47), which her screen and a follower's
    // select; she is no longer editing the one she decided, and not editing the next either: she
    // has touched nothing in it. Before, every colleague saw "Ana Diaz is editing this" on it.
    const next = ana.page.getByRole('article', { name: 'Hiring plan' });
    await eventually(() => next.evaluate((element) => element === document.activeElement)).toBe(true);
    await eventually(() => seen.at(-1)).toEqual({ selection: hiring, editing: null });
    expect(seen.filter((state) => state.editing === hiring)).toEqual([]);

    // Once she goes into it, she is editing it.
    await ana.page.keyboard.press('Tab');
    await eventually(() => seen.at(-1)?.editing).toBe(hiring);
  });

  it('[U118] "Reveal votes" says what it does, and is not also a pressed toggle', async () => {
    const { ana } = await topic('Office move');
    await ana.page.getByRole('button', { name: 'Reveal votes' }).press('Enter');
    const hide = ana.page.getByRole('button', { name: 'Hide votes' });
    await eventually(() => hide.count()).toBe(1);
    // Before, it read "Hide votes, toggle button, pressed" to a screen reader: pressed, it
    // seemed, was hiding them, while the votes were shown.
    expect(await hide.getAttribute('aria-pressed')).toBeNull();
    expect(await focused(ana.page)).toBe('button Hide votes');
    await ana.page.keyboard.press('Enter');
    await eventually(() => focused(ana.page)).toBe('button Reveal votes');
    expect(await ana.page.getByRole('button', { name: 'Reveal votes' }).getAttribute('aria-pressed')).toBeNull();
  });
});
