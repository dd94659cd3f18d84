import { describe, expect, it, onTestFinished } from 'vitest';
import { postReading, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { NARROW_LAPTOP, signedIn, SMALL_LAPTOP, type Participant } from './support/join';
import { tabThrough } from './support/keyboard';
import { cutTags, expectNoSidewaysScroll, expectWithinWidth, overlap, presenceShapes } from './support/layout';
import { connectSynced } from '../integration/support/clients';
import { guestsHere } from './support/guests';
import { eventually } from './support/poll';
import { furnishedReview, openView, VIEW_NAMES, type ViewName } from './support/views';

describe('keyboard paths and the laptop layout', () => {
  const env = useServerAndBrowser({ seedDemo: true });

  it('[U12] with the details panel open at 1440×900, every row keeps its due date and its owner’s whole name beside the panel, its health is not worded as its status, and its title has the room before its tags', async () => {
    const { page, context } = await signedIn(env.browser, env.server.server.demoLinks!.facilitator, 'Ana Diaz');
    await viewTab(page, 'Objectives').click();
    const rows = page.getByTestId('tree-row');
    await page.getByRole('textbox', { name: 'Intent title' }).first().click();
    const panel = page.getByTestId('inspector');
    await panel.waitFor();
    const panelLeft = (await panel.boundingBox())!.x;
    const count = await rows.count();
    expect(count).toBeGreaterThan(10);
    let shownWhole = 0;
    for (let i = 0; i < count; i++) {
      const due = rows.nth(i).locator('input.due');
      const box = (await due.boundingBox())!;
      const title = await rows.nth(i).getByTestId('node-title').inputValue();
      expect(box.x + box.width, `due date of "${title}" ends before the details panel`).toBeLessThanOrEqual(panelLeft);
      // Not scrolled away inside the tree panel either: the whole field is where it is drawn.
      expect(await due.evaluate((el) => el.closest('.tree-panel')!.scrollLeft)).toBe(0);
      // The title has the room before its tags: cut short only once no tag is left beside it.
      const room = await rows.nth(i).evaluate((row) => {
        const field = row.querySelector<HTMLInputElement>('[data-testid="node-title"]')!;
        return { cut: field.scrollWidth > field.clientWidth, tags: row.querySelector('.row-meta')!.getBoundingClientRect().width };
      });
      expect(await cutTags(rows.nth(i)), `tags of "${title}" cut at the edge`).toEqual([]);
      // The rolled-up health is not worded as the owner's status beside it ("On track" next to "On track").
      expect(await rows.nth(i).getByTestId('health').getAttribute('title'), `health of "${title}"`).toMatch(/^Health (green|amber|red), rolled up from its findings and the items under it$/);
      // The owner's whole name fits its field (the demo's longest is "Maya Lindqvist").
      const owner = rows.nth(i).locator('input.owner');
      expect(await owner.evaluate((field: HTMLInputElement) => field.scrollWidth <= field.clientWidth), `owner of "${title}" shown whole`).toBe(true);
      if (room.cut) expect(room.tags, `tags beside the cut title "${title}"`).toBe(0);
      else shownWhole++;
    }
    // Most of the demo's titles are whole beside the panel.
    expect(shownWhole, 'titles shown whole').toBeGreaterThanOrEqual(count - 3);
    await saveScreenshot(page, 'tree-with-details');
    await context.close();
  });

  it('[U12] on a fresh 1024×768 page each column heading of the tree stands over its column in every row, and nothing scrolls sideways', async () => {
    const { page, context } = await signedIn(env.browser, env.server.server.demoLinks!.editor, 'Ben Okafor', NARROW_LAPTOP);
    await viewTab(page, 'Objectives').click();
    const rows = page.getByTestId('tree-row');
    await eventually(() => rows.count()).toBeGreaterThan(10);
    // Untouched: the first layout, before any row is selected or edited.
    expect(await page.getByTestId('inspector').count()).toBe(0);
    const headings = await page.locator('.tree-columns > span').evaluateAll((spans) => Object.fromEntries(spans.map((span) => [span.textContent, Math.round(span.getBoundingClientRect().left)])));
    const columns = { Progress: '.progress', Owner: 'input.owner', Status: 'select.status', Due: 'input.due' };
    for (let i = 0; i < (await rows.count()); i++) {
      const title = await rows.nth(i).getByTestId('node-title').inputValue();
      for (const [heading, selector] of Object.entries(columns)) {
        const box = (await rows.nth(i).locator(selector).boundingBox())!;
        expect(Math.abs(box.x - headings[heading]!), `"${heading}" heading (x ${headings[heading]}) over the ${selector} of "${title}" (x ${box.x})`).toBeLessThanOrEqual(2);
      }
    }
    expect(await page.locator('.tree-panel').evaluate((el) => ({ scrolls: el.scrollWidth - el.clientWidth })), 'the tree panel').toEqual({ scrolls: 0 });
    await expectNoSidewaysScroll(page, 'the tree at 1024×768');
    await expectWithinWidth(page, 'the tree at 1024×768', [rows.first().locator('input.due'), rows.last().locator('input.due')]);
    await saveScreenshot(page, 'tree-narrow-laptop');
    await context.close();
  });

  it('[U40] on a laptop the faces stack, but no "guest" tag covers another', async () => {
    const { workspace } = await furnishedReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    await guestsHere(env, workspace, ['Ben Okafor', 'Cy Lee', 'Dee Park']);
    const watcher = ana.page;
    await eventually(() => watcher.getByTestId('presence').getByTestId('avatar').count()).toBe(4);
    const tags = (await presenceShapes(watcher)).filter((shape) => shape.name.endsWith('guest tag'));
    expect(tags).toHaveLength(4);
    for (const [i, a] of tags.entries()) for (const b of tags.slice(i + 1)) expect(overlap(a, b), `${a.name} and ${b.name} overlap`).toBe(false);
    await ana.context.close();
  });

  it('[U49] with eight people here a 1280 px header fits: no sideways scrolling, the title keeps its room, your face and four others, and "+3" naming the rest; the dependency board fits too', async () => {
    const { workspace } = await furnishedReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz', SMALL_LAPTOP);
    const others = ['Ben Okafor', 'Cy Lee', 'Dee Park', 'Eli Moss', 'Fay Wong', 'Gus Hale', 'Hana Ito'];
    const clients = await Promise.all(others.map(() => connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor)));
    // The e2e files share one process: clients left behind by a failure would reconnect for ever.
    onTestFinished(() => clients.forEach((client) => client.destroy()));
    others.forEach((name, i) => clients[i]!.provider.awareness.setLocalState({ user: { id: `p-${i}`, name, color: '#0e7490', role: 'editor' }, view: 'tree', selection: null, editing: null }));
    const more = ana.page.getByTestId('more-faces');
    await eventually(() => more.getAttribute('aria-label')).toBe('3 more here: Fay Wong, Gus Hale, Hana Ito');
    expect(await more.textContent()).toBe('+3');
    const faces = ana.page.getByTestId('presence').getByTestId('avatar');
    expect(await faces.evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().width > 0).map((el) => el.getAttribute('aria-label')!.split(',')[0]))).toEqual([
      'Ana Diaz (you)',
      'Ben Okafor',
      'Cy Lee',
      'Dee Park',
      'Eli Moss',
    ]);
    await expectNoSidewaysScroll(ana.page, 'a header with eight people');
    // Twelve characters of the title at least, even squeezed to its narrowest (as a crowded header
    // does): "Q4 operating review" is not cut to "Q4 operatin…".
    const title = ana.page.getByTestId('workspace-title');
    const room = await title.evaluate((el) => {
      (el as HTMLElement).style.flex = '0 0 0';
      const button = el.querySelector('button') ?? el;
      const probe = document.createElement('span');
      probe.style.cssText = `position: absolute; visibility: hidden; white-space: pre; font: ${getComputedStyle(button).font}`;
      probe.textContent = `${(button.textContent ?? '').slice(0, 12)}…`;
      document.body.append(probe);
      const needs = probe.getBoundingClientRect().width;
      probe.remove();
      const style = getComputedStyle(button);
      return { has: Math.floor(button.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth)), needs: Math.ceil(needs) };
    });
    expect(room.has, `the title's room for ${JSON.stringify(room)}`).toBeGreaterThanOrEqual(room.needs);
    await title.evaluate((el) => (el as HTMLElement).style.removeProperty('flex'));
    await expectWithinWidth(ana.page, 'a header with eight people', [ana.page.getByRole('button', { name: 'Sign out' }), ana.page.getByTestId('connection'), ana.page.getByTestId('role')]);
    await saveScreenshot(ana.page, 'header-eight-people');
    // At this width the dependency board's five states fit side by side, none past its edge.
    await viewTab(ana.page, 'Dependencies').click();
    const board = ana.page.locator('.board');
    await board.waitFor();
    expect(await board.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    await ana.context.close();
  });

  it('[U99] at 1440 and 1366 px with two or three people here the review’s title is whole on the facilitator’s and an editor’s screen, a classic scrollbar’s 16 px taken or not at 1440, in a header of one line', async () => {
    const { workspace } = await furnishedReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    for (const width of [1440, 1424, 1366]) {
      for (const { page } of [ana, ben]) {
        await page.setViewportSize({ width, height: 900 });
        await eventually(() => page.getByTestId('presence').getByTestId('avatar').count()).toBe(2);
        const title = page.getByTestId('workspace-title');
        // The facilitator's is a button (to rename it), an editor's the heading's own text.
        const shown = await title.evaluate((heading) => {
          const text = heading.querySelector('button') ?? heading;
          return { has: text.clientWidth, needs: text.scrollWidth };
        });
        expect(shown.has, `the title's room at ${width} px, ${JSON.stringify(shown)}`).toBeGreaterThanOrEqual(shown.needs);
        expect(await page.locator('.topbar').evaluate((bar) => bar.getBoundingClientRect().height), `the header's height at ${width} px`).toBeLessThan(60);
      }
    }
    // A title past 28 characters ends in an ellipsis: the heading's tooltip holds it whole.
    expect(await ana.page.getByTestId('workspace-title').getAttribute('title')).toBe('Q4 operating review');
    await saveScreenshot(ana.page, 'header-two-people-1366');
    // A third person here, at a common laptop's 1366 px: still one line, the title whole.
    const cy = await signedIn(env.browser, workspace.links.editor!, 'Cy Lee');
    for (const { page } of [ana, ben, cy]) {
      await page.setViewportSize({ width: 1366, height: 900 });
      await eventually(() => page.getByTestId('presence').getByTestId('avatar').count()).toBe(3);
      const shown = await page.getByTestId('workspace-title').evaluate((heading) => {
        const text = heading.querySelector('button') ?? heading;
        return { has: text.clientWidth, needs: text.scrollWidth };
      });
      expect(shown.has, `the title's room with three people, ${JSON.stringify(shown)}`).toBeGreaterThanOrEqual(shown.needs);
      expect(await page.locator('.topbar').evaluate((bar) => bar.getBoundingClientRect().height), 'the header’s height with three people').toBeLessThan(60);
    }
    await saveScreenshot(ana.page, 'header-three-people-1366');
    await ana.context.close();
    await ben.context.close();
    await cy.context.close();
  });

  it('[U99] with seven people here the "+2" chip on a laptop covers no face and no "guest" tag', async () => {
    const { workspace } = await furnishedReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    await guestsHere(env, workspace, ['Ben Okafor', 'Cy Lee', 'Dee Park', 'Eli Moss', 'Fay Wong', 'Gus Hale']);
    const more = ana.page.getByTestId('more-faces');
    await eventually(() => more.textContent()).toBe('+2');
    const chip = (await more.boundingBox())!;
    const shapes = (await presenceShapes(ana.page)).filter((shape) => shape.right > shape.left);
    expect(shapes).toHaveLength(10);
    const covered = shapes.filter((shape) => overlap(shape, { name: '+2', left: chip.x, right: chip.x + chip.width, top: chip.y, bottom: chip.y + chip.height }));
    expect(covered.map((shape) => shape.name)).toEqual([]);
    await ana.context.close();
  });

  it('[U15] the first Tab reaches "Skip to content", shown; following it puts focus on the main content, and the next Tab is inside the view', async () => {
    const { workspace } = await furnishedReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    // Opened again, the page starts with nothing focused, as a keyboard user meets it.
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    const address = page.url();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = (await skip.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

    await page.keyboard.press('Enter');
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(page.url()).toBe(address);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('main')!.contains(document.activeElement))).toBe(true);
    await context.close();
  });

  it('[U16] Tab reaches every enabled control of every view, the triage banner and the share dialog, each with a visible focus ring', async () => {
    const { workspace, ids } = await furnishedReview(env);
    await postReading(env.server.url, workspace, ids.nrr, 80);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    // Tab in a tree title belongs to the outline for an editor; a viewer's Tab walks the tree's fields.
    const cy = await signedIn(env.browser, workspace.links.viewer!, 'Cy Viewer');
    const walks: [Participant, ViewName][] = [[cy, 'Objectives'], ...VIEW_NAMES.slice(1).map((name): [Participant, ViewName] => [ana, name])];
    for (const [person, view] of walks) {
      await openView(person.page, view);
      await person.page.getByTestId('pivot-banner').waitFor();
      await person.page.getByRole('link', { name: 'Skip to content' }).focus();
      const walk = await tabThrough(person.page);
      expect(walk.unreached, `controls Tab never reaches on ${view}`).toEqual([]);
      expect(walk.unringed, `controls focused without a visible ring on ${view}`).toEqual([]);
    }
    await ana.page.getByRole('button', { name: 'Share' }).click();
    // The dialog reads its links and members over REST; walk it once they are drawn.
    const dialog = ana.page.getByRole('dialog', { name: 'Share this review' });
    await dialog.getByRole('textbox', { name: 'Viewer link' }).waitFor();
    await eventually(() => dialog.getByRole('button', { name: 'Rotate the viewer link' }).isEnabled()).toBe(true);
    await dialog.getByText('Nobody is invited by name.').waitFor();
    const walk = await tabThrough(ana.page, 'dialog[open]');
    expect(walk.unreached, 'controls Tab never reaches in the share dialog').toEqual([]);
    expect(walk.unringed, 'controls focused without a visible ring in the share dialog').toEqual([]);
    await ana.context.close();
    await cy.context.close();
  });
});
