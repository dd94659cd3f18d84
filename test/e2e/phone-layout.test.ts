import type { Locator, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { unwrap } from '../../shared/schema/op-result';
import { createKpi } from '../../shared/schema/kpi-accessors';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { decideItem } from '../../shared/schema/agenda-outcomes';
import { addNode } from '../../shared/tree/tree-ops';
import { readTree } from '../../shared/tree/tree-read';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { connectSynced } from '../integration/support/clients';
import { createWorkspace } from '../integration/support/test-server';
import { ADMIN_TOKEN } from '../integration/support/test-server';
import { postReading, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { DESKTOP, newParticipant, PHONE, signedIn } from './support/join';
import { cutTags, expectNoSidewaysScroll, expectWithinWidth, overlap, presenceShapes, smallTargets } from './support/layout';
import { seededReview } from './support/meeting';
import { guestsHere } from './support/guests';
import { eventually } from './support/poll';
import { furnishedReview, openView, VIEW_NAMES, type ViewName } from './support/views';

/** The controls a person following on a phone needs on each view (besides the header's). */
const KEY_CONTROLS: Record<ViewName, (page: Page) => Locator[]> = {
  Objectives: (page) => [
    page.getByRole('button', { name: 'Add intent' }),
    page.getByRole('textbox', { name: 'Milestone title' }),
    page.getByLabel('Owner of Usage export API'),
    page.getByRole('combobox', { name: 'Status of Usage export API' }),
    page.getByLabel('Due date of Usage export API'),
    page.getByTestId('inspector').getByRole('button', { name: 'Archive' }),
  ],
  // A table read row by row is a card per row on a phone: every cell of a row, its last too.
  KPIs: (page) => [
    page.getByRole('button', { name: 'New KPI' }),
    ...cellsOf(page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }), 7),
    page.getByRole('heading', { name: 'Net revenue retention' }),
  ],
  Dependencies: (page) => [
    page.getByRole('button', { name: 'Add dependency' }),
    page.getByRole('table', { name: 'Dependencies by team and state' }),
    page.getByRole('button', { name: 'Archive this dependency' }),
  ],
  Agenda: (page) => {
    const item = page.getByRole('article', { name: 'Hiring plan for Q1' });
    return [item.getByRole('heading'), item.getByLabel('New action'), item.getByRole('button', { name: 'Add action' }), page.getByRole('button', { name: 'Add topic' })];
  },
  Actions: (page) => [page.getByRole('checkbox', { name: 'Done: Draft the hiring plan' }), ...cellsOf(page.getByTestId('action-row').first(), 5)],
  History: (page) => [page.getByRole('button', { name: 'Take snapshot' }), page.getByTestId('snapshot').first()],
};

/** Whether the element's whole box is inside the window, and nothing covers its middle. */
function inView(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth && (onTop === el || el.contains(onTop));
  });
}

/**
 * The date fields shown on the page narrower than their whole date, each as "label (has/needs px)":
 * what a field needs is its width at its own size (max-content), which Chromium makes room for
 * the whole date at (its year included, placeholder or date).
 */
function cutDateFields(page: Page): Promise<string[]> {
  return page.locator('input[type="date"]').evaluateAll((fields) =>
    fields.flatMap((field) => {
      const has = field.getBoundingClientRect().width;
      if (has === 0) return [];
      const own = field.cloneNode() as HTMLInputElement;
      own.value = (field as HTMLInputElement).value;
      own.style.cssText = 'position: absolute; width: max-content; min-width: 0; max-width: none;';
      field.after(own);
      const needs = own.getBoundingClientRect().width;
      own.remove();
      return has < needs - 0.5 ? [`${field.getAttribute('aria-label')} (${Math.round(has)}/${Math.round(needs)} px)`] : [];
    }),
  );
}

/** Each of a table row's `count` cells (its header cell included), by their place in the row. */
function cellsOf(row: Locator, count: number): Locator[] {
  return Array.from({ length: count }, (_, i) => row.locator(`:scope > :nth-child(${i + 1})`));
}

