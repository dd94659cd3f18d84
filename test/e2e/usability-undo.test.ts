import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/browser';
import { startMeeting } from './support/meeting';
import { eventually } from './support/poll';

describe('undo inside a text field', () => {
  const env = useServerAndBrowser();

  it('[U5] Ctrl+Z in a title undoes that title’s typing and keeps an edit made elsewhere since and a colleague’s typing; outside fields it is document undo', async () => {
    const { ana, ben } = await startMeeting(env);
    const anaTitle = ana.page.getByRole('textbox', { name: 'Key result title' });
    const benTitle = ben.page.getByRole('textbox', { name: 'Key result title' });
    const status = (page: typeof ana.page) => page.getByRole('combobox', { name: 'Status of Onboarding revamp' });

    // A: Ana types at the end of the key result's title; Ben types at its start.
    await anaTitle.click();
    await anaTitle.press('End');
    await anaTitle.pressSequentially(' by Q4');
    await benTitle.click();
    await benTitle.press('Home');
    await benTitle.pressSequentially('Top: ');
    await eventually(() => anaTitle.inputValue()).toBe('Top: Retention at 110 % by Q4');
    // B: then Ana moves to something else, the initiative's status, and changes it.
    await status(ana.page).focus();
    await status(ana.page).selectOption('at-risk');
    await eventually(() => status(ben.page).inputValue()).toBe('at-risk');

    // Back in A, Ctrl+Z takes back her typing there, and only that.
    await anaTitle.click();
    await anaTitle.press('Control+z');
    await eventually(() => benTitle.inputValue()).toBe('Top: Retention at 110 %');
    expect(await anaTitle.inputValue()).toBe('Top: Retention at 110 %');
    expect(await status(ana.page).inputValue()).toBe('at-risk');
    expect(await status(ben.page).inputValue()).toBe('at-risk');
    // Cmd+Shift+Z (a Mac's redo) brings it back.
    await anaTitle.press('Meta+Shift+z');
    await eventually(() => benTitle.inputValue()).toBe('Top: Retention at 110 % by Q4');

    // Outside any field, Ctrl+Z is Ana's document undo: her last change, the status, goes back.
    await ana.page.getByRole('heading', { name: 'Objectives' }).click();
    await ana.page.keyboard.press('Control+z');
    await eventually(() => status(ben.page).inputValue()).not.toBe('at-risk');
    expect(await benTitle.inputValue()).toBe('Top: Retention at 110 % by Q4');

    await ana.context.close();
    await ben.context.close();
  });
});
