import { RULES } from '../../shared/rules/index';
import { describe, expect, it } from 'vitest';
import { unnamedControls } from './support/accessibility';
import { postReading, viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { day, dayInWords } from './support/seed';
import { seededReview, startMeeting } from './support/meeting';
import { join, signedIn } from './support/join';
import { createDependency } from '../../shared/schema/dependency-accessors';
import { createKpi } from '../../shared/schema/kpi-accessors';
import { appendReadings } from '../../shared/schema/readings';
import { addNode } from '../../shared/tree/tree-ops';
import { unwrap } from '../../shared/schema/op-result';
import { eventually } from './support/poll';
import { connectSynced } from '../integration/support/clients';

describe('Rule corrections in the browser (issue 10)', () => {
  const env = useServerAndBrowser();

  it('[C16] corrects a typo’d reading that turned a KPI red, undoes the correction, and refuses a reading dated next year', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'KPIs').click();
    const anaHealth = ana.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }).getByTestId('health');
    await eventually(() => anaHealth.textContent()).toBe('Green');

    // 11 typed for 110: the latest reading of today, 90 % behind target.
    await postReading(env.server.url, workspace, ids.nrr, 11);
    await eventually(() => anaHealth.textContent()).toBe('Red');

    await ben.page.getByTestId('reading-list').locator('summary').click();
    const typo = ben.page.locator('[data-testid="reading-row"][data-status="counted"]').filter({ hasText: '11 %' });
    await eventually(() => typo.count()).toBe(1);
    // The seed's reading of today is listed as replaced by the later one on the same date.
    expect(await ben.page.locator('[data-testid="reading-row"][data-status="replaced"]').count()).toBe(1);
    await typo.getByRole('button', { name: /^Edit the reading of/ }).click();
    await ben.page.getByLabel('Corrected value').fill('110');
    await ben.page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => anaHealth.textContent()).toBe('Green');

    // The correction is one step of Ben's own undo: undoing it brings the typo back for everyone.
    await ben.page.getByRole('button', { name: 'Undo my last change' }).click();
    await eventually(() => anaHealth.textContent()).toBe('Red');

    // A reading dated next year is refused in the form, naming the date.
    const year = new Date().getUTCFullYear() + 1;
    await ben.page.getByLabel('Reading date').fill(`${year}-01-15`);
    await ben.page.getByLabel('Reading value in %').fill('110');
    await ben.page.getByRole('button', { name: 'Add reading' }).click();
    // In words, as the reading list and the rules' finding write dates (U38).
    await eventually(() => ben.page.getByTestId('reading-problem').textContent()).toContain(`The date 15 Jan ${year} is more than a day after today`);
    expect(await ben.page.locator('[data-testid="reading-row"]').filter({ hasText: `15 Jan ${year}` }).count()).toBe(0);
    expect(await unnamedControls(ben.page)).toEqual([]);
    await saveScreenshot(ben.page, 'reading-corrections');
    await ana.context.close();
    await ben.context.close();
  });

  it('[C16] a correction being typed survives everyone else\'s edits, and says so when someone else changes that very reading', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) {
      await viewTab(person.page, 'KPIs').click();
      await person.page.getByTestId('reading-list').locator('summary').click();
    }
    const rowOf = (page: typeof ana.page, offset: number) => page.getByTestId('reading-row').filter({ hasText: dayInWords(offset) });
    await rowOf(ben.page, -7).getByRole('button', { name: /^Edit the reading of/ }).click();
    await ben.page.getByLabel('Corrected value').fill('109.5');
    await ben.page.getByLabel('Corrected source').fill('typed by Ben');

    // A reading posted meanwhile (a new row, and today's earlier one now replaced) leaves Ben typing where he was.
    await postReading(env.server.url, workspace, ids.nrr, 111);
    await eventually(() => ana.page.getByTestId('reading-row').count()).toBe(5);
    await eventually(() => ben.page.getByTestId('reading-row').count()).toBe(4);
    expect(await ben.page.getByLabel('Corrected value').inputValue()).toBe('109.5');
    expect(await ben.page.getByLabel('Corrected source').evaluate((input) => input === document.activeElement)).toBe(true);
    // Ana deletes an earlier reading, which moves every later one in the stored list: Ben's draft stays.
    await rowOf(ana.page, -21).getByRole('button', { name: /^Delete the reading of/ }).click();
    await eventually(() => ben.page.getByTestId('reading-row').count()).toBe(3);
    expect(await ben.page.getByLabel('Corrected value').inputValue()).toBe('109.5');
    expect(await ben.page.getByLabel('Corrected source').inputValue()).toBe('typed by Ben');
    await ben.page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => rowOf(ana.page, -7).textContent()).toContain('typed by Ben');
    expect(await ben.page.getByTestId('reading-notice').count()).toBe(0);

    // Ana corrects the very reading Ben is correcting: Ben is told, and nothing of his is written over hers.
    await rowOf(ben.page, -14).getByRole('button', { name: /^Edit the reading of/ }).click();
    await ben.page.getByLabel('Corrected value').fill('1');
    await rowOf(ana.page, -14).getByRole('button', { name: /^Edit the reading of/ }).click();
    await ana.page.getByLabel('Corrected source').fill('audited');
    await ana.page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => ben.page.getByTestId('reading-notice').textContent()).toContain('changed or deleted by someone else');
    expect(await ben.page.getByLabel('Corrected value').count()).toBe(0);
    expect(await rowOf(ben.page, -14).textContent()).toContain('audited');
    await ana.context.close();
    await ben.context.close();
  });

  it('[C17] archives a KPI (it leaves the table and its findings leave the agenda) and a dependency, and restores both', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    await postReading(env.server.url, workspace, ids.nrr, 80);
    await eventually(() => ana.page.getByTestId('pivot-banner').count()).toBe(1);
    await ana.page.getByRole('button', { name: 'Open triage' }).click();
    const anaItem = ana.page.getByTestId('triage-item').filter({ hasText: 'Net revenue retention' });
    await eventually(() => anaItem.getByTestId('finding').count()).toBeGreaterThan(0);

    await viewTab(ben.page, 'KPIs').click();
    const benRows = ben.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' });
    await eventually(() => benRows.count()).toBe(1);
    await ben.page.getByRole('button', { name: 'Archive KPI' }).click();
    await eventually(() => benRows.count()).toBe(0);
    // Archived KPIs raise nothing: the item's live findings are gone and it says so.
    await eventually(() => anaItem.getByTestId('finding').count()).toBe(0);
    await eventually(() => anaItem.getByTestId('cleared-note').count()).toBe(1);

    const archived = ben.page.getByTestId('archived-kpis');
    await archived.locator('summary').click();
    await archived.getByRole('button', { name: 'Restore Net revenue retention' }).click();
    await eventually(() => benRows.count()).toBe(1);
    await eventually(() => benRows.getByTestId('health').textContent()).toBe('Red');
    await eventually(() => anaItem.getByTestId('finding').count()).toBeGreaterThan(0);

    // A dependency likewise, from its card; hidden from the board until restored.
    await viewTab(ben.page, 'Dependencies').click();
    const cards = ben.page.getByTestId('dep-card');
    await eventually(() => cards.count()).toBe(1);
    await cards.getByRole('button', { name: 'Archive this dependency' }).click();
    await eventually(() => cards.count()).toBe(0);
    const archivedDeps = ben.page.getByTestId('archived-deps');
    await archivedDeps.locator('summary').click();
    expect(await unnamedControls(ben.page)).toEqual([]);
    await archivedDeps.getByRole('button', { name: 'Restore Usage export API → Onboarding revamp' }).click();
    await eventually(() => cards.count()).toBe(1);
    expect(await archivedDeps.count()).toBe(0);
    await ana.context.close();
    await ben.context.close();
  });

  it('[T5][C17][C18] an item cleared by archiving its KPI or turning its rule off is logged in the name of who did it', async () => {
    // A KPI nobody has read for a month: stale (amber), so the pivot raises an item for it too.
    const { workspace, ids } = await seededReview(env, (doc) => {
      unwrap(createKpi(doc, { name: 'Support backlog', unit: 'tickets', direction: 'decrease', target: 50, startDate: day(-30), cadenceDays: 7 }));
    });
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    expect((await postReading(env.server.url, workspace, ids.nrr, 80)).mode).toBe('triage');
    await viewTab(ana.page, 'History').click();
    const resolution = (subject: string) => ana.page.getByTestId('log-entry').filter({ hasText: `Resolved “${subject}”` });

    // Ben archives Net revenue retention: its untouched item resolves, in his name.
    await viewTab(ben.page, 'KPIs').click();
    await ben.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }).getByRole('button', { name: 'Net revenue retention' }).click();
    await ben.page.getByRole('button', { name: 'Archive KPI' }).click();
    await eventually(() => resolution('Net revenue retention').count()).toBe(1);
    expect(await resolution('Net revenue retention').locator('.log-text').textContent()).toBe(
      'Resolved “Net revenue retention”: Ben Okafor archived the KPI, so every finding on it cleared.',
    );
    expect(await resolution('Net revenue retention').locator('.log-when').textContent()).toMatch(/ · Ben Okafor$/);

    // Ana turns the stale-KPI rule off: the backlog's item resolves, in hers.
    await viewTab(ana.page, 'KPIs').click();
    await ana.page.getByRole('button', { name: 'Rules', exact: true }).click();
    const stale = ana.page.locator('[data-testid="rule-setting"][data-rule="kpi-stale"]');
    await stale.getByRole('checkbox').uncheck();
    await stale.getByRole('button', { name: 'Save rule' }).click();
    await viewTab(ana.page, 'History').click();
    await eventually(() => resolution('Support backlog').count()).toBe(1);
    expect(await resolution('Support backlog').locator('.log-text').textContent()).toBe(
      'Resolved “Support backlog”: Ana Diaz turned off the rule “KPI without a recent reading”, so every finding on it cleared.',
    );
    expect(await resolution('Support backlog').locator('.log-when').textContent()).toMatch(/ · Ana Diaz$/);
    await ana.context.close();
    await ben.context.close();
  });

  it('[T10] an item cleared by archiving its node or its dependency is logged in the name of who archived it', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      // An objective nobody owns (amber), and a dependency whose upstream is due a month after it is needed (red: the pivot).
      unwrap(addNode(doc, { kind: 'objective', title: 'Partner programme', parent: null, owner: null }));
      const billing = unwrap(addNode(doc, { kind: 'initiative', title: 'Billing revamp', parent: null, owner: 'Lena', due: day(40) }));
      const invoices = unwrap(addNode(doc, { kind: 'keyResult', title: 'Invoice accuracy', parent: null, owner: 'Ravi' }));
      unwrap(createDependency(doc, { from: billing, to: invoices, needBy: day(10), owner: 'Ravi' }));
    });
    const ben = await join(env.browser, workspace.links.editor!, 'Ben Okafor');
    const resolution = (subject: string) => ben.page.getByTestId('log-entry').filter({ hasText: `Resolved “${subject}”` });
    // In triage, the link lands on the agenda: one item for each.
    for (const subject of ['Partner programme', 'Billing revamp → Invoice accuracy']) await eventually(() => ben.page.getByRole('article', { name: subject }).count()).toBe(1);

    await viewTab(ben.page, 'Objectives').click();
    await ben.page.getByTestId('tree-row').filter({ has: ben.page.getByLabel('Owner of Partner programme', { exact: true }) }).getByTestId('node-title').click();
    await ben.page.getByRole('button', { name: 'Archive', exact: true }).click();
    await viewTab(ben.page, 'Dependencies').click();
    await ben.page.getByTestId('dep-card').filter({ hasText: 'Billing revamp' }).getByRole('button', { name: 'Archive this dependency' }).click();

    await viewTab(ben.page, 'History').click();
    await eventually(() => resolution('Partner programme').locator('.log-text').textContent()).toBe(
      'Resolved “Partner programme”: Ben Okafor archived the objective, so every finding on it cleared.',
    );
    expect(await resolution('Partner programme').locator('.log-when').textContent()).toMatch(/ · Ben Okafor$/);
    await eventually(() => resolution('Billing revamp → Invoice accuracy').locator('.log-text').textContent()).toBe(
      'Resolved “Billing revamp → Invoice accuracy”: Ben Okafor archived the dependency, so every finding on it cleared.',
    );
    expect(await resolution('Billing revamp → Invoice accuracy').locator('.log-when').textContent()).toMatch(/ · Ben Okafor$/);
    await ben.context.close();
  });

  it('[C18][U37] the facilitator’s rule settings, every parameter in words, preview that a change removes a finding, and saving removes it for everyone', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'KPIs').click();
    // One reading off track (80 after 109): red with the default of one period running.
    await postReading(env.server.url, workspace, ids.nrr, 80);
    const benHealth = ben.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }).getByTestId('health');
    await eventually(() => benHealth.textContent()).toBe('Red');
    expect(await ben.page.getByRole('button', { name: 'Rules', exact: true }).count()).toBe(0);

    // Every state of the rule settings a colleague's stock client is sent, from before the previews on.
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    const settingsSent: unknown[] = [];
    colleague.doc.getMap('rules').observe(() => settingsSent.push(colleague.doc.getMap('rules').toJSON()));

    await ana.page.getByRole('button', { name: 'Rules', exact: true }).click();
    const threshold = ana.page.locator('[data-testid="rule-setting"][data-rule="kpi-threshold"]');
    // [U37] Every parameter of every rule reads as words, never as its key.
    const labels = await ana.page.getByTestId('rule-settings').locator('.rule-param > span').allTextContents();
    expect(labels.map((text) => text.replace(/\s*\(default [^)]*\)$/, ''))).toEqual(RULES.flatMap((rule) => Object.keys(rule.defaults).map((key) => rule.labels[key])));
    expect(labels).toContain('Days before need-by that count as close (default 14)');
    await threshold.getByLabel('KPI behind plan: Readings running before a band counts').fill('2');
    await eventually(() => threshold.getByTestId('preview-disappear').textContent()).toContain('Net revenue retention');
    // Switching kpi-stale off previews too; nothing is stale in this review, so nothing would change.
    const stale = ana.page.locator('[data-testid="rule-setting"][data-rule="kpi-stale"]');
    await stale.getByRole('checkbox').uncheck();
    await eventually(() => stale.getByTestId('rule-preview').textContent()).toContain('No finding would change.');
    // Discard goes with the draft: the keyboard's place goes back to the rule's switch (C18).
    await stale.getByRole('button', { name: 'Discard' }).press('Enter');
    expect(await stale.getByRole('checkbox').evaluate((box) => box === document.activeElement)).toBe(true);
    expect(await benHealth.textContent()).toBe('Red');
    expect(await unnamedControls(ana.page)).toEqual([]);
    await saveScreenshot(ana.page, 'rule-settings');

    // Enter in the parameter saves it, as "Save rule" would; the caret stays where it was typed,
    // which did not go with the draft as the buttons did (C18).
    const readings = threshold.getByLabel('KPI behind plan: Readings running before a band counts');
    await readings.press('Enter');
    await eventually(() => benHealth.textContent()).toBe('Green');
    // The previews wrote nothing but what was then saved: Ana's screen sends in order, so a
    // preview's write would have reached the colleague before the save as a state of its own (the
    // stale rule switched off, and on again by Discard). One state came: the one saved.
    await eventually(() => (colleague.doc.getMap('rules').toJSON() as { 'kpi-threshold'?: { params?: { periods?: number } } })['kpi-threshold']?.params?.periods).toBe(2);
    expect(settingsSent).toHaveLength(1);
    expect(settingsSent[0]).toMatchObject({ 'kpi-threshold': { enabled: true, params: { periods: 2 } } });
    colleague.destroy();
    await eventually(() => threshold.getByTestId('rule-preview').count()).toBe(0);
    expect(await readings.inputValue()).toBe('2');
    expect(await readings.evaluate((field) => field === document.activeElement)).toBe(true);
    // The panel's Close gives the focus back to "Rules".
    await ana.page.getByTestId('rule-settings').getByRole('button', { name: 'Close' }).press('Enter');
    expect(await ana.page.getByRole('button', { name: 'Rules', exact: true }).evaluate((button) => button === document.activeElement)).toBe(true);
    await ana.context.close();
    await ben.context.close();
  });
  it('[C12][C18] with the threshold rule switched off a KPI behind target reads "Rule off" with its slip, on the table and the shared screen, never green', async () => {
    const { workspace, ids, ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'KPIs').click();
    await postReading(env.server.url, workspace, ids.nrr, 80);
    const row = ben.page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' });
    await eventually(() => row.getByTestId('health').textContent()).toBe('Red');
    const screen = await ana.context.newPage();
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    const dot = screen.locator('.present-kpi').filter({ hasText: 'Net revenue retention' });
    await eventually(() => dot.getAttribute('data-band')).toBe('red');

    await ana.page.bringToFront();

    await ana.page.getByRole('button', { name: 'Rules', exact: true }).click();
    const threshold = ana.page.locator('[data-testid="rule-setting"][data-rule="kpi-threshold"]');
    await threshold.getByRole('checkbox').uncheck();
    await threshold.getByRole('button', { name: 'Save rule' }).click();
    // Saved, the button went with the draft: the rule's switch has the focus (C18).
    expect(await threshold.getByRole('checkbox').evaluate((box) => box === document.activeElement)).toBe(true);

    await eventually(() => row.getByTestId('health').textContent()).toBe('Rule off');
    expect(await row.getByTestId('health').getAttribute('data-health')).toBe('off');
    // The slip is still said, as a plain figure: not coloured as a band nobody judged.
    expect(await row.locator('td.slip').textContent()).toMatch(/% behind (plan|target)$/);
    expect(await row.locator('td.slip').getAttribute('data-band')).toBeNull();
    await eventually(() => dot.getAttribute('data-band')).toBe('off');
    expect(await dot.textContent()).toContain('not judged, rule off');
    await ana.context.close();
    await ben.context.close();
  });

  it('[C23] with the threshold rule switched off the objective tree rolls an un-judged key result up as not judged, and says how many a green branch leaves out', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      // Churn at 4 % against a 2 % target: red while the rule judges it.
      const churn = unwrap(createKpi(doc, { name: 'Logo churn', unit: '%', direction: 'decrease', baseline: 3, target: 2, owner: 'Dana', cadenceDays: 7 }));
      unwrap(appendReadings(doc, churn, [{ at: day(0), value: 4, source: 'seed' }], new Date()));
      const keep = unwrap(addNode(doc, { kind: 'objective', title: 'Keep customers', parent: null, owner: 'Dana' }));
      unwrap(addNode(doc, { kind: 'keyResult', title: 'Churn under 2 %', parent: keep, owner: 'Ravi', kpi: churn }));
    });
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    await viewTab(ana.page, 'Objectives').click();
    const row = (title: string) => ana.page.getByTestId('tree-row').filter({ has: ana.page.getByLabel(`Owner of ${title}`, { exact: true }) });
    const health = (title: string) => row(title).getByTestId('health');
    await eventually(() => health('Keep customers').getAttribute('data-health')).toBe('red');
    expect(await health('Churn under 2 %').getAttribute('data-health')).toBe('red');

    await viewTab(ana.page, 'KPIs').click();

    await ana.page.getByRole('button', { name: 'Rules', exact: true }).click();
    const threshold = ana.page.locator('[data-testid="rule-setting"][data-rule="kpi-threshold"]');
    await threshold.getByRole('checkbox').uncheck();
    await threshold.getByRole('button', { name: 'Save rule' }).click();
    await viewTab(ana.page, 'Objectives').click();

    // Nothing judges churn: its key result, and the objective it is the only evidence for, are not judged.
    for (const title of ['Churn under 2 %', 'Keep customers']) {
      await eventually(() => health(title).getAttribute('data-health')).toBe('off');
      expect(await health(title).getAttribute('title')).toBe('Not judged: threshold rule off');
      expect(await row(title).getByTestId('not-judged').count()).toBe(0);
    }
    // Retention is not judged either, but the work under its key result is: on track, saying what it leaves out.
    for (const title of ['Retention at 110 %', 'Win the mid-market', 'Grow profitably']) {
      expect(await health(title).getAttribute('data-health')).toBe('green');
      expect(await row(title).getByTestId('not-judged').textContent()).toBe('1 not judged');
      expect(await health(title).getAttribute('title')).toMatch(/; 1 not judged: threshold rule off$/);
    }
    expect(await row('Onboarding revamp').getByTestId('not-judged').count()).toBe(0);
    await saveScreenshot(ana.page, 'tree-threshold-rule-off');
    await ana.context.close();
  });
});
