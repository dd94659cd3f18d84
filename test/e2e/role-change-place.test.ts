import { describe, expect, it } from 'vitest';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { call, invite } from '../integration/support/people';
import { viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { newParticipant, PHONE } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';

describe('a role changed under a screen', () => {
  const env = useServerAndBrowser();

  it('[A17] a member reading far down the agenda on a phone, made a facilitator, is still there once the review opens again', async () => {
    const { workspace } = await seededReview(env, (doc) => {
      for (let i = 1; i <= 12; i++) unwrap(createAgendaItem(doc, { title: `Topic ${i}: a review item to read` }));
    });
    const facilitator = { token: workspace.tokens.facilitator };
    const { member, link } = await invite(env.server.url, workspace.id, facilitator, { name: 'Noah Williams', role: 'viewer' });
    const noah = await newParticipant(env.browser, 'Noah Williams', PHONE);
    await noah.page.goto(link);
    await noah.page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    await viewTab(noah.page, 'Agenda').click();
    const topic = noah.page.getByRole('article', { name: 'Topic 9: a review item to read' });
    await topic.evaluate((card) => card.scrollIntoView({ block: 'start' }));
    // A little above the card's top, as a reader stops; scrollBy is done when it returns (a wheel is not).
    await noah.page.evaluate(() => window.scrollBy(0, -40));
    expect(await noah.page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);
    const top = async () => (await topic.boundingBox())?.y ?? Number.NaN;
    const readingAt = await top();

    const changed = await call(env.server.url, 'PATCH', `/api/workspaces/${workspace.id}/members/${member.id}`, facilitator, { role: 'facilitator' });
    expect(changed.status).toBe(200);
    // Opened again as a facilitator (A17): the agenda, and the page where Noah was reading it.
    await eventually(() => noah.page.getByRole('button', { name: 'Start meeting' }).count()).toBe(1);
    // The card Noah was reading is where it stood on the screen, however much taller the cards
    // above it are with a facilitator's controls: not the page's top, nor its old scroll offset.
    await eventually(async () => Math.abs((await top()) - readingAt)).toBeLessThan(2);
    await saveScreenshot(noah.page, 'role-change-keeps-scroll');
    await noah.context.close();
  });
});