describe('a phone following the review', () => {
  const env = useServerAndBrowser();

  it('[U10] every view, the share dialog and the present screen fit a 390×844 phone in review and in triage: no sideways scrolling, key controls in view', async () => {
    const { workspace, ids } = await furnishedReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.facilitator!, 'Ana on her phone', PHONE);
    // Many controls are looked for in turn: one missing should fail fast and say which.
    context.setDefaultTimeout(10_000);
    const header = [
      ...['Objectives', 'KPIs', 'Dependencies', 'Agenda', 'Actions', 'History'].map((name) => viewTab(page, name)),
      page.getByRole('button', { name: 'Share' }),
      page.getByRole('button', { name: 'Sign out' }),
    ];
    const present = await context.newPage();
    await present.goto(`${env.server.url}/w/${workspace.id}/present`);
    // A tab in the background draws no frames; each check looks at the tab in front.
    await page.bringToFront();
    for (const state of ['review', 'triage']) {
      if (state === 'triage') {
        // Active triage, run from the phone: the meeting starts and the red item is discussed.
        await postReading(env.server.url, workspace, ids.nrr, 80);
        await openView(page, 'Agenda');
        await page.getByRole('button', { name: 'Start meeting' }).tap();
        await page.getByTestId('triage-item').first().getByRole('button', { name: 'Discuss now' }).tap();
        await page.getByTestId('triage-item').first().getByTestId('timer').waitFor();
      }
      for (const view of VIEW_NAMES) {
        await openView(page, view);
        const where = `${view} in ${state}`;
        await expectNoSidewaysScroll(page, where);
        await expectWithinWidth(page, where, [...header, ...KEY_CONTROLS[view](page)]);
      }
      await page.getByRole('button', { name: 'Share' }).click();
      const dialog = page.getByRole('dialog', { name: 'Share this review' });
      await expectWithinWidth(page, `the share dialog in ${state}`, [
        dialog.getByRole('button', { name: 'Close' }),
        dialog.getByLabel('Name', { exact: true }),
        dialog.getByRole('button', { name: 'Invite' }),
      ]);
      await expectNoSidewaysScroll(page, `the share dialog in ${state}`);
      await dialog.getByRole('button', { name: 'Close' }).click();

      await present.bringToFront();
      const heading = state === 'triage' ? present.getByTestId('present-item').getByRole('heading', { level: 2 }) : present.getByTestId('workspace-title');
      await heading.waitFor();
      await expectNoSidewaysScroll(present, `the present screen in ${state}`);
      await expectWithinWidth(present, `the present screen in ${state}`, [present.getByTestId('workspace-title'), heading]);
      await page.bringToFront();
    }
    await context.close();
  });

  it('[U31] on a phone, selecting a row shows its details in view, over the lower half, with the row kept above them; they fold to their title', async () => {
    // A tree longer than the screen: twenty more intents after the seeded branch.
    const { workspace } = await seededReview(env, (doc) => {
      for (let i = 1; i <= 20; i++) unwrap(addNode(doc, { kind: 'intent', title: `Step ${i}`, parent: null }));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.facilitator!, 'Ana on her phone', PHONE);
    const height = page.viewportSize()!.height;
    const inspector = page.getByTestId('inspector');
    const titleOf = (name: string) =>
      page.getByTestId('tree-row').filter({ has: page.getByLabel(`Owner of ${name}`, { exact: true }) }).getByRole('textbox', { name: / title$/ });

    for (const title of ['Step 20', 'Step 3', 'Usage export API']) {
      await titleOf(title).tap();
      await eventually(() => inspector.getByRole('heading', { level: 3 }).textContent()).toBe(title);
      expect(await inView(inspector.getByRole('heading', { level: 3 })), `the details of ${title}`).toBe(true);
      expect((await inspector.boundingBox())!.y, `the details of ${title} start on screen`).toBeLessThan(height);
      // Kept above the details: scrolled there in the frame after the selection.
      await eventually(() => inView(titleOf(title))).toBe(true);
      // What the panel holds is reached by scrolling the panel, not the long tree.
      await inspector.getByRole('button', { name: 'Archive' }).scrollIntoViewIfNeeded();
      expect(await inView(inspector.getByRole('button', { name: 'Archive' })), `Archive in the details of ${title}`).toBe(true);
    }

    // Folded, only its title and the button stay; the next selection opens it again.
    await inspector.getByRole('button', { name: 'Hide details' }).tap();
    expect(await inspector.getByRole('button', { name: 'Show details' }).getAttribute('aria-expanded')).toBe('false');
    expect(await inspector.getByLabel('Team').isVisible()).toBe(false);
    expect((await inspector.boundingBox())!.height).toBeLessThan(80);
    await titleOf('Step 2').tap();
    await eventually(() => inspector.getByLabel('Team').isVisible()).toBe(true);
    expect(await inView(inspector.getByRole('heading', { level: 3 }))).toBe(true);
    await expectNoSidewaysScroll(page, 'the details of Step 2');
    await context.close();
  });

  it('[U10][A2] on a phone a member\'s row in the share dialog has its buttons in reach; removing the person just invited takes their link\'s notice away', async () => {
    const { workspace } = await seededReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.facilitator!, 'Ana on her phone', PHONE);
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share this review' });
    await dialog.getByLabel('Name', { exact: true }).fill('Omar Ortiz');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    const notice = dialog.getByTestId('personal-link');
    await eventually(() => notice.textContent()).toContain('Omar Ortiz is invited.');
    const row = dialog.getByTestId('member-row').filter({ hasText: 'Omar Ortiz' });
    await expectWithinWidth(page, 'the members table', [row.getByRole('button', { name: 'New link for Omar Ortiz' }), row.getByRole('button', { name: 'Remove Omar Ortiz' })]);
    await row.getByRole('button', { name: 'Remove Omar Ortiz' }).click();
    await dialog.getByRole('button', { name: 'Yes, remove Omar Ortiz' }).click();
    await eventually(() => row.count()).toBe(0);
    expect(await notice.count(), 'the removed person\'s link is no longer offered').toBe(0);
    await context.close();
  });

  it('[U31] on a phone, a row\'s owner, status or due date tapped opens its details folded, the field in view above them', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      for (let i = 1; i <= 12; i++) unwrap(addNode(doc, { kind: 'intent', title: `Step ${i}`, parent: null }));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana on her phone', PHONE);
    await viewTab(page, 'Objectives').click();
    const inspector = page.getByTestId('inspector');
    for (const field of [page.getByLabel('Owner of Step 9', { exact: true }), page.getByRole('combobox', { name: 'Status of Step 11' }), page.getByLabel('Due date of Step 7', { exact: true }), page.getByLabel('Owner of Step 3', { exact: true })]) {
      await field.tap();
      await eventually(() => inspector.getByRole('button', { name: 'Show details' }).getAttribute('aria-expanded')).toBe('false');
      await eventually(() => inView(field)).toBe(true);
    }
    // Another row's title still opens them whole; an inline field of that same row leaves them open.
    await page.getByTestId('tree-row').filter({ has: page.getByLabel('Owner of Step 5', { exact: true }) }).getByTestId('node-title').tap();
    await eventually(() => inspector.getByLabel('Team').isVisible()).toBe(true);
    await page.getByLabel('Owner of Step 5', { exact: true }).tap();
    expect(await inspector.getByLabel('Team').isVisible(), 'details open before stay open').toBe(true);
    await context.close();
  });

  it('[U76] on a phone every control of the tree\'s rows, a selected row\'s kind menu and a branch\'s fold button included, is a target of at least 24 × 24 px', async () => {
    const { workspace } = await seededReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana on her phone', PHONE);
    await viewTab(page, 'Objectives').click();
    // A selected row shows its kind as a menu.
    await page.getByRole('textbox', { name: 'Milestone title' }).tap();
    await page.getByTestId('tree-row').locator('select.kind-menu').first().waitFor();
    expect(await smallTargets(page.getByTestId('tree-row'))).toEqual([]);
    await expectNoSidewaysScroll(page, 'the tree with a row selected');
    await context.close();
  });

  it('[U76] on a phone every control of every view, and of the pivot banner, is a target of at least 24 × 24 px', async () => {
    const { workspace, ids } = await furnishedReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.facilitator!, 'Ana on her phone', PHONE);
    await postReading(env.server.url, workspace, ids.nrr, 80);
    await page.getByTestId('pivot-banner').waitFor();
    const small: string[] = [];
    for (const name of VIEW_NAMES) {
      const view = await openView(page, name);
      small.push(...(await smallTargets(view, `${name}: `)), ...(await smallTargets(page.getByTestId('pivot-banner'), `${name}: `)));
    }
    expect(small).toEqual([]);
    await context.close();
  });

  it('[U51] on a phone, where no keyboard has Tab, a tree is built by taps: the details make a new item after or under the selected one and move it in, out, up and down', async () => {
    const workspace = await createWorkspace(env.server.url, 'Built on a phone');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    // The e2e files share one process: a client left behind by a failure would reconnect for ever.
    onTestFinished(() => colleague.destroy());
    /** The tree as a colleague's stock client holds it: each node as "kind title", children indented. */
    const outline = () => {
      const view = readWorkspaceView(colleague.doc);
      const tree = readTree(view);
      const lines: string[] = [];
      const walk = (ids: readonly string[], depth: number) => {
        for (const id of ids) {
          const node = view.nodes.get(id)!;
          lines.push(`${'  '.repeat(depth)}${node.kind} ${node.title}`);
          walk(tree.children.get(id) ?? [], depth + 1);
        }
      };
      walk(tree.roots, 0);
      return lines;
    };
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana on her phone', PHONE);
    await viewTab(page, 'Objectives').click();
    const details = page.getByTestId('inspector');
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    await page.getByRole('button', { name: 'Add intent' }).tap();
    await eventually(focusedLabel).toBe('Intent title');
    await page.keyboard.type('Win the mid-market');
    await details.getByRole('button', { name: 'New objective under it' }).tap();
    // The new item's title takes the caret, as after Enter or Tab.
    await eventually(focusedLabel).toBe('Objective title');
    await page.keyboard.type('Grow ACV');
    await details.getByRole('button', { name: 'New objective after it' }).tap();
    await eventually(focusedLabel).toBe('Objective title');
    await page.keyboard.type('Keep churn low');
    await eventually(outline).toEqual(['intent Win the mid-market', '  objective Grow ACV', '  objective Keep churn low']);
    // Moved in, it goes under the item above it and takes the kind that fits there.
    await details.getByRole('button', { name: 'Move in' }).tap();
    await eventually(outline).toEqual(['intent Win the mid-market', '  objective Grow ACV', '    keyResult Keep churn low']);
    await details.getByRole('button', { name: 'Move out' }).tap();
    await eventually(outline).toEqual(['intent Win the mid-market', '  objective Grow ACV', '  objective Keep churn low']);
    await details.getByRole('button', { name: 'Move up' }).tap();
    await eventually(outline).toEqual(['intent Win the mid-market', '  objective Keep churn low', '  objective Grow ACV']);
    // The first of its siblings has nothing above it to go under or past: marked so, the button
    // keeps focus (a disabled one would drop it), and those taps change nothing.
    expect(await details.getByRole('button', { name: 'Move up' }).getAttribute('aria-disabled')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Move up');
    // Forced: Playwright will not tap what is marked unavailable, and a person can.
    await details.getByRole('button', { name: 'Move in' }).tap({ force: true });
    await details.getByRole('button', { name: 'Move up' }).tap({ force: true });
    await details.getByRole('button', { name: 'Move down' }).tap();
    await eventually(outline).toEqual(['intent Win the mid-market', '  objective Grow ACV', '  objective Keep churn low']);
    await expectNoSidewaysScroll(page, 'the tree with its details');
    // Every row's status has room for its longest words beside the select's arrow, at any depth.
    const cramped = await page.locator('.tree-row select.status').evaluateAll((selects) =>
      selects.filter((select) => {
        const style = getComputedStyle(select);
        const pen = document.createElement('canvas').getContext('2d')!;
        pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const arrow = 20;
        return pen.measureText('Not started').width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + arrow > select.clientWidth;
      }).length,
    );
    expect(cramped, 'status selects too narrow for "Not started"').toBe(0);
    await context.close();
  });

  it('[U31] on a phone, a KPI tapped in the table, low on the screen or not, shown already or not, brings its chart and reading form into view; coming back to the view does not; following the facilitator to another view opens it at its top', async () => {
    // A table longer than the screen, so every KPI's detail starts below it; an agenda longer than
    // the screen too, so a view switched to could open scrolled.
    const { workspace } = await seededReview(env, (doc) => {
      for (let i = 1; i <= 6; i++) unwrap(createKpi(doc, { name: `Region ${i} bookings`, unit: 'kUSD', direction: 'increase', target: 100 * i }));
      for (let i = 1; i <= 8; i++) unwrap(createAgendaItem(doc, { title: `Regional update ${i}` }));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana on her phone', PHONE);
    await openView(page, 'KPIs');
    const detail = page.locator('.kpi-detail');
    // The last is tapped again, already shown: the detail comes back into view all the same.
    for (const name of ['Region 5 bookings', 'Net revenue retention', 'Region 2 bookings', 'Region 2 bookings']) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByTestId('kpi-row').getByRole('button', { name, exact: true }).tap();
      await eventually(() => detail.getByRole('heading', { level: 2 }).textContent()).toBe(name);
      await eventually(() => inView(detail.getByRole('heading', { level: 2 }))).toBe(true);
    }
    // Following a facilitator who has a KPI open, the phone opens on its detail.
    const lead = await signedIn(env.browser, workspace.links.facilitator!, 'Fay Lead', DESKTOP);
    await viewTab(lead.page, 'KPIs').click();
    await lead.page.getByTestId('kpi-row').getByRole('button', { name: 'Region 5 bookings', exact: true }).click();
    await viewTab(page, 'Objectives').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Follow facilitator' }).tap();
    await eventually(() => detail.getByRole('heading', { level: 2 }).textContent()).toBe('Region 5 bookings');
    await eventually(() => inView(detail.getByRole('heading', { level: 2 }))).toBe(true);
    // The facilitator moves on to the Agenda: the phone follows to its top, header and all, not to
    // where the KPI's detail had scrolled it.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await viewTab(lead.page, 'Agenda').click();
    await eventually(() => viewTab(page, 'Agenda').getAttribute('aria-current')).toBe('page');
    await eventually(() => page.evaluate(() => window.scrollY)).toBe(0);
    await lead.context.close();
    // Back from another view, the page opens on the table, not past it.
    await viewTab(page, 'History').click();
    await eventually(() => viewTab(page, 'History').getAttribute('aria-current')).toBe('page');
    await page.evaluate(() => window.scrollTo(0, 0));
    await viewTab(page, 'KPIs').click();
    await page.getByTestId('kpi-row').first().waitFor();
    // Two frames: when the scroll would have come.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await inView(page.getByRole('heading', { name: 'KPIs', level: 2 })), 'the KPIs heading on coming back').toBe(true);
    await context.close();
  });

  it('[U90][U10] on a phone an agenda card’s title keeps its words whole beside its Rename button and chips; its archive’s notice is as wide as the phone', async () => {
    const title = 'Warehouse cut-over → Self-serve usage analytics';
    const { workspace } = await seededReview(env, (doc) => {
      const id = unwrap(createAgendaItem(doc, { title, timeboxMin: 10, standing: true }));
      unwrap(decideItem(doc, id, null, { by: 'Ana Diaz', now: new Date() }));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor', PHONE);
    await viewTab(page, 'Agenda').click();
    const heading = page.getByRole('article', { name: title }).getByRole('heading', { name: title });
    // Each word's boxes: a word broken across lines has one per line it is on (after a hyphen is a break, not a cut).
    const broken = await heading.evaluate((el) => {
      const text = el.firstChild!;
      const words = [...text.textContent!.matchAll(/[^\s-]+/g)];
      return words.filter((word) => {
        const range = document.createRange();
        range.setStart(text, word.index!);
        range.setEnd(text, word.index! + word[0].length);
        return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size > 1;
      }).map((word) => word[0]);
    });
    expect(broken, 'words broken across lines').toEqual([]);

    // Its archive's notice takes the phone's width less its margins, as its words need (U10);
    // centred by half the window, it was as narrow as that half, four lines over the agenda.
    await page.getByRole('button', { name: `Archive ${title}` }).tap();
    const notice = page.locator('.notice').filter({ hasText: 'Archived' });
    await notice.waitFor();
    expect(await notice.evaluate((el) => [Math.round(el.getBoundingClientRect().left), Math.round(el.getBoundingClientRect().right)])).toEqual([12, 390 - 12]);
    await context.close();
  });

  it('[U100] on a phone a date field is as wide as its whole date, in the tree’s rows at every depth and in every view: no year is cut', async () => {
    const { workspace } = await furnishedReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz', PHONE);
    for (const view of ['Objectives', 'KPIs', 'Dependencies', 'Agenda'] as const) {
      await openView(page, view);
      expect(await cutDateFields(page), `date fields cut on ${view}`).toEqual([]);
    }
    await openView(page, 'Objectives');
    // Every row's, down to the milestone four levels deep, whose date is set.
    expect(await page.getByLabel(/^Due date of /).count()).toBe(5);
    expect(await page.getByLabel('Due date of Usage export API').inputValue()).not.toBe('');
    await expectNoSidewaysScroll(page, 'the tree on a phone');
    await saveScreenshot(page, 'phone-tree-dates');
    await context.close();
  });

  it('[U12] on a phone a node title or owner longer than its field ends in an ellipsis, not cut mid-word', async () => {
    const title = 'Build a durable, efficient growth engine for every region';
    const owner = 'Maximilian Lindqvist-Okafor';
    const { workspace } = await seededReview(env, (doc) => void unwrap(addNode(doc, { kind: 'intent', title, parent: null, owner })));
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz', PHONE);
    await viewTab(page, 'Objectives').click();
    const ownerField = page.getByLabel(`Owner of ${title}`, { exact: true });
    const titleField = page.getByTestId('tree-row').filter({ has: ownerField }).getByTestId('node-title');
    for (const field of [titleField, ownerField]) {
      const shown = await field.evaluate((el) => ({ cut: el.scrollWidth > el.clientWidth, ellipsis: getComputedStyle(el).textOverflow === 'ellipsis' }));
      expect(shown, `${field}`).toEqual({ cut: true, ellipsis: true });
    }
    await context.close();
  });

  it('[U12] a long team tag ends in an ellipsis, its title and text whole, on a phone and a laptop, with the details panel or without; no tag is cut at the edge', async () => {
    const team = 'Customer Success and Renewals Operations EMEA';
    const { workspace } = await seededReview(env, (doc) => void unwrap(addNode(doc, { kind: 'intent', title: 'Keep every customer', parent: null, team })));
    for (const [screen, size] of [['phone', PHONE], ['laptop', DESKTOP]] as const) {
      const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz', size);
      await viewTab(page, 'Objectives').click();
      const rows = page.getByTestId('tree-row');
      const tag = page.getByTitle(`Team: ${team}`);
      for (const panel of ['without', 'with']) {
        if (panel === 'with') {
          await rows.filter({ has: tag }).getByTestId('node-title').click();
          await page.getByTestId('inspector').waitFor();
        }
        const where = `on a ${screen} ${panel} the details panel`;
        // Cut short for the eye only: a screen reader reads the team whole.
        expect(await tag.textContent(), where).toBe(team);
        const shown = await tag.evaluate((el) => ({
          cut: el.scrollWidth > el.clientWidth,
          ellipsis: getComputedStyle(el).textOverflow === 'ellipsis' && getComputedStyle(el).overflowX === 'hidden',
        }));
        expect(shown, where).toEqual({ cut: true, ellipsis: true });
        for (let i = 0; i < (await rows.count()); i++) expect(await cutTags(rows.nth(i)), `tags of row ${i} ${where} cut at the edge`).toEqual([]);
        await expectNoSidewaysScroll(page, where);
        expect(await page.locator('.tree-panel').evaluate((el) => el.scrollWidth - el.clientWidth), `the tree ${where} scrolls sideways`).toBe(0);
      }
      await context.close();
    }
  });

  it('[U10][A12] the workspaces page, an access page and the name prompt fit a 390×844 phone; a workspace just created says which it is', async () => {
    const { workspace } = await furnishedReview(env);
    const { page, context } = await newParticipant(env.browser, 'Admin on a phone', PHONE);
    await page.goto(`${env.server.url}/#admin=${ADMIN_TOKEN}`);
    // Every test here made a workspace of that name; one's links are enough.
    await page.getByText('Links of Q4 operating review').first().click();
    await expectNoSidewaysScroll(page, 'the workspaces page');
    await expectWithinWidth(page, 'the workspaces page', [
      page.getByRole('button', { name: 'Create workspace' }),
      page.getByRole('textbox', { name: 'Editor link of Q4 operating review' }).first(),
    ]);
    // A workspace just created says which it is, its links named as the list names them.
    await page.getByLabel('New workspace title').fill('Q1 operating review');
    // A real review starts blank; sample data is there to ask for.
    expect(await page.getByLabel('Template').inputValue()).toBe('blank');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'is created' }).textContent()).toContain('“Q1 operating review” is created.');
    await expectWithinWidth(page, 'the workspace just created', [page.getByRole('textbox', { name: 'Facilitator link of Q1 operating review' }).last()]);
    await page.goto(`${env.server.url}/w/${workspace.id}#token=${'forged'.repeat(8)}`);
    await page.getByTestId('access-page').waitFor();
    await expectNoSidewaysScroll(page, 'the access page');
    await page.goto(workspace.links.viewer!);
    await expectWithinWidth(page, 'the name prompt', [page.getByLabel('Your name, as the room will see it'), page.getByRole('button', { name: 'Join the review' })]);
    await expectNoSidewaysScroll(page, 'the name prompt');
    await context.close();
  });

  it('[U11] on a phone the pivot banner keeps to one line, and "Why?" shows the whole reason and its buttons', async () => {
    const { workspace, ids } = await furnishedReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.facilitator!, 'Ana on her phone', PHONE);
    await postReading(env.server.url, workspace, ids.nrr, 80);
    const banner = page.getByTestId('pivot-banner');
    const reason = banner.getByTestId('pivot-reason');
    const why = banner.getByRole('button', { name: 'Why?' });
    await eventually(() => reason.textContent()).toContain('In triage because Net revenue retention');
    const lineHeight = await reason.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || el.getBoundingClientRect().height);
    // One line: the reason is cut short on a single line, the banner no taller than its button row.
    expect((await reason.boundingBox())!.height).toBeLessThanOrEqual(lineHeight * 1.5);
    expect((await banner.boundingBox())!.height).toBeLessThanOrEqual(48);
    expect(await reason.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await why.getAttribute('aria-expanded')).toBe('false');
    expect(await banner.getByRole('button', { name: 'Open triage' }).isVisible()).toBe(false);

    await why.tap();
    expect(await why.getAttribute('aria-expanded')).toBe('true');
    // The whole reason shows, wrapped, and the buttons are there to tap.
    expect(await reason.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect((await reason.boundingBox())!.height).toBeGreaterThan(lineHeight * 1.5);
    await expectWithinWidth(page, 'the opened banner', [reason, banner.getByRole('button', { name: 'Open triage' }), banner.getByRole('button', { name: 'Back to review' })]);
    await expectNoSidewaysScroll(page, 'the opened banner');
    await why.tap();
    expect(await why.getAttribute('aria-expanded')).toBe('false');
    await context.close();

    // A laptop has room for everything: no "Why?", the whole reason and the buttons.
    const laptop = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz', DESKTOP);
    const wide = laptop.page.getByTestId('pivot-banner');
    await eventually(() => wide.getByTestId('pivot-reason').textContent()).toContain('In triage because Net revenue retention');
    expect(await wide.getByRole('button', { name: 'Why?' }).isVisible()).toBe(false);
    expect(await wide.getByRole('button', { name: 'Back to review' }).isVisible()).toBe(true);
    expect(await wide.getByTestId('pivot-reason').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await laptop.context.close();
  });

  it('[U40] on a phone the people here are shown side by side, wrapping: no name tag covers another', async () => {
    const { workspace } = await seededReview(env);
    await guestsHere(env, workspace, ['Ana Diaz', 'Ben Okafor', 'Cy Lee', 'Dee Park', 'Eve Stone']);
    const phone = await signedIn(env.browser, workspace.links.editor!, 'Hana Ito', PHONE);
    const avatars = phone.page.getByTestId('presence').getByTestId('avatar');
    await eventually(() => avatars.count()).toBe(6);
    const boxes = await presenceShapes(phone.page);
    expect(boxes.filter((box) => box.name.endsWith('guest tag'))).toHaveLength(6);
    for (const [i, a] of boxes.entries()) {
      expect(a.right, `${a.name} inside the screen`).toBeLessThanOrEqual(390);
      for (const b of boxes.slice(i + 1)) {
        if (a.name.split(' ')[0] !== b.name.split(' ')[0]) expect(overlap(a, b), `${a.name} and ${b.name} overlap`).toBe(false);
      }
    }
    await expectNoSidewaysScroll(phone.page, 'the header with six people here');
    await saveScreenshot(phone.page, 'phone-presence');
    await phone.context.close();
  });
});
