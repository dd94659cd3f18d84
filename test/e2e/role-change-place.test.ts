import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAgendaItem, updateAgendaItem } from '../../shared/schema/agenda-accessors';
import { startMeeting } from '../../shared/schema/meeting';
import { unwrap } from '../../shared/schema/op-result';
import { connectSynced } from '../integration/support/clients';
import { call, invite } from '../integration/support/people';
import { viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { newParticipant, PHONE } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';

describe('a role changed under a screen', () => {
  const env = useServerAndBrowser();

  /**
   * Noah, invited as a viewer, on a phone on the agenda of a review whose meeting is running, with
   * twelve topics and a snapshot taken before: "Since the last review" opens the agenda, read over
   * REST as the review opens. His phone is an iPhone's WebKit, which has no scroll anchoring:
   * Chromium's, turned off, would otherwise keep a card in place as content grows above it.
   * `changeRole` gives him another role. His page runs on a clock the test moves: the place is
   * held for two seconds, and how long the page took to open again under load must not decide
   * whether it is still held.
   */
  async function noahOnTheAgenda() {
    const ids: string[] = [];
    const { workspace } = await seededReview(env, (doc) => {
      for (let i = 1; i <= 12; i++) ids.push(unwrap(createAgendaItem(doc, { title: `Topic ${i}: a review item to read` })));
      unwrap(startMeeting(doc, { by: 'Ana Diaz', now: new Date() }));
    });
    const facilitator = { token: workspace.tokens.facilitator };
    expect((await call(env.server.url, 'POST', `/api/workspaces/${workspace.id}/snapshots`, facilitator, { label: 'Last week' })).status).toBe(201);
    const { member, link } = await invite(env.server.url, workspace.id, facilitator, { name: 'Noah Williams', role: 'viewer' });
    const noah = await newParticipant(env.browser, 'Noah Williams', PHONE);
    await noah.context.clock.install();
    await noah.page.goto(link);
    await noah.page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    await noah.page.evaluate(() => document.documentElement.style.setProperty('overflow-anchor', 'none'));
    await viewTab(noah.page, 'Agenda').click();
    await noah.page.getByTestId('since-last-review').waitFor();
    const changeRole = async (role: string) => {
      const changed = await call(env.server.url, 'PATCH', `/api/workspaces/${workspace.id}/members/${member.id}`, facilitator, { role });
      expect(changed.status).toBe(200);
    };
    // Stops Noah's clock: from then on time passes on his page only as `runFor` says.
    const stopClock = async () => noah.page.clock.pauseAt((await noah.page.evaluate(() => Date.now())) + 100);
    // The review opened again in the new role: its view (main) is made, and the document shown in
    // it, which the view takes in batches on a timer.
    const reopened = async (role: string) => {
      await eventually(() => noah.page.getByTestId('role').textContent()).toBe(role);
      await noah.page.locator('main#main').waitFor();
      await noah.page.clock.runFor(200);
    };
    return { workspace, ids, noah, changeRole, stopClock, reopened };
  }

  /**
   * Holds the page's reads of the snapshot list until the returned function is called: the review
   * opened again shows "Since the last review", above the topics, only then.
   */
  async function holdSinceLastReview(page: Page): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/workspaces\/[^/]+\/snapshots$/, async (route) => {
      await released;
      await route.continue();
    });
    return release;
  }

  const topic = (page: Page, n: number) => page.getByRole('article', { name: `Topic ${n}: a review item to read` });

  /** Whether topic `n` is wholly in the window of `page`. */
  const inView = async (page: Page, n: number) => {
    const box = await topic(page, n).boundingBox();
    const height = page.viewportSize()!.height;
    return box !== null && box.y >= 0 && box.y + box.height <= height;
  };

  /** The facilitator, Ana, on a stock client: `select` selects topic `n`, summoning everyone there too if asked. */
  async function facilitatorOf(workspace: { id: string; tokens: { facilitator: string } }, ids: string[]) {
    const lead = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.facilitator);
    const select = (n: number, summon = false) =>
      lead.provider.awareness.setLocalState({
        user: { id: 'ana', name: 'Ana Diaz', color: '#0e7490', role: 'facilitator' },
        view: 'agenda',
        selection: ids[n - 1],
        editing: null,
        since: Date.now(),
        summon: summon ? { view: 'agenda', selection: ids[n - 1], at: Date.now() } : null,
      });
    return { lead, select };
  }

  it('[A17] a member reading far down the agenda on a phone, made a facilitator, is still there once the review opens again, and stays there as "Since the last review" arrives above', async () => {
    const { workspace, ids, noah, changeRole, stopClock, reopened } = await noahOnTheAgenda();
    const { lead } = await facilitatorOf(workspace, ids);
    const nine = topic(noah.page, 9);
    await nine.evaluate((card) => card.scrollIntoView({ block: 'start' }));
    // A little above the card's top, as a reader stops; scrollBy is done when it returns (a wheel is not).
    await noah.page.evaluate(() => window.scrollBy(0, -40));
    expect(await noah.page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);
    const top = async () => (await nine.boundingBox())?.y ?? Number.NaN;
    const readingAt = await top();

    const release = await holdSinceLastReview(noah.page);
    await stopClock();
    await changeRole('facilitator');
    // Opened again as a facilitator (A17): the agenda, and the page where Noah was reading it.
    await reopened('facilitator');
    // The card Noah was reading is where it stood on the screen, however much taller the cards
    // above it are with a facilitator's controls: not the page's top, nor its old scroll offset.
    await eventually(async () => Math.abs((await top()) - readingAt)).toBeLessThan(2);
    expect(await noah.page.getByTestId('since-last-review').count()).toBe(0);
    // Then "Since the last review" comes in above it: the card stays where Noah reads it.
    release();
    await noah.page.getByTestId('since-last-review').waitFor();
    await eventually(async () => Math.abs((await top()) - readingAt)).toBeLessThan(2);
    await saveScreenshot(noah.page, 'role-change-keeps-scroll');
    // Two seconds on, the hold is over: a topic above growing moves the card, as in any page.
    await noah.page.clock.runFor(2_100);
    unwrap(updateAgendaItem(lead.doc, ids[0]!, { title: `Topic 1: ${'a much longer title that wraps, '.repeat(6)}` }));
    await eventually(async () => {
      await noah.page.clock.runFor(100);
      return (await top()) - readingAt;
    }).toBeGreaterThan(20);
    lead.destroy();
    await noah.context.close();
  });

  it('[A17] a member following the facilitator, made an editor, opens again on what the facilitator selected, and on what they select next as the page fills in', async () => {
    const { workspace, ids, noah, changeRole, stopClock, reopened } = await noahOnTheAgenda();
    const { lead, select } = await facilitatorOf(workspace, ids);
    select(12);
    await noah.page.getByRole('button', { name: 'Follow facilitator' }).tap();
    await eventually(() => inView(noah.page, 12)).toBe(true);
    // Noah reads further up as the facilitator talks; he still follows.
    await topic(noah.page, 6).evaluate((card) => card.scrollIntoView({ block: 'start' }));
    expect(await inView(noah.page, 12)).toBe(false);

    const release = await holdSinceLastReview(noah.page);
    await stopClock();
    await changeRole('editor');
    await reopened('editor');
    // Still following, once the facilitator's presence is in again.
    await eventually(() => noah.page.getByRole('button', { name: 'Following facilitator' }).count()).toBe(1);
    await eventually(() => inView(noah.page, 12)).toBe(true);
    // The facilitator moves on at once, and the page grows above as it fills in: Noah is on the new topic.
    select(1);
    await eventually(() => topic(noah.page, 1).getAttribute('data-selected')).toBe('');
    release();
    await noah.page.getByTestId('since-last-review').waitFor();
    await eventually(() => inView(noah.page, 1)).toBe(true);
    lead.destroy();
    await noah.context.close();
  });

  it('[A17][U64] a member made an editor, summoned by the facilitator as the page fills in, is on the topic they were summoned to', async () => {
    const { workspace, ids, noah, changeRole, stopClock, reopened } = await noahOnTheAgenda();
    const { lead, select } = await facilitatorOf(workspace, ids);
    await topic(noah.page, 9).evaluate((card) => card.scrollIntoView({ block: 'start' }));
    const release = await holdSinceLastReview(noah.page);
    await stopClock();
    await changeRole('editor');
    await reopened('editor');
    // As the review opens again, the facilitator asks everyone to topic 1: its bar, then
    // "Since the last review", grow the page above the cards.
    select(1, true);
    await noah.page.getByTestId('summons').waitFor();
    release();
    await noah.page.getByTestId('since-last-review').waitFor();
    await eventually(() => inView(noah.page, 1)).toBe(true);
    // The server's changes that came in meanwhile did not take the bar, and its way back, away.
    expect(await noah.page.getByTestId('summons').count()).toBe(1);
    // Still within the hold, Ana moves on to the KPIs: the summons goes with the room (U64), its
    // bar leaves the page, and the page stays on topic 1 rather than going back to topic 9.
    lead.provider.awareness.setLocalState({ ...lead.provider.awareness.getLocalState(), view: 'kpis', selection: null, summon: null });
    await eventually(() => noah.page.getByTestId('summons').count()).toBe(0);
    // A rendering step after the bar left: the hold's observer, made before this one, has been told the page's new size.
    await noah.page.evaluate(() => new Promise((resolve) => {
      const seen = new ResizeObserver(() => {
        seen.disconnect();
        resolve(null);
      });
      seen.observe(document.body);
    }));
    expect(await inView(noah.page, 1)).toBe(true);
    lead.destroy();
    await noah.context.close();
  });
});
