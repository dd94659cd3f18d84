import { describe, expect, it, onTestFinished } from 'vitest';
import { connectSynced } from '../integration/support/clients';
import { ADMIN_TOKEN, createWorkspace } from '../integration/support/test-server';
import { eventually } from './support/poll';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join, signedIn } from './support/join';

describe('the client in Chromium', () => {
  const env = useServerAndBrowser();

  it('opens a workspace link, hides its token, remembers the name and shows the title live', async () => {
    const workspace = await createWorkspace(env.server.url, 'Q4 operating review');
    const { context, page } = await join(env.browser, workspace.links.editor!, 'Ana Diaz');
    await eventually(() => page.getByTestId('workspace-title').textContent()).toBe('Q4 operating review');
    expect(page.url()).toBe(`${env.server.url}/w/${workspace.id}`);

    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.facilitator);
    colleague.doc.getMap('meta').set('title', 'Q4 operating review (final)');
    await eventually(() => page.getByTestId('workspace-title').textContent()).toBe('Q4 operating review (final)');
    await saveScreenshot(page, 'workspace-title');

    // The cookie and the name are kept: opening the workspace again without a token goes straight in.
    await page.goto(`${env.server.url}/w/${workspace.id}`);
    await eventually(() => page.getByTestId('workspace-title').textContent()).toBe('Q4 operating review (final)');
    expect(await page.getByLabel('Your name, as the room will see it').count()).toBe(0);
    colleague.destroy();
    await context.close();
  });

  it('[A18] a facilitator renames the review in the header: Escape keeps the title, Enter saves it for everyone and the workspaces list; an empty title is refused, a long paste is kept whole and said to be too long; a rename elsewhere meanwhile keeps the typing; others cannot', async () => {
    const workspace = await createWorkspace(env.server.url, 'Q4 operating review');
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    const benTitle = ben.page.getByTestId('workspace-title');
    await eventually(() => benTitle.textContent()).toBe('Q4 operating review');
    expect(await benTitle.getByRole('button').count()).toBe(0);

    const rename = ana.page.getByRole('button', { name: 'Q4 operating review' });
    const field = ana.page.getByRole('textbox', { name: 'Title of this review' });
    await rename.click();
    await field.fill('Scrapped');
    await field.press('Escape');
    // Back on the title for the keyboard, which is as it was.
    await eventually(() => ana.page.evaluate(() => document.activeElement?.textContent)).toBe('Q4 operating review');

    await ana.page.keyboard.press('Enter');
    await field.fill('  Q1   operating review ');
    await field.press('Enter');
    await eventually(() => benTitle.textContent()).toBe('Q1 operating review');
    expect(await ana.page.getByTestId('workspace-title').textContent()).toBe('Q1 operating review');
    const listed = async () => {
      const response = await fetch(`${env.server.url}/api/workspaces`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const { workspaces } = (await response.json()) as { workspaces: { id: string; title: string }[] };
      return workspaces.find((listedOne) => listedOne.id === workspace.id)?.title;
    };
    await eventually(listed).toBe('Q1 operating review');

    // Leaving the field saves too, and focus goes where the click went.
    await ana.page.getByRole('button', { name: 'Q1 operating review' }).click();
    await field.fill('Q1 business review');
    await ana.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' }).click();
    await eventually(() => benTitle.textContent()).toBe('Q1 business review');
    expect(await ana.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('KPIs');

    await ana.page.getByRole('button', { name: 'Q1 business review' }).click();
    await field.fill('   ');
    await field.press('Enter');
    await eventually(() => ana.page.locator('.notice').filter({ hasText: 'A review needs a title.' }).count()).toBe(1);
    expect(await benTitle.textContent()).toBe('Q1 business review');

    // A paste longer than a title may be is not cut: the field holds all of it, marked, and Enter
    // (or leaving it) says by how much and leaves it open to shorten.
    await ana.page.getByRole('button', { name: 'Q1 business review' }).click();
    const long = `Q1 business review: ${'pipeline, hiring and the platform migration; '.repeat(5)}`.trim();
    expect(long.length).toBeGreaterThan(200);
    // fill inserts the text as a paste does, which a field's maxlength would cut.
    await field.fill(long);
    expect(await field.inputValue()).toBe(long);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.press('Enter');
    await eventually(() => ana.page.locator('.notice').filter({ hasText: `A title may have at most 200 characters; this one has ${long.length}.` }).count()).toBe(1);
    expect(await field.inputValue()).toBe(long);
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    // Leaving the field does not throw the text away either: the field stays, with all of it.
    await ana.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' }).click();
    expect(await field.inputValue()).toBe(long);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill(long.slice(0, 200));
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    // [U85] Counted as a person sees them, as REST counts a new workspace's title: 200 skin-toned
    // hands (800 UTF-16 units) are a title, 201 are not.
    await field.fill('👍🏽'.repeat(201));
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('👍🏽'.repeat(200));
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    await field.press('Escape');
    // Escape kept the title: Ana's own screen, where a rename would show at once, says so.
    expect(await ana.page.getByTestId('workspace-title').textContent()).toBe('Q1 business review');
    expect(await benTitle.textContent()).toBe('Q1 business review');

    // Someone renames it elsewhere while Ana types: her field keeps her typing, and Enter saves it.
    await ana.page.getByRole('button', { name: 'Q1 business review' }).click();
    await field.fill('Q1 board review');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.facilitator);
    // The e2e files share one process: a client left behind by a failure would reconnect for ever.
    onTestFinished(() => colleague.destroy());
    colleague.doc.getMap('meta').set('title', 'Renamed elsewhere');
    await eventually(() => benTitle.textContent()).toBe('Renamed elsewhere');
    expect(await field.inputValue()).toBe('Q1 board review');
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.press('Enter');
    await eventually(() => benTitle.textContent()).toBe('Q1 board review');
    await ana.context.close();
    await ben.context.close();
  });
});
