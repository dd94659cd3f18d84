import { describe, expect, it } from 'vitest';
import { nodeTitleText } from '../../shared/schema/node-accessors';
import { connectSynced } from '../integration/support/clients';
import { call } from '../integration/support/people';
import { viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { expectNoSidewaysScroll, expectWithinWidth } from './support/layout';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';

describe('node titles past the length a person can read (SPEC U72, U73)', () => {
  const env = useServerAndBrowser();

  it('[U72][U73] a pasted title over 200 characters is refused in words and kept in the field; one stored anyway by another writer is cut short on the row, whole on hover, and nothing scrolls sideways', async () => {
    const { workspace, ids } = await seededReview(env);
    // Another writer that does not validate stores an unbroken 100,000-character title.
    const stored = `Usage export API ${'x'.repeat(100_000)}`;
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    nodeTitleText(colleague.doc, ids.milestone)!.insert('Usage export API'.length, ` ${'x'.repeat(100_000)}`);
    const storedTitle = async (id: string) => (await call<any>(env.server.url, 'GET', `/api/workspaces/${workspace.id}`, { token: workspace.tokens.viewer })).json.nodes[id].title as string;
    await eventually(() => storedTitle(ids.milestone)).toBe(stored);
    colleague.destroy();

    const { page } = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    await viewTab(page, 'Objectives').click();
    const longRow = page.locator('[data-testid="node-title"][aria-label="Milestone title"]');
    await eventually(() => longRow.inputValue()).toBe(stored);
    // The whole title is there on hover; the row keeps the width of the tree.
    expect(await longRow.getAttribute('title')).toBe(stored);
    await expectNoSidewaysScroll(page, 'the tree with a 100,000-character title');
    const initiative = page.locator('[data-testid="node-title"][aria-label="Initiative title"]');
    await expectWithinWidth(page, 'the tree with a long title', [longRow, initiative]);
    await longRow.click();
    const details = page.getByTestId('inspector');
    await details.waitFor();
    await expectNoSidewaysScroll(page, 'the details of a 100,000-character title');
    // The details keep their fields within the panel: the heading wraps, cut short, whole on hover.
    const heading = details.getByRole('heading', { level: 3 });
    expect(await heading.getAttribute('title')).toBe(stored);
    await expectWithinWidth(page, 'the details of a long title', [heading, details.getByLabel('Owner'), details.getByRole('button', { name: 'New milestone after it' })]);
    expect(await heading.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))), 'lines of the heading').toBe(3);
    await saveScreenshot(page, 'tree-long-title');
    // The dependency it is an end of keeps its card on the screen.
    await viewTab(page, 'Dependencies').click();
    await page.getByTestId('dep-card').first().waitFor();
    await expectNoSidewaysScroll(page, 'the dependencies with a 100,000-character title');
    await viewTab(page, 'Objectives').click();

    // Ana pastes a page of text into another title: refused in words, kept in her field, not stored.
    const pasted = `Onboarding revamp 🚀 ${'y'.repeat(300)}`;
    await initiative.click();
    await initiative.fill(pasted);
    // 320 as a person counts them: the rocket is one character, not two (U73).
    await eventually(() => page.locator('.notice').filter({ hasText: 'A title may have at most 200 characters; this one has 320.' }).count()).toBe(1);
    expect(await initiative.getAttribute('aria-invalid')).toBe('true');
    expect(await initiative.inputValue(), 'what Ana pasted, kept').toBe(pasted);
    expect(await storedTitle(ids.initiative)).toBe('Onboarding revamp');
    // Typing on past the limit says it once, not once a keystroke.
    await initiative.press('End');
    await initiative.pressSequentially('zz');
    expect(await page.locator('.notice').filter({ hasText: 'A title may have at most 200 characters' }).count()).toBe(1);
    // Shortened within the limit, it is stored, and the field is no longer marked.
    await initiative.fill('Onboarding revamp 🚀');
    await eventually(() => storedTitle(ids.initiative)).toBe('Onboarding revamp 🚀');
    expect(await initiative.getAttribute('aria-invalid')).toBeNull();
  });
});
