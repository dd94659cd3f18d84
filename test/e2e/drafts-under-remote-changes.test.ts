import type { Locator } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRuleSetting } from '../../shared/rules/rule-settings';
import { archiveAgendaItem, createAgendaItem, restoreAgendaItem } from '../../shared/schema/agenda-accessors';
import { decideItem, resolveItem } from '../../shared/schema/agenda-outcomes';
import { readAgendaViews, type AgendaItemView } from '../../shared/schema/agenda-read';
import { archiveKpi, createKpi, updateKpi } from '../../shared/schema/kpi-accessors';
import { updateNode } from '../../shared/schema/node-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { appendReadings } from '../../shared/schema/readings';
import { depsMap } from '../../shared/schema/root-types';
import { archiveDependency } from '../../shared/schema/dependency-accessors';
import { flagDependency } from '../../shared/tree/dependency-handshake';
import { connectSynced, type Client } from '../integration/support/clients';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { signedIn, type Participant } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';
import { day, type SeededIds } from './support/seed';

/**
 * A person halfway through a form while a colleague edits something else: the draft, its focus
 * and what it is about stay as they were (SPEC U30). The colleague is a stock client, so each
 * remote change is one known edit; each is followed until Ana's screen shows it has arrived.
 */
describe('a draft stays as typed while colleagues change the document', () => {
  const env = useServerAndBrowser();
  const open: { ana?: Participant; ben?: Participant; colleague?: Client } = {};
  afterEach(async () => {
    await open.ana?.context.close();
    await open.ben?.context.close();
    open.colleague?.destroy();
  });

  /** The seeded review with a second KPI, Ana (a facilitator) in Chromium and a colleague's client. */
  async function anaWithColleague(): Promise<{ ids: SeededIds; margin: string; ana: Participant; colleague: Client }> {
    let margin = '';
    const { workspace, ids } = await seededReview(env, (doc) => {
      margin = unwrap(createKpi(doc, { name: 'Gross margin', unit: '%', direction: 'increase', target: 78, owner: 'Dana' }));
    });
    open.ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    // A control that is not there should fail fast and say which.
    open.ana.context.setDefaultTimeout(10_000);
    open.colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    return { ids, margin, ana: open.ana, colleague: open.colleague };
  }

  it('[U30][C18] a rule’s unsaved parameter and its preview stay through a colleague’s edits; an untouched rule follows what they save', async () => {
    const { ids, margin, ana, colleague } = await anaWithColleague();
    const page = ana.page;
    await viewTab(page, 'KPIs').click();
    // One reading off track (80 after 109): red with the default of one period running.
    unwrap(appendReadings(colleague.doc, ids.nrr, [{ at: day(0), value: 80, source: 'finance' }], new Date()));
    await eventually(() => page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }).getByTestId('health').textContent()).toBe('Red');
    await page.getByRole('button', { name: 'Rules', exact: true }).click();
    const threshold = page.locator('[data-testid="rule-setting"][data-rule="kpi-threshold"]');
    const periods = threshold.getByLabel('KPI behind plan: Readings running before a band counts');
    await periods.fill('2');
    await eventually(() => threshold.getByTestId('preview-disappear').textContent()).toContain('Net revenue retention');

    unwrap(updateKpi(colleague.doc, margin, { owner: 'Kim Lee' }));
    await eventually(() => page.getByTestId('kpi-row').filter({ hasText: 'Gross margin' }).locator('td').last().textContent()).toBe('Kim Lee');
    expect(await periods.inputValue()).toBe('2');
    expect(await threshold.getByTestId('preview-disappear').textContent()).toContain('Net revenue retention');
    expect(await periods.evaluate((input) => input === document.activeElement)).toBe(true);

    // Another rule saved by someone else: Ana had not touched it, so it shows what they stored.
    const stale = page.locator('[data-testid="rule-setting"][data-rule="kpi-stale"]');
    unwrap(writeRuleSetting(colleague.doc, 'kpi-stale', { enabled: false }, null));
    await eventually(() => stale.getByRole('checkbox').isChecked()).toBe(false);
    expect(await stale.getByRole('button', { name: 'Save rule' }).count()).toBe(0);
    expect(await periods.inputValue()).toBe('2');

    await threshold.getByRole('button', { name: 'Save rule' }).click();
    await eventually(() => page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }).getByTestId('health').textContent()).toBe('Green');
    expect(await periods.inputValue()).toBe('2');
    expect(await threshold.getByRole('button', { name: 'Save rule' }).count()).toBe(0);

    // A decimal typed key by key stays as typed: "0.6", not "60" (a half-typed "0." is no number yet).
    const confidence = page.locator('[data-testid="rule-setting"][data-rule="low-confidence"]');
    const below = confidence.getByLabel('Low confidence: Amber below confidence (0–1)');
    await below.pressSequentially('0.6');
    expect(await below.inputValue()).toBe('0.6');
    expect(await confidence.getByRole('alert').count()).toBe(0);
    expect(await confidence.getByRole('button', { name: 'Save rule' }).count()).toBe(1);
  });

  it('[U30] the new dependency form keeps both picked ends through a colleague’s edits, a rename of a picked node included', async () => {
    const { ids, ana, colleague } = await anaWithColleague();
    const page = ana.page;
    await viewTab(page, 'Dependencies').click();
    const upstream = page.getByLabel('Upstream (delivers)');
    const downstream = page.getByLabel('Downstream (needs it)');
    const shown = (select: typeof upstream) => select.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.textContent);
    await upstream.selectOption({ label: 'Win the mid-market (Objective, Sales)' });
    await downstream.selectOption({ label: 'Retention at 110 % (Key result)' });
    await page.getByLabel('Needed by').fill(day(60));

    // A rename of a node the form did not pick, which the board's card shows once it has arrived.
    unwrap(updateNode(colleague.doc, ids.milestone, { title: 'Usage export API v2' }));
    await eventually(() => page.getByTestId('dep-card').getByRole('button', { name: 'Usage export API v2 → Onboarding revamp' }).count()).toBe(1);
    expect(await upstream.inputValue()).toBe(ids.objective);
    expect(await shown(upstream)).toBe('Win the mid-market (Objective, Sales)');
    expect(await downstream.inputValue()).toBe(ids.keyResult);

    // The picked upstream itself renamed: still picked, under its new name.
    unwrap(updateNode(colleague.doc, ids.objective, { title: 'Win the mid-market now' }));
    await eventually(() => shown(upstream)).toBe('Win the mid-market now (Objective, Sales)');
    expect(await upstream.inputValue()).toBe(ids.objective);
    expect(await downstream.inputValue()).toBe(ids.keyResult);

    await page.getByRole('button', { name: 'Add dependency' }).click();
    await eventually(() => [...depsMap(colleague.doc).values()].some((dep) => dep.get('from') === ids.objective && dep.get('to') === ids.keyResult)).toBe(true);
    // A created dependency empties the form: every select is back at its placeholder.
    await eventually(() => upstream.inputValue()).toBe('');
    expect(await downstream.inputValue()).toBe('');
  });

  it('[U30] the details panel keeps naming a key result’s KPI after a reading is added to that KPI, offers no archived KPI, and marks the linked one once archived', async () => {
    const { ids, margin, ana, colleague } = await anaWithColleague();
    const page = ana.page;
    await page.getByRole('textbox', { name: 'Key result title' }).click();
    const inspector = page.getByRole('complementary', { name: 'Details of Retention at 110 %' });
    const kpi = inspector.getByLabel('Measured by KPI');
    const shown = () => kpi.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.textContent);
    await eventually(shown).toBe('Net revenue retention');

    // A reading on the linked KPI, then a rename of another node, which Ana's tree shows once both have arrived.
    unwrap(appendReadings(colleague.doc, ids.nrr, [{ at: day(0), value: 111, source: 'finance' }], new Date()));
    unwrap(updateNode(colleague.doc, ids.intent, { title: 'Grow profitably in 2027' }));
    await eventually(() => page.getByRole('textbox', { name: 'Intent title' }).inputValue()).toBe('Grow profitably in 2027');
    expect(await kpi.inputValue()).toBe(ids.nrr);
    expect(await shown()).toBe('Net revenue retention');

    // Archived KPIs are not offered; the one linked stays, said to be archived.
    unwrap(archiveKpi(colleague.doc, margin, null));
    unwrap(archiveKpi(colleague.doc, ids.nrr, null));
    await eventually(shown).toBe('Net revenue retention (archived)');
    expect(await kpi.locator('option').allTextContents()).toEqual(['None', 'Net revenue retention (archived)']);
  });

  it('[U30] a field Ana is in keeps her place through a colleague’s change to it, and shows what is stored once she leaves it untouched', async () => {
    const { ids, ana, colleague } = await anaWithColleague();
    const page = ana.page;
    const owner = page.getByLabel('Owner of Win the mid-market', { exact: true });
    await owner.click();
    unwrap(updateNode(colleague.doc, ids.objective, { owner: 'Grace Mensah' }));
    unwrap(updateNode(colleague.doc, ids.intent, { title: 'Grow profitably in 2027' }));
    await eventually(() => page.getByRole('textbox', { name: 'Intent title' }).inputValue()).toBe('Grow profitably in 2027');
    // In the field, what she sees stays put.
    expect(await owner.inputValue()).toBe('Dana');
    // She leaves it without typing: it shows what is stored now, not what was there when she came in.
    await owner.blur();
    await eventually(() => owner.inputValue()).toBe('Grace Mensah');
  });

  it('[U30][U89] an agenda card a colleague’s decision moves down keeps the field Ana types in focused: the rest of her sentence lands in it', async () => {
    const { ana, colleague } = await anaWithColleague();
    const pricing = unwrap(createAgendaItem(colleague.doc, { title: 'Pricing page', timeboxMin: 10 }));
    unwrap(createAgendaItem(colleague.doc, { title: 'Hiring plan', timeboxMin: 10 }));
    await viewTab(ana.page, 'Agenda').click();
    const card = ana.page.getByRole('article', { name: 'Pricing page' });
    const action = card.getByLabel('New action');
    await action.click();
    await ana.page.keyboard.type('Call the');
    // Decided, the card moves below "Hiring plan", still to decide.
    unwrap(decideItem(colleague.doc, pricing, null, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Decided');
    expect(await ana.page.getByRole('article').evaluateAll((cards) => cards.map((el) => el.getAttribute('aria-label')))).toEqual(['Hiring plan', 'Pricing page']);
    await ana.page.keyboard.type(' top five');
    expect(await action.inputValue()).toBe('Call the top five');
    expect(await action.evaluate((input) => input === document.activeElement)).toBe(true);
  });

  it('[U30][U89] an agenda item resolved on Ana’s screen while Ben writes an action in it: his words, his focus and the owner he typed go with the card to Resolved, unfolded', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      unwrap(createAgendaItem(doc, { title: 'Pricing page', timeboxMin: 10 }));
    });
    open.ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    open.ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    const page = open.ben.page;
    page.context().setDefaultTimeout(10_000);
    for (const person of [open.ana, open.ben]) await viewTab(person.page, 'Agenda').click();
    // Re-found at each use: the card Ben is in is made again in the "Resolved" group, found
    // there folded or not.
    const card = page.locator('article[aria-label="Pricing page"]');
    await card.getByLabel('Action owner').fill('Kim Lee');
    await card.getByLabel('New action').click();
    await page.keyboard.type('Call the');
    await open.ana.page.getByRole('article', { name: 'Pricing page' }).getByRole('button', { name: 'Resolve' }).click();
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Resolved');
    await page.keyboard.type(' top five');
    expect(await card.getByLabel('New action').inputValue()).toBe('Call the top five');
    expect(await card.getByLabel('New action').evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await card.getByLabel('Action owner').inputValue()).toBe('Kim Lee');
    expect(await card.evaluate((el) => el.closest('details')?.open)).toBe(true);
  });

  /** Ana on the Agenda with "Pricing page" first, then "Hiring plan" and `more` topics, still to decide. */
  async function agendaWithColleague(more = 0): Promise<{ pricing: string; ana: Participant; colleague: Client }> {
    const { ana, colleague } = await anaWithColleague();
    const pricing = unwrap(createAgendaItem(colleague.doc, { title: 'Pricing page', timeboxMin: 10 }));
    unwrap(createAgendaItem(colleague.doc, { title: 'Hiring plan', timeboxMin: 10 }));
    for (let topic = 1; topic <= more; topic++) unwrap(createAgendaItem(colleague.doc, { title: `Topic ${topic}`, timeboxMin: 10 }));
    await viewTab(ana.page, 'Agenda').click();
    return { pricing, ana, colleague };
  }
  const decide = (colleague: Client, id: string) => unwrap(decideItem(colleague.doc, id, null, { by: 'Ben Okafor', now: new Date() }));
  /** Each value of an item's field the colleague's copy holds from now on, in order: what Ana committed, and when. */
  function valuesSeen(colleague: Client, id: string, read: (item: AgendaItemView) => string | null): (string | null)[] {
    const current = () => read(readAgendaViews(colleague.doc).get(id)!);
    const seen = [current()];
    colleague.doc.on('update', () => {
      if (current() !== seen.at(-1)) seen.push(current());
    });
    return seen;
  }
  /** What the colleague's screen is told the named person edits, each change in order from now on. */
  function editingSeen(colleague: Client, name: string): (string | null)[] {
    const awareness = colleague.provider.awareness;
    const seen: (string | null)[] = [];
    awareness.on('change', () => {
      const state = [...awareness.getStates().values()].find((peer) => peer.user?.name === name);
      const editing = state?.editing ?? null;
      if (editing !== seen.at(-1)) seen.push(editing);
    });
    return seen;
  }
  const focused = (field: Locator) => field.evaluate((element) => element === document.activeElement);
  /** Ana on the Agenda halfway through typing "Grace" into Pricing page's owner; `owners`, what the colleague's copy holds from now on. */
  async function ownerHalfTyped() {
    const { pricing, ana, colleague } = await agendaWithColleague();
    const owners = valuesSeen(colleague, pricing, (item) => item.owner);
    const card = ana.page.getByRole('article', { name: 'Pricing page' });
    const owner = card.getByLabel('Owner of Pricing page');
    await owner.click();
    await ana.page.keyboard.type('Gra');
    return { pricing, ana, colleague, owners, card, owner };
  }
  /** What the colleague's screen is told the named person edits now. */
  const editingOf = (colleague: Client, name: string) =>
    [...colleague.provider.awareness.getStates().values()].find((peer) => peer.user?.name === name)?.editing ?? null;

  it('[U89] a card Ana clicked, moved by a colleague’s decision, does not scroll her page to where it went', async () => {
    const { pricing, ana, colleague } = await agendaWithColleague(14);
    const card = ana.page.getByRole('article', { name: 'Pricing page' });
    // Its body, not a control: the card itself takes the focus (it is focusable, for "Show it", U47).
    await card.getByTestId('time-spent').click();
    expect(await focused(card)).toBe(true);
    await ana.page.evaluate(() => window.scrollTo(0, 0));
    decide(colleague, pricing);
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Decided');
    expect(await ana.page.getByRole('article').last().getAttribute('aria-label')).toBe('Pricing page');
    // The focus is given back in the same task as the move, so both are settled by now.
    expect(await ana.page.evaluate(() => window.scrollY)).toBe(0);
    expect(await focused(card)).toBe(false);
  });

  it('[U89] nor does a colleague resolving the card she clicked: it is not focused in the folded "Resolved" group, which stays folded', async () => {
    const { pricing, ana, colleague } = await agendaWithColleague(14);
    // Found by its label, not its role: once resolved it is in a folded group, hidden from roles.
    const card = ana.page.locator('article[aria-label="Pricing page"]');
    await card.getByTestId('time-spent').click();
    expect(await focused(card)).toBe(true);
    await ana.page.evaluate(() => window.scrollTo(0, 0));
    unwrap(resolveItem(colleague.doc, pricing, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Resolved');
    // The card is made again in the same update that took it out, so both are settled by now.
    expect(await ana.page.evaluate(() => window.scrollY)).toBe(0);
    expect(await focused(card)).toBe(false);
    expect(await card.evaluate((element) => element.closest('details')?.open)).toBe(false);
  });

  it('[U89] colleagues see Ana editing a card throughout a move of it, with no blink of her avatar', async () => {
    const { pricing, ana, colleague } = await agendaWithColleague();
    const editing = editingSeen(colleague, 'Ana Diaz');
    const card = ana.page.getByRole('article', { name: 'Pricing page' });
    await card.getByLabel('New action').click();
    await ana.page.keyboard.type('Call the');
    await eventually(() => editing.at(-1)).toBe(pricing);
    decide(colleague, pricing);
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Decided');
    await ana.page.keyboard.type(' top five');
    await ana.page.keyboard.press('Enter');
    // Her presence and her edits come over one socket, in order: what she said before the action is in.
    await eventually(() => readAgendaViews(colleague.doc).get(pricing)!.actions.map((action) => action.text)).toEqual(['Call the top five']);
    expect(editing.slice(editing.indexOf(pricing))).toEqual([pricing]);
  });

  it('[U89] an owner half typed into a card a colleague decides is not committed: the field keeps it, and Enter commits the whole name', async () => {
    const { pricing, ana, colleague, owners, card, owner } = await ownerHalfTyped();
    decide(colleague, pricing);
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Decided');
    expect(await focused(owner)).toBe(true);
    await ana.page.keyboard.type('ce');
    await ana.page.keyboard.press('Enter');
    await eventually(() => owners.at(-1)).toBe('Grace');
    expect(owners).toEqual([null, 'Grace']);
  });

  it('[U89] an owner half typed into a card a colleague resolves goes with the card, not committed: Enter there commits the whole name, and colleagues see her editing throughout', async () => {
    const { pricing, ana, colleague, owners, card, owner } = await ownerHalfTyped();
    await eventually(() => editingOf(colleague, 'Ana Diaz')).toBe(pricing);
    const editing = editingSeen(colleague, 'Ana Diaz');
    unwrap(resolveItem(colleague.doc, pricing, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Resolved');
    expect(await focused(owner)).toBe(true);
    expect(await owner.inputValue()).toBe('Gra');
    await ana.page.keyboard.type('ce');
    await ana.page.keyboard.press('Enter');
    await eventually(() => owners.at(-1)).toBe('Grace');
    expect(owners).toEqual([null, 'Grace']);
    expect(editing.filter((id) => id === null)).toEqual([]);
  });

  it('[U89] a title being renamed in a card a colleague decides stays open and focused, and Enter commits all of it', async () => {
    const { pricing, ana, colleague } = await agendaWithColleague();
    const titles = valuesSeen(colleague, pricing, (item) => item.title);
    const card = ana.page.getByRole('article', { name: 'Pricing page' });
    await card.getByRole('button', { name: 'Rename Pricing page' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' v2');
    decide(colleague, pricing);
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Decided');
    const field = card.locator('.item-title-input');
    expect(await focused(field)).toBe(true);
    await ana.page.keyboard.type(' final');
    await ana.page.keyboard.press('Enter');
    await eventually(() => titles.at(-1)).toBe('Pricing page v2 final');
    expect(titles).toEqual(['Pricing page', 'Pricing page v2 final']);
  });

  it('[U89] a title being renamed in a card a colleague resolves goes with it to Resolved, open, focused and as typed: Enter there commits all of it', async () => {
    const { pricing, ana, colleague } = await agendaWithColleague();
    const titles = valuesSeen(colleague, pricing, (item) => item.title);
    // Found by its label, not its role: the "Resolved" group it goes to is found folded or not.
    const card = ana.page.locator('article[aria-label="Pricing page"]');
    await card.getByRole('button', { name: 'Rename Pricing page' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' v2');
    unwrap(resolveItem(colleague.doc, pricing, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Resolved');
    const field = card.locator('.item-title-input');
    expect(await field.count(), 'Rename open in the new card').toBe(1);
    expect(await focused(field)).toBe(true);
    expect(await field.inputValue()).toBe('Pricing page v2');
    await ana.page.keyboard.type(' final');
    await ana.page.keyboard.press('Enter');
    await eventually(() => titles.at(-1)).toBe('Pricing page v2 final');
    expect(titles).toEqual(['Pricing page', 'Pricing page v2 final']);
  });

  it('[U89][U102] a Rename open in a card that goes closes with it, its text quoted in a notice that saves it if asked: the view left with Alt+1, or the item archived by a colleague; restored, the card has its title and takes no focus', async () => {
    const { pricing, ana, colleague } = await agendaWithColleague();
    const title = () => readAgendaViews(colleague.doc).get(pricing)!.title;
    // The view left with the keyboard: not leaving the field (a click on a tab would commit it), the card goes.
    await ana.page.locator('article[aria-label="Pricing page"]').getByRole('button', { name: 'Rename Pricing page' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' v2');
    await ana.page.keyboard.press('Alt+1');
    await eventually(() => ana.page.getByRole('article').count()).toBe(0);
    const leftBehind = ana.page.locator('.notice').filter({ hasText: 'Pricing page v2' });
    expect(await leftBehind.textContent()).toContain('Your new title for “Pricing page” was not saved: “Pricing page v2”.');
    expect(title()).toBe('Pricing page');
    await leftBehind.getByRole('button', { name: 'Save it' }).click();
    await eventually(title).toBe('Pricing page v2');

    await viewTab(ana.page, 'Agenda').click();
    const card = ana.page.locator('article[aria-label="Pricing page v2"]');
    await card.getByRole('button', { name: 'Rename Pricing page v2' }).click();
    await ana.page.keyboard.type('Pricing');
    unwrap(archiveAgendaItem(colleague.doc, pricing));
    await eventually(() => card.count()).toBe(0);
    const notice = ana.page.locator('.notice').filter({ hasText: 'not saved: “Pricing”' });
    expect(await notice.textContent()).toContain('Your new title for “Pricing page v2” was not saved: “Pricing”.');
    await ana.page.getByLabel('New agenda item').click();
    unwrap(restoreAgendaItem(colleague.doc, pricing));
    await eventually(() => card.count()).toBe(1);
    expect(await card.locator('.item-title-input').count()).toBe(0);
    expect(await card.getByRole('heading', { name: 'Pricing page v2' }).count()).toBe(1);
    expect(await focused(ana.page.getByLabel('New agenda item'))).toBe(true);
    await notice.getByRole('button', { name: 'Save it' }).click();
    await eventually(title).toBe('Pricing');
  });

  it('[U69][U89] an owner half typed into a dependency card a colleague flags goes with the card to its new column, not committed: Enter there commits the whole name, and colleagues see her editing throughout', async () => {
    const { ids, ana, colleague } = await anaWithColleague();
    const ownerNow = () => (depsMap(colleague.doc).get(ids.dependency)!.get('owner') as string | null) ?? null;
    const owners = [ownerNow()];
    colleague.doc.on('update', () => {
      if (ownerNow() !== owners.at(-1)) owners.push(ownerNow());
    });
    await viewTab(ana.page, 'Dependencies').click();
    const card = ana.page.getByTestId('dep-card');
    const column = () => card.locator('xpath=..').getAttribute('aria-label');
    const owner = card.getByLabel('Follow-up owner of Usage export API → Onboarding revamp');
    await owner.click();
    await ana.page.keyboard.press('ControlOrMeta+a');
    await ana.page.keyboard.type('Gra');
    await eventually(() => editingOf(colleague, 'Ana Diaz')).toBe(ids.dependency);
    const editing = editingSeen(colleague, 'Ana Diaz');
    unwrap(flagDependency(colleague.doc, ids.dependency, 'blocked'));
    await eventually(column).toBe('Platform, Blocked');
    expect(await focused(owner)).toBe(true);
    expect(await owner.inputValue()).toBe('Gra');
    await ana.page.keyboard.type('ce');
    await ana.page.keyboard.press('Enter');
    await eventually(() => owners.at(-1)).toBe('Grace');
    expect(owners).toEqual(['Ana', 'Grace']);
    expect(editing.filter((id) => id === null)).toEqual([]);
  });

  it('[U101] Ana is no longer shown editing a card that goes with the focus in it: a dependency a colleague archives, an agenda item she leaves with Alt+1', async () => {
    const { ids, ana, colleague } = await anaWithColleague();
    const pricing = unwrap(createAgendaItem(colleague.doc, { title: 'Pricing page', timeboxMin: 10 }));
    await viewTab(ana.page, 'Dependencies').click();
    await ana.page.getByLabel('Follow-up owner of Usage export API → Onboarding revamp').click();
    await eventually(() => editingOf(colleague, 'Ana Diaz')).toBe(ids.dependency);
    unwrap(archiveDependency(colleague.doc, ids.dependency, 'Ben Okafor'));
    await eventually(() => ana.page.getByTestId('dep-card').count()).toBe(0);
    await eventually(() => editingOf(colleague, 'Ana Diaz')).toBe(null);

    await viewTab(ana.page, 'Agenda').click();
    await ana.page.getByRole('article', { name: 'Pricing page' }).getByRole('button', { name: 'Rename Pricing page' }).focus();
    await eventually(() => editingOf(colleague, 'Ana Diaz')).toBe(pricing);
    await ana.page.keyboard.press('Alt+1');
    await eventually(() => ana.page.getByRole('article', { name: 'Pricing page' }).count()).toBe(0);
    await eventually(() => editingOf(colleague, 'Ana Diaz')).toBe(null);
  });
});
