import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { createKpi } from '../../shared/schema/kpi-accessors';
import { SHORTCUTS } from '../../client/state/shortcuts';
import { unwrap } from '../../shared/schema/op-result';
import { connectSynced } from '../integration/support/clients';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';

/** Opens search with Ctrl+K and types a query; answers the options the listbox shows. */
async function search(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  const box = dialog.getByRole('combobox', { name: 'Search nodes, KPIs, dependencies and agenda items' });
  await eventually(() => box.evaluate((element) => element === document.activeElement)).toBe(true);
  await box.fill(query);
  return dialog.getByRole('listbox', { name: 'Results' }).getByRole('option').allTextContents();
}

/** The option the combobox names as active (aria-activedescendant). */
function activeOption(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const box = document.querySelector('[role="combobox"]');
    return document.getElementById(box?.getAttribute('aria-activedescendant') ?? '')?.textContent ?? null;
  });
}

/** Whether the element has keyboard focus. */
function focused(element: Locator): Promise<boolean> {
  return element.evaluate((el) => el === document.activeElement);
}

describe('search and shortcut help', () => {
  const env = useServerAndBrowser();

  it('[U25] Ctrl+K finds nodes, KPIs, dependencies and agenda items, and Enter goes to each with it selected and focus on it', async () => {
    const { workspace, ids } = await seededReview(env);
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.facilitator);
    // A KPI that sorts first, so the KPI view's default selection is not the one searched for.
    unwrap(createKpi(colleague.doc, { name: 'Annual churn', unit: '%', direction: 'decrease', target: 5 }));
    const item = unwrap(createAgendaItem(colleague.doc, { title: 'Pricing page decision' }));
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    const { page } = ana;

    // A node, by letters in order ("usg" for "Usage").
    expect(await search(page, 'usg exp')).toEqual(['Usage export APIMilestone', 'Usage export API → Onboarding revampDependency']);
    await page.keyboard.press('Enter');
    expect(await page.getByRole('dialog', { name: 'Search' }).count()).toBe(0);
    await eventually(() => page.locator(`[role="treeitem"][data-id="${ids.milestone}"]`).getAttribute('aria-selected')).toBe('true');
    // A keyboard goes on from the row it asked for, not from the page's start.
    await eventually(() => focused(page.locator(`[role="treeitem"][data-id="${ids.milestone}"]`))).toBe(true);
    // A node under a folded branch: going to it opens the branch.
    await page.getByRole('button', { name: 'Collapse Onboarding revamp' }).click();
    expect(await page.locator(`[role="treeitem"][data-id="${ids.milestone}"]`).count()).toBe(0);
    await search(page, 'Usage export API');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator(`[role="treeitem"][data-id="${ids.milestone}"]`).getAttribute('aria-selected')).toBe('true');

    // A KPI: the key result named like it comes first; ↓ moves to the KPI.
    expect(await search(page, 'retention')).toEqual(['Retention at 110 %Key result', 'Net revenue retentionKPI']);
    expect(await activeOption(page)).toBe('Retention at 110 %Key result');
    await page.keyboard.press('ArrowDown');
    expect(await activeOption(page)).toBe('Net revenue retentionKPI');
    await saveScreenshot(page, 'search');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator(`[data-testid="kpi-row"][data-id="${ids.nrr}"]`).getAttribute('aria-selected')).toBe('true');
    await eventually(() => focused(page.locator(`[data-testid="kpi-row"][data-id="${ids.nrr}"]`).getByRole('button', { name: 'Net revenue retention' }))).toBe(true);

    // A dependency, by the names of both its ends.
    expect(await search(page, 'export onboarding')).toEqual(['Usage export API → Onboarding revampDependency']);
    await page.keyboard.press('Enter');
    await eventually(() => page.locator(`[data-testid="dep-card"][data-id="${ids.dependency}"]`).getAttribute('data-selected')).toBe('');
    await eventually(() => focused(page.locator(`[data-testid="dep-card"][data-id="${ids.dependency}"] .dep-title`))).toBe(true);

    // An agenda item, with accents and case ignored.
    expect(await search(page, 'PRÍCING')).toEqual(['Pricing page decisionAgenda item']);
    await page.keyboard.press('Enter');
    await eventually(() => page.locator(`[data-testid="agenda-item"][data-id="${item}"]`).getAttribute('data-selected')).toBe('');
    await eventually(() => focused(page.locator(`[data-testid="agenda-item"][data-id="${item}"]`))).toBe(true);

    // Nothing matching says so; Esc closes and leaves the screen as it was.
    expect(await search(page, 'zzqx')).toEqual([]);
    expect(await page.getByRole('dialog', { name: 'Search' }).getByText('Nothing matches “zzqx”.').count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog', { name: 'Search' }).count()).toBe(0);
    colleague.destroy();
    await ana.context.close();
  });

  it('[U26] "?" opens the keyboard shortcuts, every one of them, but is a question mark in a field', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    const { page } = ana;
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

    const title = page.getByRole('textbox', { name: 'Objective title' });
    await title.click();
    await title.press('End');
    await title.press('?');
    expect(await title.inputValue()).toBe('Win the mid-market?');
    expect(await help.count()).toBe(0);

    await title.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await eventually(() => help.count()).toBe(1);
    const shortcuts = await help.locator('.shortcut').allTextContents();
    for (const expected of [
      'CtrlKSearch',
      '?Show these shortcuts',
      'Alt1 … 6Go to Objectives',
      'CtrlZUndo',
      'CtrlShiftZRedo',
      'EnterAdd a sibling',
      'TabMake it a child',
      'ShiftTabMove it out one level',
      'EscLeave the title',
    ]) {
      expect(shortcuts.some((line) => line.startsWith(expected)), expected).toBe(true);
    }
    // Every shortcut the app lists, each with what it does.
    const listed = SHORTCUTS.flatMap((group) => group.shortcuts);
    expect(shortcuts).toHaveLength(listed.length);
    for (const { does } of listed) expect(shortcuts.some((line) => line.endsWith(does)), does).toBe(true);
    await saveScreenshot(page, 'shortcut-help');
    await page.keyboard.press('Escape');
    await eventually(() => help.count()).toBe(0);
    await ana.context.close();
  });

  it('[U83] the help lists exactly the keys a tree row and the “Place in the tree” buttons answer, each doing what it says', async () => {
    const { workspace, ids } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    const { page } = ana;
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await eventually(() => help.count()).toBe(1);
    const ARROWS: Record<string, string> = { '↑': 'ArrowUp', '↓': 'ArrowDown', '←': 'ArrowLeft', '→': 'ArrowRight' };
    /** A group's keys as Playwright names them ("Shift+Tab"), from the dialog as shown. */
    const listed = async (group: string) => {
      const chords = await help.locator(`section[aria-label="${group}"] .shortcut dt`).evaluateAll((terms) => terms.map((term) => [...term.querySelectorAll('kbd')].map((kbd) => kbd.textContent ?? '')));
      return [...new Set(chords.map((keys) => keys.map((key) => ARROWS[key] ?? key).join('+')))].sort();
    };
    const rowKeys = await listed('On a row of the objective tree (Esc from its title)');
    const toolbarKeys = await listed('In the selected node’s “Place in the tree” buttons');
    await page.keyboard.press('Escape');
    await eventually(() => help.count()).toBe(0);

    // Which keys each answers: those whose keydown its handler takes (preventDefault), probed one
    // by one from the same place. Enter and Space on a button are the button's own (a click).
    await page.evaluate(() => {
      window.addEventListener('keydown', (event) => ((window as unknown as { prevented: boolean }).prevented = event.defaultPrevented));
    });
    const CANDIDATES = ['Enter', 'F2', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', 'Tab', 'Shift+Tab', 'Escape', 'Delete', 'Backspace', 'Space'];
    const answered = async (place: Locator, candidates: readonly string[]) => {
      const keys: string[] = [];
      for (const key of candidates) {
        await place.focus();
        await page.keyboard.press(key);
        if (await page.evaluate(() => (window as unknown as { prevented: boolean }).prevented)) keys.push(key);
        // Back to the row: Enter and F2 leave the caret in a title.
        if (await page.evaluate(() => document.activeElement instanceof HTMLInputElement)) await page.keyboard.press('Escape');
      }
      return keys.sort();
    };
    const row = page.locator(`[role="treeitem"][data-id="${ids.milestone}"]`);
    expect(await answered(row, CANDIDATES)).toEqual(rowKeys);
    await row.click({ position: { x: 2, y: 2 } });
    const toolbar = page.getByRole('toolbar', { name: 'Place in the tree' });
    const first = toolbar.getByRole('button').first();
    expect(await answered(first, CANDIDATES.filter((key) => key !== 'Enter' && key !== 'Space'))).toEqual(toolbarKeys);
    // And each does what the help says: arrows, Home and End move along the buttons, round at the ends.
    const current = () => page.evaluate(() => document.activeElement?.textContent);
    const names = await toolbar.getByRole('button').allTextContents();
    await first.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await current()).toBe(names.at(-1));
    await page.keyboard.press('ArrowRight');
    expect(await current()).toBe(names[0]);
    await page.keyboard.press('End');
    expect(await current()).toBe(names.at(-1));
    await page.keyboard.press('Home');
    expect(await current()).toBe(names[0]);
    await ana.context.close();
  });

  it('[U84] closing search or the help, however it was opened, gives focus back to where it was', async () => {
    const { workspace, ids } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    const { page } = ana;
    const row = page.locator(`[role="treeitem"][data-id="${ids.milestone}"]`);
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const search = page.getByRole('dialog', { name: 'Search' });
    const backOnRow = async () => {
      await eventually(() => help.count()).toBe(0);
      await eventually(() => search.count()).toBe(0);
      await eventually(() => focused(row)).toBe(true);
    };

    await row.focus();
    await page.keyboard.press('?');
    await eventually(() => help.count()).toBe(1);
    await page.keyboard.press('Escape');
    await backOnRow();

    await page.keyboard.press('Control+k');
    await eventually(() => search.count()).toBe(1);
    await page.keyboard.press('Escape');
    await backOnRow();

    // '?' pressed as search closes, before its close event (a task after the dialog gave focus
    // back), opens the help all the same, and Esc from it goes back to the row.
    await page.keyboard.press('Control+k');
    await eventually(() => search.count()).toBe(1);
    await page.evaluate(() => {
      document.querySelector<HTMLDialogElement>('dialog[open]')!.close();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: '?' }));
    });
    await eventually(() => help.count()).toBe(1);
    await page.keyboard.press('Escape');
    await backOnRow();

    // Ctrl+K pressed as search closes, before its close event, opens search again: the late event
    // of the search that closed does not take away the one just asked for.
    await page.keyboard.press('Control+k');
    await eventually(() => search.count()).toBe(1);
    await page.evaluate(() => {
      document.querySelector<HTMLDialogElement>('dialog[open]')!.close();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }));
    });
    await eventually(() => search.count()).toBe(1);
    await eventually(() => search.getByRole('combobox').evaluate((box) => box === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await backOnRow();

    // Ctrl+K from the help replaces it with search: Esc from there goes back to the row, not to <body>.
    await page.keyboard.press('?');
    await eventually(() => help.count()).toBe(1);
    await page.keyboard.press('Control+k');
    await eventually(() => search.count()).toBe(1);
    expect(await help.count()).toBe(0);
    await page.keyboard.press('Escape');
    await backOnRow();

    // The close buttons too.
    await page.keyboard.press('?');
    await help.getByRole('button', { name: 'Close' }).click();
    await backOnRow();
    await ana.context.close();
  });

  it('[U70] Alt with a digit opens its view on a Mac and on a French keyboard, where that key types another character', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    const { page } = ana;
    const current = () => page.getByRole('navigation', { name: 'Views' }).locator('[aria-current="page"]').textContent();
    const cdp = await ana.context.newCDPSession(page);
    // What Chromium receives: on a Mac, Option+3 is "£" and Option+5 "∞"; on AZERTY, the 4 key is "'".
    const press = async (key: string, code: string, keyCode: number) => {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', modifiers: 1, key, code, windowsVirtualKeyCode: keyCode, text: key });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', modifiers: 1, key, code, windowsVirtualKeyCode: keyCode });
    };
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await press('£', 'Digit3', 51);
    await eventually(current).toBe('Dependencies');
    await press('∞', 'Digit5', 53);
    await eventually(current).toBe('Actions');
    await press("'", 'Digit4', 52);
    await eventually(current).toMatch(/^Agenda/);
    await ana.context.close();
  });
});
