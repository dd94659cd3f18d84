import type { Locator, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addAction } from '../../shared/schema/agenda-actions';
import { createAgendaItem, setDecision } from '../../shared/schema/agenda-accessors';
import { createKpi, updateKpi } from '../../shared/schema/kpi-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { kpisMap } from '../../shared/schema/root-types';
import { postReading, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { seededReview, startMeeting } from './support/meeting';
import { eventually } from './support/poll';

const LONG = 'Agree which of the five launch partners sign the referral agreement first and who chases the other two before the board pack goes out';

/** An item the room has written a great deal on: a long title and decision, twelve long actions, four more topics and ten more KPIs. */
function crowdedReview(doc: Y.Doc): void {
  const item = unwrap(createAgendaItem(doc, { title: `Partner referral programme: ${LONG}`, timeboxMin: 5 }));
  unwrap(setDecision(doc, item, `Keep the programme. ${LONG}. ${LONG}.`));
  for (let i = 1; i <= 12; i++) unwrap(addAction(doc, item, { text: `Action ${i}: ${LONG} ${LONG}`, owner: 'Lena Fischer' }));
  for (let i = 1; i <= 4; i++) unwrap(createAgendaItem(doc, { title: `Topic ${i}: ${LONG}`, timeboxMin: 10 }));
  for (let i = 1; i <= 10; i++) unwrap(createKpi(doc, { name: `Support cost per ticket across every tier and region ${i}`, unit: 'USD', direction: 'decrease', baseline: 10, target: 8 }));
}

/** Whether a locator's box lies wholly inside the page's window. */
async function inWindow(page: Page, locator: Locator): Promise<boolean> {
  const box = (await locator.boundingBox())!;
  const size = page.viewportSize()!;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

describe('the shared screen', () => {
  const env = useServerAndBrowser();

  it('[T2][U63] lists up next in the Agenda\'s order, by dots once they are revealed, with each item\'s dots', async () => {
    const { workspace, ana, ben } = await startMeeting(env);
    const screen = await ana.context.newPage();
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await ana.page.bringToFront();
    await viewTab(ana.page, 'Agenda').click();
    for (const title of ['Hiring plan for Q1', 'Pricing review', 'Office move']) {
      await ana.page.getByLabel('New agenda item').fill(title);
      await ana.page.getByRole('button', { name: 'Add topic' }).click();
    }
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    const upNext = screen.getByRole('complementary', { name: 'Up next' }).getByRole('listitem');
    await eventually(() => upNext.allTextContents()).toEqual(['Hiring plan for Q1', 'Pricing review', 'Office move']);

    // Ben puts two dots on the office move and one on pricing; hidden, they change nothing yet.
    await viewTab(ben.page, 'Agenda').click();
    const addDot = (title: string) => ben.page.getByRole('article', { name: title }).getByRole('button', { name: /Add a dot/ }).click();
    await addDot('Office move');
    await addDot('Office move');
    await addDot('Pricing review');
    await eventually(() => ben.page.getByText('You have 0 of 3 dots left.', { exact: false }).count()).toBe(1);
    // Then a change the screen shows, a topic renamed: Ben's screen sends in order, so once the
    // screen shows the new title, his dots have reached it too.
    await ben.page.getByRole('article', { name: 'Hiring plan for Q1' }).getByRole('button', { name: 'Rename Hiring plan for Q1' }).click();
    await ben.page.keyboard.press('End');
    await ben.page.keyboard.type(' and Q2');
    await ben.page.keyboard.press('Enter');
    await eventually(() => upNext.allTextContents()).toEqual(['Hiring plan for Q1 and Q2', 'Pricing review', 'Office move']);

    await ana.page.getByRole('button', { name: 'Reveal votes' }).click();
    await eventually(() => upNext.allTextContents()).toEqual(['Office move · 2 dots', 'Pricing review · 1 dot', 'Hiring plan for Q1 and Q2 · 0 dots']);
    // The laptops list the same order.
    const laptop = ben.page.getByRole('region', { name: 'Review agenda' }).getByRole('article');
    await eventually(() => laptop.evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label')))).toEqual(['Office move', 'Pricing review', 'Hiring plan for Q1 and Q2']);
    await ana.context.close();
    await ben.context.close();
  });

  it('[U62] fits a projector\'s window without scrolling, the title, timer and decision in view, however much the room has written', async () => {
    const { workspace, ids } = await seededReview(env, crowdedReview);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const screen = await ana.context.newPage();
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await ana.page.bringToFront();
    // A red reading pivots the room: the banner takes its lines too.
    await postReading(env.server.url, workspace, ids.nrr, 80);
    await viewTab(ana.page, 'Agenda').click();
    await ana.page.getByRole('button', { name: 'Start meeting' }).click();
    await ana.page.getByRole('article', { name: /^Partner referral programme/ }).getByRole('button', { name: 'Discuss now' }).click();
    const item = screen.getByTestId('present-item');
    await eventually(() => item.getByTestId('timer').count()).toBe(1);
    await eventually(() => screen.getByTestId('pivot-banner').count()).toBe(1);

    for (const [width, height] of [[1280, 800], [1920, 1080], [1024, 768]] as const) {
      await screen.setViewportSize({ width, height });
      const at = `at ${width}×${height}`;
      const scrolls = await screen.evaluate(() => document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth);
      expect(scrolls, `the document scrolls ${at}`).toBe(false);
      for (const [what, part] of [
        ['title', item.getByRole('heading', { level: 2 })],
        ['timer', item.getByTestId('timer')],
        ['decision', item.locator('.present-decision')],
        ['count of earlier actions', item.getByTestId('more-actions')],
        ['up next', screen.getByRole('complementary', { name: 'Up next' })],
        ['KPI strip', screen.getByRole('contentinfo', { name: 'KPIs' })],
      ] as const) {
        expect(await inWindow(screen, part), `the ${what} is in the window ${at}`).toBe(true);
      }
      // Read from the back of the room: the timer shrinks with the window, never to laptop type.
      const timerSize = await item.getByTestId('timer').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(timerSize, `the timer's size ${at}`).toBeGreaterThanOrEqual(44);
      await screen.bringToFront();
      await saveScreenshot(screen, `present-crowded-${width}x${height}`);
      await ana.page.bringToFront();
    }
    expect(await item.getByTestId('more-actions').textContent()).toBe('+9 more, agreed earlier');
    expect(await screen.getByRole('contentinfo', { name: 'KPIs' }).textContent()).toContain('+5 more');

    // A triage item's findings and their figures give up height before the timer does.
    await ana.page.getByRole('article', { name: 'Net revenue retention' }).getByRole('button', { name: 'Discuss now' }).click();
    await eventually(() => item.getByRole('heading', { level: 2 }).textContent()).toBe('Net revenue retention');
    await eventually(() => item.getByTestId('finding').count()).toBeGreaterThan(0);
    expect(await inWindow(screen, item.getByTestId('timer')), 'the timer of a triage item is in the window at 1024×768').toBe(true);
    await screen.bringToFront();
    await saveScreenshot(screen, 'present-triage-1024x768');
    await ana.context.close();
  });

  it('[U62] the banner stops at its second line: nothing of a third shows in its padding', async () => {
    // The seeded review's one KPI, named at length: the reason it goes red in runs past two lines.
    const { workspace, ids } = await seededReview(env, (doc) => {
      for (const id of kpisMap(doc).keys()) unwrap(updateKpi(doc, id, { name: `Net revenue retention: ${LONG}` }));
    });
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const screen = await ana.context.newPage();
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await postReading(env.server.url, workspace, ids.nrr, 80);
    const banner = screen.getByTestId('pivot-banner');
    await banner.waitFor();
    const lines = await banner.evaluate((el) => {
      // What shows of the banner: its box, cut by every box in it that clips.
      let bottom = Infinity;
      for (const box of [el, ...el.querySelectorAll('*')]) if (getComputedStyle(box).overflow !== 'visible') bottom = Math.min(bottom, box.getBoundingClientRect().bottom);
      const range = document.createRange();
      range.selectNodeContents(el);
      const boxes = [...range.getClientRects()];
      return { all: new Set(boxes.map((line) => Math.round(line.top))).size, cut: boxes.filter((line) => line.top < bottom - 0.5 && line.bottom > bottom + 0.5).length };
    });
    expect(lines.all, 'lines of the reason').toBeGreaterThan(2);
    expect(lines.cut, 'lines cut across by the banner\'s edge').toBe(0);
    await ana.context.close();
  });

  it('[U62] a KPI strip short of room cuts the long names, each to a like share, and keeps the short ones whole', async () => {
    // The demo's six KPIs, the seeded one among them: their names, whole, want more than a
    // 1280 px projector's line.
    const { workspace } = await seededReview(env, (doc) => {
      for (const name of ['Cloud cost saving', 'API uptime', 'Support cost per ticket', 'NPS', 'Trial-to-paid conversion']) {
        unwrap(createKpi(doc, { name, unit: '%', direction: 'increase', target: 10 }));
      }
    });
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const screen = await ana.context.newPage();
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    const strip = screen.getByRole('contentinfo', { name: 'KPIs' });
    await eventually(() => strip.locator('.present-kpi-name').count()).toBe(6);
    const names = await strip.locator('.present-kpi-name').evaluateAll((spans) =>
      Object.fromEntries(spans.map((span) => [span.textContent, { cut: span.scrollWidth > span.clientWidth, width: span.clientWidth }])),
    );
    expect(Object.values(names).some((name) => name.cut), 'a name the line has no room for').toBe(true);
    // Before, every name gave up its share of the lack, so "API uptime" read "API upt…" and "NPS"
    // lost a letter while long names kept most of theirs.
    expect(names['API uptime']!.cut, '"API uptime" cut').toBe(false);
    expect(names['NPS']!.cut, '"NPS" cut').toBe(false);
    const cut = Object.values(names).filter((name) => name.cut).map((name) => name.width);
    expect(Math.max(...cut) - Math.min(...cut), 'the widths of the names cut').toBeLessThanOrEqual(1);
    expect(await inWindow(screen, strip), 'the strip is in the window').toBe(true);
    await saveScreenshot(screen, 'present-kpi-strip-1280x800');
    await ana.context.close();
  });
});
