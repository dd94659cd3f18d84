import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { ADMIN_TOKEN, type CreatedWorkspace } from '../integration/support/test-server';
import { postReading } from './support/agenda';
import { expectAccessible } from './support/axe';
import { useServerAndBrowser } from './support/browser';
import { DESKTOP, join, newParticipant, PHONE, type Participant } from './support/join';
import { furnishedReview, openView, VIEW_NAMES } from './support/views';

/**
 * SPEC U13: axe-core finds no serious or critical violation of WCAG 2.1 A/AA or its best
 * practices on any screen, at 1440×900 and on a 390×844 phone, in review and in an active triage
 * (pivoted, a meeting running, a red item under discussion with its timer).
 */
describe('the accessibility audit', () => {
  const env = useServerAndBrowser();

  /** Puts the review into an active triage: a breaching reading, a meeting, the red item discussed. */
  async function activeTriage(workspace: CreatedWorkspace, kpi: string, facilitator: Page): Promise<void> {
    await postReading(env.server.url, workspace, kpi, 80);
    if (await facilitator.getByRole('dialog').count()) await facilitator.keyboard.press('Escape');
    await openView(facilitator, 'Agenda');
    await facilitator.getByRole('button', { name: 'Start meeting' }).click();
    const red = facilitator.getByTestId('triage-item').first();
    await red.getByRole('button', { name: 'Discuss now' }).click();
    await red.getByTestId('timer').waitFor();
  }

  /**
   * Opens a furnished review as its facilitator on a laptop and on a phone, and audits the page
   * `visit` brings each to, in review and then in active triage.
   */
  async function audit(where: string, visit: (person: Participant, workspace: CreatedWorkspace) => Promise<Page>): Promise<void> {
    const { workspace, ids } = await furnishedReview(env);
    const laptop = await join(env.browser, workspace.links.facilitator!, 'Ana Diaz', DESKTOP);
    const phone = await join(env.browser, workspace.links.facilitator!, 'Ana on her phone', PHONE);
    for (const state of ['review', 'active triage']) {
      if (state === 'active triage') await activeTriage(workspace, ids.nrr, laptop.page);
      for (const [size, person] of [['1440×900', laptop], ['390×844', phone]] as const) {
        const page = await visit(person, workspace);
        if (state === 'active triage') await page.getByTestId(page.url().endsWith('/present') ? 'present-item' : 'pivot-banner').waitFor();
        await expectAccessible(page, `${where} in ${state} at ${size}`);
      }
    }
    await laptop.context.close();
    await phone.context.close();
  }

  for (const view of VIEW_NAMES) {
    it(`[U13] ${view}: no serious or critical violation on a laptop and a phone, in review and in triage`, () =>
      audit(view, async ({ page }) => {
        await openView(page, view);
        return page;
      }));
  }

  it('[U13] the share dialog: no serious or critical violation on a laptop and a phone, in review and in triage', () =>
    audit('the share dialog', async ({ page }) => {
      if ((await page.getByRole('dialog').count()) === 0) await page.getByRole('button', { name: 'Share' }).click();
      await page.getByRole('dialog').getByRole('heading').first().waitFor();
      return page;
    }));

  it('[U13] the present screen: no serious or critical violation on a laptop and a phone, in review and in triage', () =>
    audit('the present screen', async ({ context }, workspace) => {
      const screen = context.pages()[1] ?? (await context.newPage());
      if (!screen.url().endsWith('/present')) await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
      await screen.getByTestId('workspace-title').waitFor();
      return screen;
    }));

  it('[U13] the workspaces page, the access page and the name prompt: no serious or critical violation on a laptop and a phone', async () => {
    const { workspace } = await furnishedReview(env);
    for (const [size, screen] of [['1440×900', DESKTOP], ['390×844', PHONE]] as const) {
      const { context, page } = await newParticipant(env.browser, `Visitor at ${size}`, screen);
      await page.goto(`${env.server.url}/#admin=${ADMIN_TOKEN}`);
      // Every test here made a workspace of that name; one's links are enough.
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
