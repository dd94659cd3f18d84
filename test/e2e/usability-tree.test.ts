import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../integration/support/test-server';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { eventually } from './support/poll';

describe('building an OKR tree from a blank workspace', () => {
  const env = useServerAndBrowser();

  it('[U1][U2][U3][U4][U16][C22][U50][U51] Enter, Tab and Shift+Tab build intent → objective → key result → initiative → milestone with empty, focused titles; a kind menu; Escape then Tab leaves the tree for the details, where owner and status are set by keyboard and the due date reached, a parent’s progress is shown rolled up and notes are shared', async () => {
    const workspace = await createWorkspace(env.server.url, 'Blank review');
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    const page = ana.page;
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    const focusedValue = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? null);

    await page.getByRole('button', { name: 'Add intent' }).click();
    // [U2] The new title is empty and focused; the prompt is a placeholder, not text in the document.
    await eventually(focusedLabel).toBe('Intent title');
    expect(await focusedValue()).toBe('');
    expect(await page.getByRole('textbox', { name: 'Intent title' }).getAttribute('placeholder')).toBe('Name this intent');
    await page.keyboard.type('Win the mid-market');

    // [U1] Enter adds a sibling of the same kind; Tab makes it a child one rung down.
    const steps: [string, string][] = [
      ['Objective title', 'Grow ACV'],
      ['Key result title', 'Raise ACV by 10%'],
      ['Initiative title', 'Pricing page'],
      ['Milestone title', 'New price list live'],
    ];
    for (const [label, title] of steps) {
      await page.keyboard.press('Enter');
      await eventually(focusedValue).toBe('');
      await page.keyboard.press('Tab');
      await eventually(focusedLabel).toBe(label);
      expect(await focusedValue()).toBe('');
      await page.keyboard.type(title);
    }
    expect(await page.getByRole('textbox', { name: 'Key result title' }).inputValue()).toBe('Raise ACV by 10%');

    // Ben, in his own browser, sees the same tree with the same kinds at the same depths.
    // A row is named from its content (SPEC U13), which holds its title: no title here is part of another's.
    const benRow = (name: string) => ben.page.getByRole('treeitem', { name });
    const benKind = (name: string) => benRow(name).getAttribute('data-kind');
    const expected: [string, string, string][] = [
      ['Win the mid-market', '1', 'intent'],
      ['Grow ACV', '2', 'objective'],
      ['Raise ACV by 10%', '3', 'keyResult'],
      ['Pricing page', '4', 'initiative'],
      ['New price list live', '5', 'milestone'],
    ];
    for (const [name, level, kind] of expected) {
      await eventually(() => benRow(name).getAttribute('aria-level')).toBe(level);
      expect(await benKind(name)).toBe(kind);
    }
    // Nothing but what was typed reached the document: no "New …" or "Untitled …" titles anywhere.
    expect(await ben.page.getByRole('treeitem').count()).toBe(5);

    // [U3] Shift+Tab on the milestone puts it beside its initiative, as an initiative; Tab puts it back.
    await page.keyboard.press('Shift+Tab');
    await eventually(() => benRow('New price list live').getAttribute('aria-level')).toBe('4');
    await eventually(() => benKind('New price list live')).toBe('initiative');
    await page.keyboard.press('Tab');
    await eventually(() => benKind('New price list live')).toBe('milestone');
    await eventually(() => benRow('New price list live').getAttribute('aria-level')).toBe('5');

    // [U3] The selected row's kind menu offers what fits under the parent and refits the branch below.
    await page.getByRole('textbox', { name: 'Key result title' }).click();
    const menu = page.getByRole('combobox', { name: 'Kind of Raise ACV by 10%' });
    expect(await menu.locator('option').allTextContents()).toEqual(['Key result', 'Initiative', 'Milestone']);
    await menu.selectOption('initiative');
    await eventually(() => benKind('Raise ACV by 10%')).toBe('initiative');
    await eventually(() => benKind('Pricing page')).toBe('milestone');
    await eventually(() => benKind('New price list live')).toBe('milestone');

    // [U4] The title says how to leave it; Escape returns to the row, and Tab then leaves the tree.
    const title = page.getByRole('textbox', { name: 'Objective title' });
    const help = await title.getAttribute('aria-describedby');
    expect(await page.locator(`#${help}`).textContent()).toContain('Tab makes it a child, Shift+Tab moves it out');
    expect(await page.locator(`#${help}`).textContent()).toContain('Escape then Tab leaves the tree');
    await title.click();
    await page.keyboard.press('Escape');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('treeitem');
    await page.keyboard.press('Tab');
    await eventually(() => page.evaluate(() => document.activeElement !== document.body && !document.activeElement?.closest('[role="tree"]'))).toBe(true);
    // It lands in the selected node's details, on its kind: the keyboard way to the kind menu.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Kind');
    // [U51] The buttons for the outline's keys are one toolbar, one Tab stop, its buttons by arrows.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New objective after it');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New key result under it');
    await page.keyboard.press('ArrowLeft');
    // [U16] Tab in a title indents, so the row's owner, status and due date are out of a keyboard's
    // reach there: the details have them next, and what is set there is what everyone's row shows.
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Owner');
    await page.keyboard.type('Kim Lee');
    await page.keyboard.press('Enter');
    await eventually(() => ben.page.getByLabel('Owner of Grow ACV', { exact: true }).inputValue()).toBe('Kim Lee');
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Status');
    // A closed select takes the arrows: Not started, then On track.
    await page.keyboard.press('ArrowDown');
    await eventually(() => ben.page.getByRole('combobox', { name: 'Status of Grow ACV' }).inputValue()).toBe('on-track');
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Due date');
    // A parent's progress is its children's (DESIGN §4): shown as such, with nothing to type that would be ignored.
    const details = page.getByTestId('inspector');
    expect(await details.getByRole('spinbutton', { name: 'Progress percent' }).count()).toBe(0);
    expect(await details.getByText('Rolled up from the item under it, by weight').count()).toBe(1);
    // A leaf's is typed; its parents, up to Grow ACV, show it rolled up.
    await page.getByRole('treeitem', { name: 'New price list live' }).getByTestId('node-title').click();
    await details.getByRole('spinbutton', { name: 'Progress percent' }).fill('40');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Objective title' }).click();
    await eventually(() => details.getByTestId('rolled-up-progress').textContent()).toBe('40');
    // Notes were stored with every node and shown nowhere: the details edit them, and a colleague reads them there.
    await details.getByRole('textbox', { name: 'Notes' }).fill('Pricing committee signs off in March');
    await ben.page.getByRole('textbox', { name: 'Objective title' }).click();
    await eventually(() => ben.page.getByTestId('inspector').getByRole('textbox', { name: 'Notes' }).inputValue()).toBe('Pricing committee signs off in March');
    // Nothing moved on the way out.
    expect(await benRow('Grow ACV').getAttribute('aria-level')).toBe('2');
    // Shift+Tab from a row leaves backwards, before the tree.
    await title.click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Tab');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Add intent');
    expect(await benRow('Grow ACV').getAttribute('aria-level')).toBe('2');

    await saveScreenshot(page, 'tree-from-blank');
    await ana.context.close();
    await ben.context.close();
  });
});
