import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveAgendaItem, createAgendaItem } from '../../shared/schema/agenda-accessors';
import { decideItem, resolveItem } from '../../shared/schema/agenda-outcomes';
import { readAgendaViews } from '../../shared/schema/agenda-read';
import { unwrap } from '../../shared/schema/op-result';
import { depsMap, metaMap } from '../../shared/schema/root-types';
import { flagDependency } from '../../shared/tree/dependency-handshake';
import { connectSynced, type Client } from '../integration/support/clients';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { signedIn, type Participant } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';

/**
 * Alt-Tab away from a field and back (SPEC U80): the window losing the focus is not the person
 * leaving the field. Run in the full browser (`windows`), focus emulation off: the headless shell
 * has no windows to lose the focus to, and Playwright tells every page it has the focus unless
 * told not to, per page. While its window is away, Chromium sends a page's
 * elements no `focus` or `blur` until the window is back, which is what a colleague's change
 * meanwhile meets.
 */
describe('a field stays as it was while another window has the focus', () => {
  const env = useServerAndBrowser({}, { windows: true });
  const open: { ana?: Participant; colleague?: Client } = {};
  afterEach(async () => {
    await open.ana?.context.close();
    open.colleague?.destroy();
  });

  /** Ana (a facilitator) on the Agenda, "Pricing page" on it, and a colleague's client. */
  async function anaOnTheAgenda(): Promise<{ pricing: string; ana: Participant; colleague: Client }> {
    let pricing = '';
    const { workspace } = await seededReview(env, (doc) => {
      pricing = unwrap(createAgendaItem(doc, { title: 'Pricing page', timeboxMin: 10 }));
    });
    open.ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    open.ana.context.setDefaultTimeout(10_000);
    open.colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    await viewTab(open.ana.page, 'Agenda').click();
    return { pricing, ana: open.ana, colleague: open.colleague };
  }

  /** Another window takes the focus, as Alt-Tab to a chat does; what it returns brings Ana's back. */
  async function awayAndBack(page: Page): Promise<() => Promise<void>> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const other = await page.context().newPage();
    await other.bringToFront();
    await eventually(() => page.evaluate(() => document.hasFocus())).toBe(false);
    return async () => {
      await page.bringToFront();
      await eventually(() => page.evaluate(() => document.hasFocus())).toBe(true);
      await other.close();
    };
  }
  const titleOf = (client: Client) => metaMap(client.doc).get('title');
  const focused = (page: Page, label: string) => page.evaluate((name) => document.activeElement?.getAttribute('aria-label') === name, label);

  /**
   * Each value `read` gives the colleague's copy from now on, in order: what Ana committed (or, from
   * `presence`, said she is doing), and when. Whatever her page sends goes one socket, in order, so
   * once the colleague has her latest, anything she sent before it is in the list.
   */
  function valuesSeen<T>(colleague: Client, read: () => T, from: 'document' | 'presence' = 'document'): T[] {
    const seen = [read()];
    const note = () => {
      if (read() !== seen.at(-1)) seen.push(read());
    };
    if (from === 'presence') colleague.provider.awareness.on('change', note);
    else colleague.doc.on('update', note);
    return seen;
  }

  it('[U80][U91] a Rename open on an agenda card stays open with its text while Ana is in another window; back, she types on and Enter commits it all', async () => {
    const { pricing, ana, colleague } = await anaOnTheAgenda();
    const titles = valuesSeen(colleague, () => readAgendaViews(colleague.doc).get(pricing)!.title);
    const card = ana.page.getByRole('article', { name: 'Pricing page' });
    await card.getByRole('button', { name: 'Rename Pricing page' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' v2');
    const back = await awayAndBack(ana.page);
    const field = card.getByLabel('New title for Pricing page');
    expect(await field.count(), 'Rename still open while away').toBe(1);
    expect(await field.inputValue()).toBe('Pricing page v2');
    await back();
    expect(await focused(ana.page, 'New title for Pricing page')).toBe(true);
    await ana.page.keyboard.type(' final');
    await ana.page.keyboard.press('Enter');
    await eventually(() => titles.at(-1)).toBe('Pricing page v2 final');
    // Nothing was committed before the Enter, while she was away or since.
    expect(titles).toEqual(['Pricing page', 'Pricing page v2 final']);
  });

  it('[U80] an owner half typed is not committed as Ana goes to another window: back, she types on, and a click elsewhere commits the whole name', async () => {
    const { pricing, ana, colleague } = await anaOnTheAgenda();
    const owners = valuesSeen(colleague, () => readAgendaViews(colleague.doc).get(pricing)!.owner);
    const owner = ana.page.getByLabel('Owner of Pricing page');
    await owner.click();
    await ana.page.keyboard.type('Gra');
    const back = await awayAndBack(ana.page);
    await back();
    expect(await focused(ana.page, 'Owner of Pricing page')).toBe(true);
    await ana.page.keyboard.type('ce');
    // A heading (focusable by script, tabindex -1) takes the focus: a blur with somewhere to go.
    await ana.page.getByRole('heading', { name: 'Review agenda' }).click();
    await eventually(() => owners.at(-1)).toBe('Grace');
    // No "Gra" before it: nothing was committed while she was away.
    expect(owners).toEqual([null, 'Grace']);
    // A paragraph takes none: a blur with nowhere to go (no relatedTarget), the focus on the body.
    await owner.click();
    await ana.page.keyboard.press('ControlOrMeta+a');
    await ana.page.keyboard.type('Kim Lee');
    await ana.page.locator('p.hint').first().click();
    await eventually(() => owners.at(-1)).toBe('Kim Lee');
    expect(owners).toEqual([null, 'Grace', 'Kim Lee']);
  });

  it('[U80] the review’s title being renamed in the header stays open with its text while Ana is in another window: back, she types on and Enter commits it all', async () => {
    const { ana, colleague } = await anaOnTheAgenda();
    const titles = valuesSeen(colleague, () => titleOf(colleague));
    await ana.page.getByRole('button', { name: 'Q4 operating review' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' (draft');
    const back = await awayAndBack(ana.page);
    await back();
    expect(await ana.page.getByLabel('Title of this review').inputValue()).toBe('Q4 operating review (draft');
    expect(await focused(ana.page, 'Title of this review')).toBe(true);
    await ana.page.keyboard.type(')');
    await ana.page.keyboard.press('Enter');
    await eventually(() => titles.at(-1)).toBe('Q4 operating review (draft)');
    // Nothing was committed before the Enter, while she was away or since.
    expect(titles).toEqual(['Q4 operating review', 'Q4 operating review (draft)']);
  });

  it('[U69][U80] an owner half typed into a dependency card that a colleague flags while Ana is in another window goes with the card: back, she types on and Enter commits the whole name', async () => {
    const { workspace, ids } = await seededReview(env);
    open.ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    open.ana.context.setDefaultTimeout(10_000);
    const colleague = (open.colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor));
    const page = open.ana.page;
    const owners = valuesSeen(colleague, () => (depsMap(colleague.doc).get(ids.dependency)!.get('owner') as string | null) ?? null);
    await viewTab(page, 'Dependencies').click();
    const card = page.getByTestId('dep-card');
    const owner = card.getByLabel('Follow-up owner of Usage export API → Onboarding revamp');
    await owner.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Gra');
    const back = await awayAndBack(page);
    unwrap(flagDependency(colleague.doc, ids.dependency, 'blocked'));
    await eventually(() => card.locator('xpath=..').getAttribute('aria-label')).toBe('Platform, Blocked');
    expect(await owner.inputValue()).toBe('Gra');
    await back();
    expect(await owner.inputValue()).toBe('Gra');
    expect(await focused(page, 'Follow-up owner of Usage export API → Onboarding revamp')).toBe(true);
    await page.keyboard.type('ce');
    await page.keyboard.press('Enter');
    await eventually(() => owners.at(-1)).toBe('Grace');
    expect(owners).toEqual(['Ana', 'Grace']);
  });

  it('[U80][U89] a Rename half typed in an agenda card that a colleague resolves while Ana is in another window goes with it to Resolved: back, she types on and Enter commits all of it', async () => {
    const { pricing, ana, colleague } = await anaOnTheAgenda();
    const titles = valuesSeen(colleague, () => readAgendaViews(colleague.doc).get(pricing)!.title);
    // Found by its label, not its role: the "Resolved" group it goes to is found folded or not.
    const card = ana.page.locator('article[aria-label="Pricing page"]');
    await card.getByRole('button', { name: 'Rename Pricing page' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' v2');
    const back = await awayAndBack(ana.page);
    unwrap(resolveItem(colleague.doc, pricing, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Resolved');
    const field = card.locator('.item-title-input');
    expect(await field.inputValue()).toBe('Pricing page v2');
    await back();
    expect(await field.inputValue()).toBe('Pricing page v2');
    expect(await focused(ana.page, 'New title for Pricing page')).toBe(true);
    await ana.page.keyboard.type(' final');
    await ana.page.keyboard.press('Enter');
    await eventually(() => titles.at(-1)).toBe('Pricing page v2 final');
    expect(titles).toEqual(['Pricing page', 'Pricing page v2 final']);
  });

  it('[U80][U101][U102] a Rename half typed in an agenda card that a colleague resolves, then archives, while Ana is in another window: colleagues no longer see her editing it, and her title is offered back to save', async () => {
    const { pricing, ana, colleague } = await anaOnTheAgenda();
    const editing = () => [...colleague.provider.awareness.getStates().values()].find((peer) => peer.user?.name === 'Ana Diaz')?.editing ?? null;
    const card = ana.page.locator('article[aria-label="Pricing page"]');
    await card.getByRole('button', { name: 'Rename Pricing page' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' v2');
    await eventually(editing).toBe(pricing);
    const back = await awayAndBack(ana.page);
    // Made again in "Resolved", the card takes the Rename along (U89); then it goes altogether.
    unwrap(resolveItem(colleague.doc, pricing, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => card.getByTestId('item-state').textContent()).toBe('Resolved');
    expect(await card.locator('.item-title-input').inputValue()).toBe('Pricing page v2');
    unwrap(archiveAgendaItem(colleague.doc, pricing));
    await eventually(() => card.count()).toBe(0);
    await eventually(editing).toBe(null);
    const notice = ana.page.locator('.notice').filter({ hasText: 'was not saved' });
    expect(await notice.textContent()).toContain('Your new title for “Pricing page” was not saved: “Pricing page v2”.');
    await back();
    await notice.getByRole('button', { name: 'Save it' }).click();
    await eventually(() => readAgendaViews(colleague.doc).get(pricing)!.title).toBe('Pricing page v2');
  });

  it('[U80][U89] an owner half typed into an agenda card that a colleague’s decision moves down while Ana is in another window has the focus again once she is back: she types on and Enter commits the whole name', async () => {
    const { pricing, ana, colleague } = await anaOnTheAgenda();
    unwrap(createAgendaItem(colleague.doc, { title: 'Hiring plan', timeboxMin: 10 }));
    await eventually(() => ana.page.getByRole('article').count()).toBe(2);
    const owners = valuesSeen(colleague, () => readAgendaViews(colleague.doc).get(pricing)!.owner);
    const owner = ana.page.getByLabel('Owner of Pricing page');
    await owner.click();
    await ana.page.keyboard.type('Gra');
    const back = await awayAndBack(ana.page);
    unwrap(decideItem(colleague.doc, pricing, null, { by: 'Ben Okafor', now: new Date() }));
    await eventually(() => ana.page.getByRole('article').evaluateAll((cards) => cards.map((el) => el.getAttribute('aria-label')))).toEqual(['Hiring plan', 'Pricing page']);
    await back();
    expect(await focused(ana.page, 'Owner of Pricing page')).toBe(true);
    await ana.page.keyboard.type('ce');
    await ana.page.keyboard.press('Enter');
    await eventually(() => owners.at(-1)).toBe('Grace');
    expect(owners).toEqual([null, 'Grace']);
  });

  it('[U80][U101] colleagues go on seeing Ana editing a tree row, its status and a KPI’s details while she is in another window', async () => {
    const { workspace, ids } = await seededReview(env);
    open.ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    open.ana.context.setDefaultTimeout(10_000);
    const colleague = (open.colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor));
    const page = open.ana.page;
    const editing = () => [...colleague.provider.awareness.getStates().values()].find((peer) => peer.user?.name === 'Ana Diaz')?.editing ?? null;
    const seen = valuesSeen(colleague, editing, 'presence');
    const awayFrom = async (id: string) => {
      await eventually(editing).toBe(id);
      const back = await awayAndBack(page);
      await back();
    };
    await page.getByRole('textbox', { name: 'Key result title' }).click();
    await awayFrom(ids.keyResult);
    await page.getByLabel('Status of Retention at 110 %').focus();
    await awayFrom(ids.keyResult);
    await viewTab(page, 'KPIs').click();
    await page.getByTestId('kpi-row').filter({ hasText: 'Net revenue retention' }).getByRole('button').first().click();
    await page.getByLabel('Name of this KPI').click();
    await awayFrom(ids.nrr);
    // Leaving the field says so after all the rest: once the colleague has that, any change while
    // she was away would be among what was seen, and there was none.
    await page.getByRole('heading', { name: 'KPIs', exact: true }).click();
    await eventually(() => seen.at(-1)).toBe(null);
    expect(seen).toEqual([null, ids.keyResult, null, ids.nrr, null]);
  });
});
