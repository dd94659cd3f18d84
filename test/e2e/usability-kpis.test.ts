import type { Locator } from 'playwright-core';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createKpi } from '../../shared/schema/kpi-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { kpisMap } from '../../shared/schema/root-types';
import { appendReadings } from '../../shared/schema/readings';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn, type Participant } from './support/join';
import { seededReview, startMeeting } from './support/meeting';
import { expectNoSidewaysScroll, expectWithinWidth } from './support/layout';
import { eventually } from './support/poll';
import { day, dayInWords } from './support/seed';

/** Two more KPIs beside the seeded green one: 9 % behind its target (amber) and 20 % behind (red). */
function amberAndRed(doc: Y.Doc): void {
  for (const [name, latest] of [
    ['Cloud cost saving', 91],
    ['Self-serve signups', 80],
  ] as const) {
    const kpi = unwrap(createKpi(doc, { name, unit: 'kUSD', direction: 'increase', baseline: 0, target: 100, owner: 'Dana', cadenceDays: 7 }));
    unwrap(appendReadings(doc, kpi, [{ at: day(0), value: latest, source: 'seed' }], new Date()));
  }
}

const colour = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).color);

describe('the KPI view', () => {
  const env = useServerAndBrowser();

  it('[U34] the slip reads in its band’s colour: amber for an amber KPI, red for a red one, plain for a green one', async () => {
    const { workspace } = await seededReview(env, amberAndRed);
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(page, 'KPIs').click();
    const row = (name: string) => page.getByTestId('kpi-row').filter({ hasText: name });
    const slip = (name: string) => row(name).locator('td.num').nth(2);
    await eventually(() => row('Cloud cost saving').getByTestId('health').textContent()).toBe('Amber');
    await eventually(() => row('Self-serve signups').getByTestId('health').textContent()).toBe('Red');
    expect(await row('Net revenue retention').getByTestId('health').textContent()).toBe('Green');
    expect(await slip('Cloud cost saving').textContent()).toBe('9% behind target');

    expect(await colour(slip('Cloud cost saving'))).toBe(await colour(row('Cloud cost saving').getByTestId('health')));
    expect(await colour(slip('Self-serve signups'))).toBe(await colour(row('Self-serve signups').getByTestId('health')));
    expect(await colour(slip('Self-serve signups'))).not.toBe(await colour(slip('Cloud cost saving')));
    expect(await colour(slip('Net revenue retention'))).toBe(await colour(row('Net revenue retention').locator('td').last()));
    await context.close();
  });

  it('[U35] archiving a KPI from the keyboard leaves focus, with its ring, on the KPI that takes its place, then on the heading when none is left', async () => {
    const { workspace } = await seededReview(env, amberAndRed);
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(page, 'KPIs').click();
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    const detail = () => page.locator('.kpi-detail h2').textContent();
    const archiveByKeyboard = async () => {
      await page.getByRole('button', { name: 'Archive KPI' }).focus();
      await page.keyboard.press('Enter');
    };
    const expectVisibleFocus = async () => {
      const ring = await page.evaluate(() => {
        const el = document.activeElement!;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), inView: box.top >= 0 && box.bottom <= innerHeight };
      });
      expect(ring.style).not.toBe('none');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      expect(ring.inView).toBe(true);
    };

    await page.getByRole('button', { name: 'Net revenue retention' }).click();
    await eventually(detail).toBe('Net revenue retention');
    await archiveByKeyboard();
    // The next KPI in the table, now in the detail too.
    await eventually(focused).toBe('Self-serve signups');
    await eventually(detail).toBe('Self-serve signups');
    await expectVisibleFocus();
    // The last row: the one before it takes its place.
    await archiveByKeyboard();
    await eventually(focused).toBe('Cloud cost saving');
    await eventually(detail).toBe('Cloud cost saving');
    await expectVisibleFocus();
    await archiveByKeyboard();
    await eventually(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await focused()).toBe('KPIs');
    await expectVisibleFocus();
    await context.close();
  });

  it('[U36] deleting a reading says so with an Undo that brings it back for everyone; undone otherwise, the notice goes', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) {
      await viewTab(person.page, 'KPIs').click();
      await person.page.getByTestId('reading-list').locator('summary').click();
    }
    const rows = (person: Participant) => person.page.getByTestId('reading-list').getByTestId('reading-row');
    const latest = ana.page.getByTestId('kpi-row').locator('td.num').first();
    await eventually(() => rows(ana).count()).toBe(4);
    expect(await latest.textContent()).toBe('110 %');

    await ben.page.getByRole('button', { name: `Delete the reading of ${dayInWords(0)}` }).click();
    const notice = ben.page.locator('.notice').filter({ hasText: `Deleted the reading of ${dayInWords(0)} (110 %).` });
    await notice.waitFor();
    await eventually(() => rows(ana).count()).toBe(3);
    await eventually(() => latest.textContent()).toBe('109 %');
    await notice.getByRole('button', { name: 'Undo' }).click();
    await eventually(() => rows(ana).count()).toBe(4);
    await eventually(() => latest.textContent()).toBe('110 %');
    // Dated in words, as everywhere else (U38), with the stored day kept for machines.
    expect(await rows(ben).first().textContent()).toContain(dayInWords(0));
    expect(await rows(ben).first().textContent()).not.toContain(day(0));
    expect(await rows(ben).first().locator('time').getAttribute('datetime')).toBe(day(0));

    // Deleted again and undone by Ctrl+Z: the notice goes rather than offer to put it back twice.
    await ben.page.getByRole('button', { name: `Delete the reading of ${dayInWords(0)}` }).click();
    await notice.waitFor();
    await eventually(() => rows(ana).count()).toBe(3);
    await ben.page.getByRole('heading', { name: 'KPIs', exact: true }).click();
    await ben.page.keyboard.press('Control+z');
    // Ben's list shows it back from the same reading of the review that tells the notice it no
    // longer holds: by then it has gone, well before its own few seconds are up.
    await eventually(() => rows(ben).count()).toBe(4);
    expect(await notice.count()).toBe(0);
    await eventually(() => rows(ana).count()).toBe(4);
    await ana.context.close();
    await ben.context.close();
  });

  it('[U53] correcting and deleting readings by keyboard keeps the place: Edit puts the caret in the value, Save and Cancel leave it on that reading, Delete on the next (or the one before)', async () => {
    const { workspace } = await seededReview(env);
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(ben.page, 'KPIs').click();
    const page = ben.page;
    await page.getByTestId('reading-list').locator('summary').click();
    const rows = page.getByTestId('reading-list').getByTestId('reading-row');
    await eventually(() => rows.count()).toBe(4);
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    const edits = await rows.getByRole('button', { name: /^Edit / }).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!));
    const press = async (name: string, key = 'Enter') => {
      await page.getByRole('button', { name, exact: true }).focus();
      await page.keyboard.press(key);
    };

    await press(edits[0]!);
    await eventually(focusedLabel).toBe('Corrected value');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('120');
    await page.keyboard.press('Enter');
    // The corrected reading is a new element: its row, not the list's top or the page, has focus.
    await eventually(focusedLabel).toBe(edits[0]);
    expect(await rows.first().textContent()).toContain('120 %');
    await page.keyboard.press('Enter');
    await eventually(focusedLabel).toBe('Corrected value');
    await press('Cancel');
    await eventually(focusedLabel).toBe(edits[0]);

    await press(edits[0]!.replace('Edit', 'Delete'));
    await eventually(() => rows.count()).toBe(3);
    await eventually(focusedLabel).toBe(edits[1]);
    await press(edits[3]!.replace('Edit', 'Delete'));
    await eventually(() => rows.count()).toBe(2);
    await eventually(focusedLabel).toBe(edits[2]);
    await ben.context.close();
  });

  it('[U52] a reading added by keyboard is said back with its date in words, the caret kept in the value for the next; one dated before the latest says the latest still counts', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'KPIs').click();
    const form = ben.page.getByRole('form', { name: 'Add a reading' });
    const value = form.getByLabel('Reading value in %');
    const said = form.getByTestId('reading-added');
    const valueFocused = () => value.evaluate((el) => el === document.activeElement);
    // A year typed wrong is still a date in the past, and accepted: what it said back shows it.
    await form.getByLabel('Reading date').fill(day(-365));
    await value.fill('111');
    await value.press('Enter');
    await eventually(() => said.textContent()).toBe(`Added 111 % for ${dayInWords(-365)}. It is older than the latest reading (${dayInWords(0)}), which still counts.`);
    expect(await value.inputValue()).toBe('');
    expect(await valueFocused()).toBe(true);
    // From the button too: emptied, it is disabled, and the caret goes back to the value rather than nowhere.
    await form.getByLabel('Reading date').fill(day(0));
    await value.fill('112');
    await form.getByRole('button', { name: 'Add reading' }).focus();
    await ben.page.keyboard.press('Enter');
    await eventually(() => said.textContent()).toBe(`Added 112 % for ${dayInWords(0)}.`);
    expect(await valueFocused()).toBe(true);
    await eventually(() => ana.page.getByTestId('kpi-row').locator('td.num').first().textContent()).toBe('112 %');
    // Typing the next value clears what was said about the last.
    await value.fill('1');
    expect(await said.textContent()).toBe('');
    await ana.context.close();
    await ben.context.close();
  });

  it('[C21] a new KPI given its value today and a date is judged against the line to its target: a first reading far from the target but on the line is green for everyone', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'KPIs').click();
    const page = ben.page;
    await page.getByRole('button', { name: 'New KPI' }).click();
    const form = page.getByRole('form', { name: 'New KPI' });
    await form.getByLabel('KPI name').fill('Net new ARR');
    await form.getByLabel('Unit').fill('kUSD');
    await form.getByLabel('Target value').fill('120');
    await form.getByLabel('Today it stands at').fill('100');
    // A value today draws a line only to a date: without one the form asks for it and adds nothing.
    await form.getByRole('button', { name: 'Add KPI' }).click();
    expect(await form.getByLabel('and should reach its target by').evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(await page.getByTestId('kpi-row').filter({ hasText: 'Net new ARR' }).count()).toBe(0);
    const anaRow = ana.page.getByTestId('kpi-row').filter({ hasText: 'Net new ARR' });
    await form.getByLabel('and should reach its target by').fill(day(90));
    await form.getByRole('button', { name: 'Add KPI' }).click();
    await eventually(() => anaRow.count()).toBe(1);
    // The new KPI is chosen, its row focused: the form that had focus is gone.
    const created = page.getByTestId('kpi-row').filter({ hasText: 'Net new ARR' }).getByRole('button', { name: 'Net new ARR', exact: true });
    expect(await created.evaluate((button) => button === document.activeElement)).toBe(true);

    // 101 against the target of 120 would be 16 % behind: red, and the room would pivot.
    await page.getByLabel('Reading value in kUSD').fill('101');
    await page.getByRole('button', { name: 'Add reading' }).click();
    await eventually(() => anaRow.locator('td.num').first().textContent()).toBe('101 kUSD');
    await eventually(() => anaRow.getByTestId('health').textContent()).toBe('Green');
    expect(await anaRow.locator('td.slip').textContent()).toBe('1% ahead of plan');
    await anaRow.getByRole('button', { name: 'Net new ARR' }).click();
    expect(await ana.page.getByLabel('Baseline').inputValue()).toBe('100');
    expect(await ana.page.getByLabel('Start date').inputValue()).toBe(day(0));
    expect(await ana.page.getByLabel('Target date').inputValue()).toBe(day(90));
    expect(await ana.page.getByRole('textbox', { name: 'Plan' }).inputValue()).toBe(`${day(0)} 100`);
    await ana.context.close();
    await ben.context.close();
  });

  it('[U67][U73] a KPI name over 200 characters is refused in words; one stored anyway wraps in the table, the detail and the shared screen, and every column stays on the screen', async () => {
    const long = `NPS 🙂 ${'x'.repeat(300)}`;
    const { workspace } = await seededReview(env, (doc) => {
      // Stored by a writer that does not validate: the screens must hold it all the same.
      const id = unwrap(createKpi(doc, { name: 'NPS', unit: '', direction: 'increase', target: 50 }));
      kpisMap(doc).get(id)!.set('name', long);
      unwrap(appendReadings(doc, id, [{ at: day(0), value: 40, source: 'seed' }], new Date()));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    await viewTab(page, 'KPIs').click();

    await page.getByRole('button', { name: 'New KPI' }).click();
    const form = page.getByRole('form', { name: 'New KPI' });
    const name = form.getByLabel('KPI name');
    await name.fill(long);
    expect(await name.getAttribute('aria-invalid'), 'the name field, too long').toBe('true');
    await form.getByLabel('Target value').fill('50');
    await form.getByRole('button', { name: 'Add KPI' }).click();
    // 306 as a person counts them: the emoji is one character, not two UTF-16 units (U73).
    await eventually(() => page.locator('.notice').filter({ hasText: 'A KPI name may have at most 200 characters; this one has 306.' }).count()).toBe(1);
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('kpi-row').count(), 'KPIs after the refusal').toBe(2);

    const row = page.getByTestId('kpi-row').filter({ hasText: 'NPS' });
    await row.getByRole('button').first().click();
    const detail = page.getByRole('region', { name: `KPI ${long}` });
    await page.getByRole('heading', { level: 2, name: long }).waitFor();
    await expectNoSidewaysScroll(page, 'the KPIs view with a long name');
    // Wrapped onto lines of its own in the table (cut short after the third), not one line clipped.
    const shown = await row.locator('.kpi-name').evaluate((el) => ({ lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)), clamp: getComputedStyle(el).webkitLineClamp }));
    expect(shown, 'the long name in the table').toEqual({ lines: 3, clamp: '3' });
    expect(await page.getByRole('region', { name: 'KPI table' }).evaluate((el) => el.scrollWidth - el.clientWidth), 'the KPI table scrolls sideways').toBe(0);
    // Every KPI keeps its band, latest reading and slip on the screen, the long one's too.
    for (const label of ['Band', 'Latest', 'Slip']) await expectWithinWidth(page, `the KPIs view (${label})`, [row.locator(`td[data-label="${label}"]`), page.getByTestId('kpi-row').first().locator(`td[data-label="${label}"]`)]);
    await expectWithinWidth(page, 'the KPI detail', [detail, page.getByRole('heading', { level: 2, name: long }), page.getByRole('button', { name: 'Archive KPI' })]);
    await saveScreenshot(page, 'kpi-long-name');
    // Its triage item (the room pivoted on it) is named by it too.
    await viewTab(page, 'Agenda').click();
    await page.getByRole('article', { name: long }).waitFor();
    await expectNoSidewaysScroll(page, 'the agenda with a long KPI name');

    const screen = await context.newPage();
    await screen.setViewportSize({ width: 1440, height: 900 });
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    await eventually(() => screen.locator('.present-kpi').count()).toBe(2);
    await expectNoSidewaysScroll(screen, 'the shared screen with a long KPI name');
    await expectWithinWidth(screen, 'the shared screen', [screen.locator('.present-kpi').filter({ hasText: 'NPS' })]);
    await context.close();
  });

  it('[U39] the chart’s legend words each figure as the KPI table does, and the date as the rest of the screen; with no cursor on the chart it reads the latest reading', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      const nrr = [...readWorkspaceView(doc).kpis.values()][0]!.id;
      unwrap(appendReadings(doc, nrr, [{ at: day(1), value: 1234.5678, source: 'finance' }], new Date()));
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(page, 'KPIs').click();
    const latest = page.getByTestId('kpi-row').locator('td.num').first();
    await eventually(() => latest.textContent()).toBe('1,234.57 %');
    const legend = page.getByTestId('kpi-chart').locator('.u-legend');
    const value = (label: string) => legend.locator('tr').filter({ hasText: label }).locator('.u-value').textContent();
    const expectLatest = async (where: string) => {
      await eventually(() => value('Actual')).toBe('1,234.57 %');
      expect(await value('Target'), where).toBe('110 %');
      expect(await value('Time'), where).toBe(dayInWords(1));
    };
    // Before any cursor has been on the chart (as on a phone): the latest reading.
    await expectLatest('at rest');
    // The cursor at the chart's right edge: the latest reading.
    const plot = page.getByTestId('kpi-chart').locator('.u-over');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await expectLatest('under the cursor');
    // On the first point, then off the chart: back to the latest.
    await page.mouse.move(box.x + 1, box.y + box.height / 2);
    await eventually(() => value('Time')).not.toBe(dayInWords(1));
    await page.mouse.move(box.x + box.width / 2, box.y - 40);
    await expectLatest('once the cursor has left');
    await context.close();
  });
});
