import { describe, expect, it } from 'vitest';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';
import { day, dayInWords } from './support/seed';

const DEP = 'Usage export API → Onboarding revamp';

/**
 * SPEC U96 from the proposer's side: Lee, who owns the upstream milestone, proposes a later date on
 * his screen and is told it waits for the needing side's owner, Ana; the notice goes when she
 * answers on hers (declines, accepts) or the dependency is archived, rather than stay up asking
 * for what is settled.
 */
describe('the notice that a proposal waits, on the proposer’s screen (U96)', () => {
  const env = useServerAndBrowser();

  it('[U96] goes when the other side declines, when it accepts, and when the dependency is archived', async () => {
    const { workspace } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    const lee = await signedIn(env.browser, workspace.links.editor!, 'Lee Park');
    for (const person of [ana, lee]) await viewTab(person.page, 'Dependencies').click();
    const anaCard = ana.page.getByTestId('dep-card');
    const leeCard = lee.page.getByTestId('dep-card');
    await anaCard.getByLabel(`Commit date for ${DEP}`).fill(day(25));
    await anaCard.getByRole('button', { name: 'Commit' }).click();
    await eventually(() => leeCard.locator('dl.dep-dates').getByText(dayInWords(25), { exact: true }).count()).toBe(1);

    const propose = async (offset: number) => {
      await leeCard.getByLabel(`Commit date for ${DEP}`).fill(day(offset));
      await leeCard.getByRole('button', { name: 'Propose' }).click();
      const waiting = lee.page.locator('.notice').filter({ hasText: `Proposed ${dayInWords(offset)} to Ana; it needs their acceptance.` });
      await eventually(() => waiting.count()).toBe(1);
      await eventually(() => anaCard.getByTestId('dep-proposal').count()).toBe(1);
      return waiting;
    };

    const declined = await propose(40);
    await anaCard.getByRole('button', { name: 'Decline' }).click();
    // Gone as Lee's card shows the answer, not seconds later as notices time out.
    await eventually(() => leeCard.getByTestId('dep-proposal').count()).toBe(0);
    expect(await declined.count()).toBe(0);
    // Declined, not taken: still committed to the earlier date.
    expect(await leeCard.locator('dl.dep-dates').getByText(dayInWords(25), { exact: true }).count()).toBe(1);

    const accepted = await propose(45);
    await anaCard.getByRole('button', { name: `Accept ${dayInWords(45)}` }).click();
    await eventually(() => leeCard.locator('dl.dep-dates').getByText(dayInWords(45), { exact: true }).count()).toBe(1);
    expect(await accepted.count()).toBe(0);

    const archived = await propose(50);
    await anaCard.getByRole('button', { name: 'Archive this dependency' }).click();
    await eventually(() => leeCard.count()).toBe(0);
    expect(await archived.count()).toBe(0);
  });
});
