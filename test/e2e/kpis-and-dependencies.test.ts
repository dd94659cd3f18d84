import { describe, expect, it, onTestFinished } from 'vitest';
import { connectSynced } from '../integration/support/clients';
import { depsMap } from '../../shared/schema/root-types';
import { readMode } from '../../shared/schema/workspace';
import { unnamedControls } from './support/accessibility';
import { eventually } from './support/poll';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { postReading, viewTab } from './support/agenda';
import { seededReview, startMeeting } from './support/meeting';
import { signedIn } from './support/join';
import { day, dayInWords } from './support/seed';
import { createDependency } from '../../shared/schema/dependency-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { showImpact } from '../../shared/schema/impact-highlight';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { addNode } from '../../shared/tree/tree-ops';

describe('KPIs and the dependency board', () => {
  const env = useServerAndBrowser();

  it('adds a reading and edits a threshold in the KPI view; both screens show the band change', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await person.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' }).click();

    const anaRow = ana.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' });
    await eventually(() => anaRow.getByTestId('health').textContent()).toBe('Green');
    // Ben clicked KPIs at the same time as Ana; his screen renders the chart once his own sync lands.
    await eventually(() => ben.page.getByTestId('kpi-chart').locator('canvas').count()).toBe(1);

    // 100 against a target of 110 is 9.1 % behind: amber at the default 5 %, red under 15 %.
    await ben.page.getByLabel('Reading value in %').fill('100');
    await ben.page.getByRole('button', { name: 'Add reading' }).click();
    await eventually(() => anaRow.locator('td').nth(1).textContent()).toBe('100 %');
    await eventually(() => anaRow.getByTestId('health').textContent()).toBe('Amber');

    // Tightening the red threshold to 8 % turns it red, which pivots the review.
    const red = ben.page.getByLabel('Red threshold percent');
    await red.fill('8');
    await red.press('Enter');
    await eventually(() => anaRow.getByTestId('health').textContent()).toBe('Red');
    await eventually(() => ana.page.getByTestId('pivot-banner').count()).toBe(1);
    expect(await unnamedControls(ana.page)).toEqual([]);
    await saveScreenshot(ana.page, 'kpi-view');

    // A new KPI starts with no data until its first reading.
    await ben.page.getByRole('button', { name: 'New KPI' }).click();
    await ben.page.getByLabel('KPI name').fill('Gross margin');
    await ben.page.getByLabel('Unit').fill('%');
    await ben.page.getByLabel('Target value').fill('78');
    await ben.page.getByRole('button', { name: 'Add KPI' }).click();
    const margin = ana.page.getByTestId('kpi-row').filter({ hasText: 'Gross margin' });
    await eventually(() => margin.count()).toBe(1);
    expect(await margin.locator('td').first().textContent()).toBe('No data');
    await ana.context.close();
    await ben.context.close();
  });

  it('[U29] changes a KPI’s direction in place: a range is asked for first and lands whole on every screen, and back needs nothing new', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await person.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' }).click();
    const direction = ana.page.getByRole('combobox', { name: 'Which way is good for this KPI' });
    const benSays = ben.page.getByRole('region', { name: 'KPI Net revenue retention' }).locator('.eyebrow');
    const benRow = ben.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' });
    await eventually(() => benSays.textContent()).toContain('Higher is better');

    // Keeping within a range needs its bounds: nothing changes until they are given.
    await direction.selectOption('maintain');
    const asked = ana.page.getByRole('form', { name: 'Change direction' });
    await asked.getByRole('button', { name: 'Cancel' }).click();
    expect(await asked.count()).toBe(0);
    expect(await direction.inputValue()).toBe('increase');
    await direction.selectOption('maintain');
    await asked.getByLabel('Lowest value in range').fill('95');
    await asked.getByLabel('Highest value in range').fill('120');
    expect(await benSays.textContent()).toContain('Higher is better');
    await asked.getByRole('button', { name: 'Change direction' }).click();
    await eventually(() => benSays.textContent()).toContain('Keep within range');
    expect(await benRow.locator('td').nth(2).textContent()).toBe('95–120 %');
    expect(await asked.count()).toBe(0);

    // The target it had is still there, so going back asks for nothing.
    await direction.selectOption('increase');
    await eventually(() => benSays.textContent()).toContain('Higher is better');
    await eventually(() => benRow.locator('td').nth(2).textContent()).toBe('110 %');
    await ana.context.close();
    await ben.context.close();
  });

  it('[C16] a reading of 105.5 reads 105.5 in the table and the readings list, and the list shows every decimal entered', async () => {
    const { workspace, ids } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    await viewTab(ana.page, 'KPIs').click();
    const latest = ana.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }).locator('td').nth(1);
    const list = ana.page.getByTestId('reading-list');
    await list.locator('summary').click();

    await postReading(env.server.url, workspace, ids.nrr, 105.5);
    await eventually(() => latest.textContent()).toBe('105.5 %');
    expect(await list.locator('[data-testid="reading-row"][data-status="counted"]').filter({ hasText: dayInWords(0) }).locator('strong').textContent()).toBe('105.5 %');

    // The table keeps six significant digits; the list, where corrections are checked, all of them.
    await postReading(env.server.url, workspace, ids.nrr, 103.14159);
    await eventually(() => latest.textContent()).toBe('103.142 %');
    expect(await list.locator('[data-testid="reading-row"][data-status="counted"]').filter({ hasText: dayInWords(0) }).locator('strong').textContent()).toBe('103.14159 %');
    await ana.context.close();
  });

  it('[A15] runs the dependency handshake in place (Lee owns the upstream milestone) and highlights a slipping dependency’s impact', async () => {
    const { workspace } = await seededReview(env);
    const lee = await signedIn(env.browser, workspace.links.editor!, 'Lee Park');
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    for (const person of [ana, lee]) await person.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Dependencies' }).click();

    const leeCard = lee.page.getByTestId('dep-card');
    const anaCard = ana.page.getByTestId('dep-card');
    await eventually(() => anaCard.locator('xpath=..').getAttribute('aria-label')).toBe('Platform, Requested');

    // Lee (upstream) can only make it after the need-by date: that is a proposal, not a commitment.
    await leeCard.getByLabel(/Commit date/).fill(day(35));
    await leeCard.getByRole('button', { name: 'Propose' }).click();
    await eventually(() => anaCard.getByRole('button', { name: `Accept ${dayInWords(35)}` }).count()).toBe(1);
    await anaCard.getByRole('button', { name: `Accept ${dayInWords(35)}` }).click();
    await eventually(() => leeCard.locator('xpath=..').getAttribute('aria-label')).toBe('Platform, Committed');

    // Committed past the need-by date, it slips; selecting it highlights its impact everywhere.
    await eventually(() => anaCard.getAttribute('data-severity')).not.toBeNull();
    await anaCard.getByRole('button', { name: /Usage export API/ }).click();
    await eventually(() => ana.page.getByTestId('impact-bar').count()).toBe(1);
    expect(await unnamedControls(ana.page)).toEqual([]);
    await saveScreenshot(ana.page, 'dependency-board');
    await ana.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Objectives' }).click();
    await eventually(() => ana.page.getByRole('treeitem', { name: 'Onboarding revamp' }).getAttribute('data-impact')).toBe('');
    expect(await ana.page.getByRole('treeitem', { name: 'Usage export API' }).getAttribute('data-impact')).toBeNull();

    // A new dependency is made by picking its two ends.
    await ana.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Dependencies' }).click();
    await ana.page.getByLabel('Upstream (delivers)').selectOption({ label: 'Win the mid-market (Objective, Sales)' });
    await ana.page.getByLabel('Downstream (needs it)').selectOption({ label: 'Retention at 110 % (Key result)' });
    await ana.page.getByLabel('Needed by').fill(day(60));
    await ana.page.getByRole('button', { name: 'Add dependency' }).click();
    await eventually(() => lee.page.getByTestId('swimlane').filter({ hasText: 'Sales' }).getByTestId('dep-card').count()).toBe(1);
    await lee.context.close();
    await ana.context.close();
  });

  it('[U56] a date typed digit by digit is stored once, as the field is left: never a half-typed year that pivots the room', async () => {
    const { workspace, ids } = await seededReview(env);
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.viewer);
    onTestFinished(() => colleague.destroy());
    const seen: unknown[] = [];
    depsMap(colleague.doc).observeDeep(() => seen.push(depsMap(colleague.doc).get(ids.dependency)!.get('needBy')));
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    await viewTab(page, 'Dependencies').click();
    const field = page.getByLabel(/^Need-by date of /).first();
    await field.click({ position: { x: 12, y: 10 } });
    // Month, day and year, as a keyboard enters them: 02, 01, then 2, 0, 2, 7.
    await page.keyboard.type('02012027', { delay: 40 });
    expect(seen, 'nothing stored while typing').toEqual([]);
    // Left by a click elsewhere on the page.
    await page.getByRole('heading', { level: 2 }).first().click();
    await eventually(() => seen).toEqual(['2027-02-01']);
    expect(readMode(colleague.doc)).toBe('review');
    expect(await page.locator('.notice').count()).toBe(0);
    await context.close();
  });

  it('[U2] a node with no title is "Untitled …" in every node picker and on the dependency board, never a blank', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      const untitled = unwrap(addNode(doc, { kind: 'objective', title: '', parent: null, owner: 'Dana' }));
      const milestone = [...readWorkspaceView(doc).nodes.values()].find((node) => node.title === 'Usage export API')!.id;
      unwrap(createDependency(doc, { from: milestone, to: untitled, needBy: day(30), owner: 'Ana' }));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(page, 'Dependencies').click();
    const card = page.getByRole('article', { name: 'Usage export API → Untitled objective' });
    await card.waitFor();
    expect(await card.locator('.dep-title').textContent()).toBe('Usage export API → Untitled objective');
    const upstream = page.getByRole('combobox', { name: 'Upstream (delivers)' });
    const options = await upstream.locator('option').allTextContents();
    expect(options).toContain('Untitled objective (Objective)');
    for (const option of options) expect(option.trim().startsWith('('), `option "${option}"`).toBe(false);
    await card.getByText('Change who delivers or needs it').click();
    expect(await card.getByLabel('Downstream of Usage export API → Untitled objective').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe(
      'Untitled objective (Objective)',
    );
    await context.close();
  });

  it('[U92] a dependency card’s title looks the same before the KPIs view is first opened and after', async () => {
    const { workspace } = await seededReview(env);
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    const look = async () => {
      await viewTab(page, 'Dependencies').click();
      return page
        .getByTestId('dep-card')
        .first()
        .locator('.dep-title')
        .evaluate((title) => {
          const style = getComputedStyle(title);
          return { border: style.borderTopStyle, background: style.backgroundColor, align: style.textAlign };
        });
    };
    const before = await look();
    // The KPIs view's code and stylesheet load the first time it opens.
    await viewTab(page, 'KPIs').click();
    await page.getByRole('heading', { name: 'Net revenue retention' }).waitFor();
    expect(before).toEqual(await look());
    await context.close();
  });

  it('[U92] a pressed dependency title (its chain highlighted) looks pressed, not bare, pointed at or not, and answers the pointer', async () => {
    // The dependency's impact shown to the room, as selecting it does when it slips (U8).
    const { workspace } = await seededReview(env, (doc) => {
      const dependency = [...depsMap(doc).keys()][0]!;
      unwrap(showImpact(doc, { subject: { type: 'dep', id: dependency }, label: 'Usage export API' }, { id: 'ana', name: 'Ana Diaz', role: 'facilitator' }, new Date()));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(page, 'Dependencies').click();
    const title = page.getByTestId('dep-card').first().locator('.dep-title');
    await eventually(() => title.getAttribute('aria-pressed')).toBe('true');
    const look = () =>
      title.evaluate((element) => {
        const style = getComputedStyle(element);
        return { background: style.backgroundColor, color: style.color };
      });
    // global.css: --accent-soft behind, --accent for the text.
    const pressed = { background: 'rgb(232, 237, 255)', color: 'rgb(59, 91, 219)' };
    expect(await look()).toEqual(pressed);
    const edge = () => title.evaluate((element) => getComputedStyle(element).boxShadow);
    expect(await edge()).toBe('none');
    // Pointed at, as a person about to press it again does: still pressed, underlined as a link,
    // its edge drawn in the accent to say the pointer is on it.
    await title.hover();
    expect(await look()).toEqual(pressed);
    expect(await title.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('underline');
    expect(await edge()).toBe('rgb(59, 91, 219) 0px 0px 0px 1px inset');
    await context.close();
  });
});
