import { describe, expect, it } from 'vitest';
import { archiveKpi, createKpi } from '../../shared/schema/kpi-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { unnamedControls } from './support/accessibility';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { seededReview, startMeeting } from './support/meeting';
import { eventually } from './support/poll';
import { day, dayInWords } from './support/seed';
import { earliestCommitDay } from '../../shared/schema/commit-dates';
import { archiveNode } from '../../shared/tree/tree-ops';
import { connectSynced } from '../integration/support/clients';

const DEP = 'Usage export API → Onboarding revamp';

describe('editing and archiving dependencies, KPIs and agenda topics', () => {
  const env = useServerAndBrowser();

  it('[U6][U38][U96][U69] a later date is a proposal shown on the card in its column until the requester accepts or declines it (the notice that it waits goes once it is accepted); [U9] a card keeps the caret while typing; [U7] need-by, owner, note and ends edit in place; archive is undone from the notice and by document undo', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'Dependencies').click();
    const anaCard = ana.page.getByTestId('dep-card');
    const benCard = ben.page.getByTestId('dep-card');
    const benColumn = () => benCard.locator('xpath=..').getAttribute('aria-label');

    // Ana (a facilitator) commits on the need-by date; then proposes a later one.
    await anaCard.getByLabel(`Commit date for ${DEP}`).fill(day(25));
    await anaCard.getByRole('button', { name: 'Commit' }).click();
    await eventually(benColumn).toBe('Platform, Committed');
    // A later date: the button says it proposes rather than commits.
    await anaCard.getByLabel(`Commit date for ${DEP}`).fill(day(40));
    expect(await anaCard.getByRole('button', { name: 'Commit' }).count()).toBe(0);
    await anaCard.getByRole('button', { name: 'Propose' }).press('Enter');
    await eventually(() => benCard.getByTestId('dep-proposal').count()).toBe(1);
    // Its date emptied, the button is disabled: the keyboard's place is the card's title (U69).
    const onTitle = () => anaCard.locator('.dep-title').evaluate((title) => title === document.activeElement);
    expect(await onTitle()).toBe(true);
    // [U38] Dates in words, the machine date kept in <time datetime>.
    expect(await benCard.getByTestId('dep-proposal').textContent()).toContain(`Proposed ${dayInWords(40)}`);
    expect(await benCard.getByTestId('dep-proposal').locator('time').first().getAttribute('datetime')).toBe(day(40));
    // Still committed to the earlier date, in the same column, on every screen.
    expect(await benColumn()).toBe('Platform, Committed');
    expect(await benCard.locator('dl.dep-dates').getByText(dayInWords(25), { exact: true }).count()).toBe(1);
    // Ben does not own the needing side; Ana (its owner) answers.
    expect(await benCard.getByRole('button', { name: `Accept ${dayInWords(40)}` }).count()).toBe(0);
    await anaCard.getByRole('button', { name: 'Decline' }).press('Enter');
    await eventually(() => benCard.getByTestId('dep-proposal').count()).toBe(0);
    expect(await benColumn()).toBe('Platform, Committed');
    // The answer went with the proposal: the title has the focus (U69).
    expect(await onTitle()).toBe(true);
    await anaCard.getByLabel(`Commit date for ${DEP}`).fill(day(45));
    await anaCard.getByRole('button', { name: 'Propose' }).click();
    // [U96] The notice that the proposal waits for an answer goes once it has one.
    const waiting = ana.page.locator('.notice').filter({ hasText: `Proposed ${dayInWords(45)} to Ana; it needs their acceptance.` });
    expect(await waiting.count()).toBe(1);
    await anaCard.getByRole('button', { name: `Accept ${dayInWords(45)}` }).click();
    // Gone as her card shows the date accepted, not seconds later as notices time out.
    await eventually(() => anaCard.locator('dl.dep-dates').getByText(dayInWords(45), { exact: true }).count()).toBe(1);
    expect(await waiting.count()).toBe(0);
    await eventually(() => benCard.locator('dl.dep-dates').getByText(dayInWords(45), { exact: true }).count()).toBe(1);
    expect(await benCard.getByTestId('dep-proposal').count()).toBe(0);
    expect(await benColumn()).toBe('Platform, Committed');
    // The upstream's due date too: nothing on the card reads as an ISO date.
    expect(await benCard.locator('dl.dep-dates').innerText()).toContain(dayInWords(20));
    expect(await benCard.locator('dl.dep-dates').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await benCard.locator(`time[datetime="${day(20)}"]`).textContent()).toBe(dayInWords(20));

    // Ben edits the need-by date, the owner and the note; Ana sees each.
    // A date is stored as the field is left or on Enter, never at each keystroke (U56).
    await benCard.getByLabel(`Need-by date of ${DEP}`).fill(day(50));
    await benCard.getByLabel(`Need-by date of ${DEP}`).press('Enter');
    await eventually(() => anaCard.getByLabel(`Need-by date of ${DEP}`).inputValue()).toBe(day(50));
    const owner = benCard.getByLabel(`Owner of ${DEP}`);
    await owner.fill('Kim Lee');
    await owner.press('Enter');
    await eventually(() => anaCard.getByLabel(`Owner of ${DEP}`).inputValue()).toBe('Kim Lee');
    await benCard.getByLabel(`Note on ${DEP}`).pressSequentially('CSV and JSON');
    await eventually(() => anaCard.getByLabel(`Note on ${DEP}`).inputValue()).toBe('CSV and JSON');

    // Ben archives it: gone from Ana's board, listed under her Archived; his notice's Undo brings it back.
    await benCard.getByRole('button', { name: 'Archive this dependency' }).click();
    await eventually(() => anaCard.count()).toBe(0);
    await eventually(() => ana.page.getByTestId('archived-deps').getByTestId('archived-item').count()).toBe(1);
    await ben.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await eventually(() => anaCard.count()).toBe(1);
    // And by document undo: archived again, then the header's Undo.
    await benCard.getByRole('button', { name: 'Archive this dependency' }).click();
    await eventually(() => anaCard.count()).toBe(0);
    await ben.page.getByRole('button', { name: 'Undo my last change' }).click();
    await eventually(() => anaCard.count()).toBe(1);
    expect(await anaCard.getByLabel(`Note on ${DEP}`).inputValue()).toBe('CSV and JSON');

    // Its other fields: who needs it. Ben picks another downstream node; both boards name it.
    await benCard.getByText('Change who delivers or needs it').click();
    expect(await unnamedControls(ben.page)).toEqual([]);
    expect(await benCard.getByLabel(`Downstream of ${DEP}`).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('Onboarding revamp (Initiative, Growth)');
    await benCard.getByLabel(`Downstream of ${DEP}`).selectOption({ label: 'Retention at 110 % (Key result)' });
    await eventually(() => anaCard.getByRole('button', { name: 'Usage export API → Retention at 110 %', exact: true }).count()).toBe(1);

    await ana.context.close();
    await ben.context.close();
  });

  it('[U69] a card that moves to another column keeps the person\'s place: typing in its note goes on when a colleague flags it, and a keyboard stays on the card after its own Clear flag', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'Dependencies').click();
    const anaCard = ana.page.getByTestId('dep-card');
    const column = () => anaCard.locator('xpath=..').getAttribute('aria-label');
    const note = anaCard.getByLabel(`Note on ${DEP}`);
    const focusedName = () => ana.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.replace(/\s+/g, ' ').trim());

    // Ana is typing in the note when Ben marks the dependency blocked: the card moves column under her.
    await note.click();
    await ana.page.keyboard.type('Needs CSV');
    await ben.page.getByTestId('dep-card').getByRole('button', { name: 'Blocked' }).click();
    await eventually(column).toBe('Platform, Blocked');
    // The rest of her sentence lands in the note; its "?" is typed, not a request for the shortcut help.
    await ana.page.keyboard.type(' and JSON?');
    expect(await note.inputValue()).toBe('Needs CSV and JSON?');
    expect(await focusedName()).toBe(`Note on ${DEP}`);
    expect(await ana.page.getByTestId('shortcut-help').count()).toBe(0);

    // From the keyboard, Ana clears the flag: the card moves back, and her keyboard is still on it.
    await anaCard.getByRole('button', { name: 'Clear flag' }).focus();
    await ana.page.keyboard.press('Enter');
    await eventually(column).toBe('Platform, Requested');
    // "Clear flag" is not offered on an unflagged card: the card's title, its first control, has focus.
    expect(await focusedName()).toBe(DEP);

    await ana.context.close();
    await ben.context.close();
  });

  it('[U77] a dependency whose upstream is archived stays on the board, under "On archived work": search finds it there, and it is archived from there', async () => {
    const { workspace, ids } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    await viewTab(ana.page, 'Dependencies').click();
    await eventually(() => ana.page.locator('.board').getByTestId('dep-card').count()).toBe(1);
    // A colleague archives the milestone that delivers it.
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    unwrap(archiveNode(colleague.doc, ids.milestone, 'Ben Okafor'));
    const orphaned = ana.page.getByTestId('orphaned-deps');
    await eventually(() => orphaned.getByTestId('dep-card').count()).toBe(1);
    expect(await ana.page.locator('.board').getByTestId('dep-card').count()).toBe(0);
    expect(await orphaned.innerText()).toContain('Who delivers it was archived');
    expect(await ana.page.getByText('No dependencies yet.').count()).toBe(0);

    // Search finds it and lands on it.
    await ana.page.keyboard.press('Control+k');
    await ana.page.getByRole('dialog', { name: 'Search' }).getByRole('combobox').fill('Usage export API →');
    await ana.page.keyboard.press('Enter');
    await eventually(() => ana.page.evaluate(() => document.activeElement?.closest('[data-testid="orphaned-deps"]') !== null && document.activeElement?.classList.contains('dep-title'))).toBe(true);

    // Archived from there: it goes to the Archived list.
    await orphaned.getByRole('button', { name: 'Archive this dependency' }).click();
    await eventually(() => orphaned.count()).toBe(0);
    await eventually(() => ana.page.getByTestId('archived-deps').getByTestId('archived-item').count()).toBe(1);
    colleague.destroy();
    await ana.context.close();
  });

  it('[U57] a commitment to a day that has passed is refused beside the field, naming the date, and nobody sees a missed commitment; today is accepted', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'Dependencies').click();
    const anaCard = ana.page.getByTestId('dep-card');
    const benCard = ben.page.getByTestId('dep-card');
    const field = anaCard.getByLabel(`Commit date for ${DEP}`);
    // The date picker offers no day before today.
    expect(await field.getAttribute('min')).toBe(earliestCommitDay(new Date()));

    await field.fill(day(-2));
    await anaCard.getByRole('button', { name: 'Commit' }).click();
    await eventually(() => anaCard.getByTestId('dep-commit-problem').textContent()).toContain(`The date ${dayInWords(-2)} is before today`);
    expect(await anaCard.getByRole('alert').textContent()).toContain('cannot be committed to a day that has passed');
    // Typing another date takes the sentence away; today commits, and every screen shows it with no slip.
    await field.fill(earliestCommitDay(new Date()));
    expect(await anaCard.getByTestId('dep-commit-problem').count()).toBe(0);
    await anaCard.getByRole('button', { name: 'Commit' }).click();
    await eventually(() => benCard.locator('dl.dep-dates').locator(`time[datetime="${earliestCommitDay(new Date())}"]`).count()).toBe(1);
    expect(await benCard.getAttribute('data-severity')).toBeNull();
    expect(await benCard.locator('dl.dep-dates').innerText()).not.toContain(dayInWords(-2));
  });

  it('[U7] a KPI’s name and unit and an agenda topic’s title edit in place; archived ones are listed for the others and restored from there or by undo', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'KPIs').click();
    const name = ben.page.getByLabel('Name of this KPI');
    await name.fill('NRR');
    await name.press('Enter');
    const unit = ben.page.getByLabel('What this KPI is measured in');
    await unit.fill('pct');
    await unit.press('Enter');
    const anaRow = ana.page.getByTestId('kpi-row');
    await eventually(() => anaRow.getByRole('button', { name: 'NRR' }).count()).toBe(1);
    await eventually(() => anaRow.locator('td.num').nth(1).textContent()).toContain('pct');

    await ben.page.getByRole('button', { name: 'Archive KPI' }).click();
    await eventually(() => anaRow.count()).toBe(0);
    const archived = ana.page.getByTestId('archived-kpis');
    await archived.locator('summary').click();
    await archived.getByRole('button', { name: 'Restore NRR' }).click();
    await eventually(() => ben.page.getByTestId('kpi-row').count()).toBe(1);

    // An agenda topic: Ana adds it, Ben renames it, then archives it; Ctrl+Z (outside any field) restores it.
    for (const person of [ana, ben]) await viewTab(person.page, 'Agenda').click();
    await ana.page.getByLabel('New agenda item').fill('Hiring plan');
    await ana.page.getByRole('button', { name: 'Add topic' }).click();
    const benItem = ben.page.getByTestId('agenda-item').filter({ hasText: 'Hiring plan' });
    await benItem.getByRole('button', { name: 'Rename Hiring plan' }).click();
    const title = ben.page.getByLabel('New title for Hiring plan');
    await title.fill('Hiring plan for Q1');
    await title.press('Enter');
    const anaItem = ana.page.getByTestId('agenda-item').filter({ hasText: 'Hiring plan' });
    await eventually(() => anaItem.getByRole('heading').textContent()).toBe('Hiring plan for Q1');
    await ben.page.getByRole('button', { name: 'Archive Hiring plan for Q1' }).click();
    await eventually(() => anaItem.count()).toBe(0);
    await eventually(() => ana.page.getByTestId('archived-agenda').getByTestId('archived-item').textContent()).toContain('Hiring plan for Q1');
    await ben.page.getByRole('heading', { name: 'Review agenda' }).click();
    await ben.page.keyboard.press('Control+z');
    await eventually(() => anaItem.count()).toBe(1);
    expect(await ana.page.getByTestId('archived-agenda').count()).toBe(0);
    expect(await unnamedControls(ben.page)).toEqual([]);

    await ana.context.close();
    await ben.context.close();
  });

  it('[U7] the "Archived" notice goes as soon as the thing is restored: by a colleague (arriving over Yjs) or from this person’s own Archived list; an archived branch of the tree is listed and restored too', async () => {
    const { ana, ben } = await startMeeting(env);
    for (const person of [ana, ben]) await viewTab(person.page, 'KPIs').click();
    const benNotice = ben.page.locator('.notice').filter({ hasText: 'Archived “Net revenue retention”.' });
    await ben.page.getByRole('button', { name: 'Archive KPI' }).click();
    await benNotice.waitFor();
    const archived = ana.page.getByTestId('archived-kpis');
    await archived.locator('summary').click();
    await archived.getByRole('button', { name: 'Restore Net revenue retention' }).click();
    // Back in Ben's table; the notice went with the same re-read, long before its own time ran out.
    await eventually(() => ben.page.getByTestId('kpi-row').count()).toBe(1);
    expect(await benNotice.count()).toBe(0);

    for (const person of [ana, ben]) await viewTab(person.page, 'Dependencies').click();
    const depNotice = ben.page.locator('.notice').filter({ hasText: `Archived “${DEP}”.` });
    await ben.page.getByRole('button', { name: 'Archive this dependency' }).click();
    await depNotice.waitFor();
    const depArchive = ben.page.getByTestId('archived-deps');
    await depArchive.locator('summary').click();
    await depArchive.getByRole('button', { name: `Restore ${DEP}` }).click();
    // Likewise: the card is back and the notice gone in the same re-read.
    await eventually(() => ben.page.getByTestId('dep-card').count()).toBe(1);
    expect(await depNotice.count()).toBe(0);

    // A branch of the tree too: Ben archives a milestone, Ana restores it from the Objectives' Archived list.
    for (const person of [ana, ben]) await viewTab(person.page, 'Objectives').click();
    await ben.page.getByRole('textbox', { name: 'Milestone title' }).click();
    await ben.page.getByRole('textbox', { name: 'Milestone title' }).press('Control+Delete');
    const nodeArchive = ana.page.getByTestId('archived-nodes');
    await eventually(() => nodeArchive.getByTestId('archived-item').textContent()).toBe('Usage export API (Milestone)Restore');
    expect(await ana.page.getByRole('textbox', { name: 'Milestone title' }).count()).toBe(0);
    await nodeArchive.locator('summary').click();
    await nodeArchive.getByRole('button', { name: 'Restore Usage export API (Milestone)' }).click();
    await eventually(() => ben.page.getByRole('textbox', { name: 'Milestone title' }).inputValue()).toBe('Usage export API');
    expect(await nodeArchive.count()).toBe(0);

    await ana.context.close();
    await ben.context.close();
  });

  it('[U59] restoring from the Archived list keeps a keyboard user\'s place: on the next archived item\'s Restore, then on the heading; each restore is said with an Undo', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      for (const name of ['Cloud cost saving', 'Self-serve signups']) {
        const kpi = unwrap(createKpi(doc, { name, unit: 'kUSD', direction: 'increase', baseline: 0, target: 100, owner: 'Dana', cadenceDays: 7 }));
        unwrap(archiveKpi(doc, kpi, null));
      }
    });
    const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(page, 'KPIs').click();
    const archived = page.getByTestId('archived-kpis');
    await archived.locator('summary').click();
    const names = archived.getByTestId('archived-item').locator('span');
    await eventually(() => names.count()).toBe(2);
    const [first, second] = await names.allTextContents();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim());
    const notice = (name: string) => page.locator('.notice').filter({ hasText: `Restored “${name}”.` });

    await archived.getByRole('button', { name: `Restore ${first}` }).focus();
    await page.keyboard.press('Enter');
    // The restored KPI is back in the table; the keyboard is on the next Restore, not the page.
    await eventually(() => page.getByTestId('kpi-row').count()).toBe(2);
    expect(await focused()).toBe(`Restore ${second}`);
    await notice(first!).waitFor();
    // The last one: the list goes, and focus is on the view's heading.
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('kpi-row').count()).toBe(3);
    expect(await archived.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await focused()).toBe('KPIs');
    // The notice's Undo archives it again, for a restore that was a slip.
    await notice(second!).getByRole('button', { name: 'Undo' }).click();
    await eventually(() => archived.getByTestId('archived-item').count()).toBe(1);
    expect(await archived.getByTestId('archived-item').textContent()).toContain(second);
    await context.close();
  });
});
