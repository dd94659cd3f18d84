import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { ADMIN_TOKEN, type CreatedWorkspace } from '../integration/support/test-server';
import { postReading, viewTab } from './support/agenda';
import { expectAccessible } from './support/axe';
import { useServerAndBrowser } from './support/browser';
import { DESKTOP, newParticipant, PHONE, signedIn, type Participant } from './support/join';
import { furnishedReview, openView, VIEW_NAMES } from './support/views';

/**
 * SPEC U13: axe-core finds no serious or critical violation of WCAG 2.1 A/AA or its best
 * practices on any screen, at 1440×900 and on a 390×844 phone, in review and in an active triage
 * (pivoted, a meeting running, a red item under discussion with its timer).
 */
describe('the accessibility audit', () => {
  const env = useServerAndBrowser();

  /**
   * Each screen, as the page `visit` brings a person to. One furnished review serves every
   * screen: audited in review first, then all again once the review is in an active triage.
   */
  const SCREENS: [string, (person: Participant, workspace: CreatedWorkspace) => Promise<Page>][] = [
    ...VIEW_NAMES.map((view): [string, (person: Participant) => Promise<Page>] => [
      view,
      async ({ page }) => {
        await openView(page, view);
        return page;
      },
    ]),
    [
      'the share dialog',
      async ({ page }) => {
        await page.getByRole('button', { name: 'Share' }).click();
        await page.getByRole('dialog').getByRole('heading').first().waitFor();
        return page;
      },
    ],
    [
      'the present screen',
      async ({ context }, workspace) => {
        const screen = context.pages()[1] ?? (await context.newPage());
        if (!screen.url().endsWith('/present')) await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
        await screen.bringToFront();
        await screen.getByTestId('workspace-title').waitFor();
        return screen;
      },
    ],
  ];

  let workspace: CreatedWorkspace;
  let kpi: string;
  let laptop: Participant;
  let phone: Participant;
  beforeAll(async () => {
    const furnished = await furnishedReview(env);
    workspace = furnished.workspace;
    kpi = furnished.ids.nrr;
    laptop = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz', DESKTOP);
    phone = await signedIn(env.browser, workspace.links.facilitator!, 'Ana on her phone', PHONE);
  });
  afterAll(async () => {
    await laptop.context.close();
    await phone.context.close();
  });
  // A screen left with its dialog open would cover the next screen's controls.
  afterEach(async () => {
    for (const { page } of [laptop, phone]) if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
  });

  /** Audits the page `visit` brings the laptop and the phone to. */
  async function audit(where: string, state: string, visit: (person: Participant, workspace: CreatedWorkspace) => Promise<Page>): Promise<void> {
    for (const [size, person] of [['1440×900', laptop], ['390×844', phone]] as const) {
      // The present screen opens in a second tab of the person's browser; the review's tab is
      // hidden behind it after that, and Chromium throttles a hidden tab's frames and timers.
      await person.page.bringToFront();
      const page = await visit(person, workspace);
      if (state === 'active triage') await page.getByTestId(page.url().endsWith('/present') ? 'present-item' : 'pivot-banner').waitFor();
      await expectAccessible(page, `${where} in ${state} at ${size}`);
    }
  }

  describe('in review', () => {
    for (const [where, visit] of SCREENS) {
      it(`[U13] ${where}: no serious or critical violation on a laptop and a phone, in review`, () => audit(where, 'review', visit));
    }
  });

  describe('in an active triage', () => {
    // A breaching reading, a meeting, the red item under discussion with its timer running.
    beforeAll(async () => {
      await postReading(env.server.url, workspace, kpi, 80);
      // Not openView: a hook cannot poll (expect.poll belongs to a test).
      await viewTab(laptop.page, 'Agenda').click();
      await laptop.page.getByRole('button', { name: 'Start meeting' }).click();
      const red = laptop.page.getByTestId('triage-item').first();
      await red.getByRole('button', { name: 'Discuss now' }).click();
      await red.getByTestId('timer').waitFor();
    });
    for (const [where, visit] of SCREENS) {
      it(`[U13] ${where}: no serious or critical violation on a laptop and a phone, in an active triage`, () => audit(where, 'active triage', visit));
    }
  });

  it('[U13] the workspaces page, the access page and the name prompt: no serious or critical violation on a laptop and a phone', async () => {
    for (const [size, screen] of [['1440×900', DESKTOP], ['390×844', PHONE]] as const) {
      const { context, page } = await newParticipant(env.browser, `Visitor at ${size}`, screen);
      await page.goto(`${env.server.url}/#admin=${ADMIN_TOKEN}`);
      await page.getByText('Links of Q4 operating review').first().click();
      await expectAccessible(page, `the workspaces page at ${size}`);
      await page.goto(`${env.server.url}/w/${workspace.id}#token=${'forged'.repeat(8)}`);
      await page.getByTestId('access-page').waitFor();
      await expectAccessible(page, `the access page at ${size}`);
      await page.goto(workspace.links.viewer!);
      await page.getByLabel('Your name, as the room will see it').waitFor();
      await expectAccessible(page, `the name prompt at ${size}`);
      await context.close();
    }
  });
});
