import { describe, expect, it } from 'vitest';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { startMeeting } from './support/meeting';
import { eventually } from './support/poll';
import { day } from './support/seed';

const DEP = 'Usage export API → Onboarding revamp';

describe('the impact highlight, shared with the room', () => {
  const env = useServerAndBrowser();

  it('[U8] an impact shown by one person is highlighted on every screen (the shared screen too), says who showed it, a facilitator clears it for everyone, and its author has Clear where a viewer has not (other editors: the unit test)', async () => {
    const { workspace, ana, ben } = await startMeeting(env);
    const vic = await signedIn(env.browser, workspace.links.viewer!, 'Vic Viewer');
    const screen = await ana.context.newPage();
    await screen.goto(`${env.server.url}/w/${workspace.id}/present`);
    // The screen is a second window, not a tab hiding Ana's review: a hidden tab gets no animation
    // frames, and every click in it waited on them.
    await ana.page.bringToFront();
    // Ana proposes a date after the need-by date: the dependency slips.
    await viewTab(ana.page, 'Dependencies').click();
    await ana.page.getByLabel(`Commit date for ${DEP}`).fill(day(35));
    await ana.page.getByRole('button', { name: 'Propose' }).click();

    // Ben selects the slipping dependency on his board: that shows its impact to the room.
    await viewTab(ben.page, 'Dependencies').click();
    const benCard = ben.page.getByTestId('dep-card');
    await eventually(() => benCard.getAttribute('data-severity')).toBe('amber');
    await benCard.getByRole('button', { name: DEP, exact: true }).click();

    // Ana and Vic, on the Objectives view, see the same chain highlighted, and who showed it.
    await viewTab(ana.page, 'Objectives').click();
    for (const person of [ana, vic]) {
      await eventually(() => person.page.getByTestId('impact-bar').textContent()).toContain('shown by Ben Okafor');
      await eventually(() => person.page.getByRole('treeitem', { name: 'Onboarding revamp' }).getAttribute('data-impact')).toBe('');
      expect(await person.page.getByRole('treeitem', { name: 'Usage export API' }).getAttribute('data-impact')).toBeNull();
    }
    // The shared screen shows it too.
    await eventually(() => screen.getByTestId('impact-bar').textContent()).toContain('shown by Ben Okafor');
    // Vic, a viewer, cannot clear it and is told who can; Ana (a facilitator) and Ben can.
    expect(await vic.page.getByTestId('impact-bar').getByRole('button', { name: 'Clear highlight' }).count()).toBe(0);
    expect(await vic.page.getByTestId('impact-bar').textContent()).toContain('they or a facilitator can clear it');
    expect(await ben.page.getByTestId('impact-bar').getByRole('button', { name: 'Clear highlight' }).count()).toBe(1);

    // A screen that opens later sees it too: it lives in the meeting, not in anyone's tab.
    await vic.page.reload();
    await eventually(() => vic.page.getByTestId('impact-bar').textContent()).toContain('shown by Ben Okafor');

    await ana.page.getByTestId('impact-bar').getByRole('button', { name: 'Clear highlight' }).click();
    for (const page of [ana.page, ben.page, vic.page, screen]) await eventually(() => page.getByTestId('impact-bar').count()).toBe(0);
    await eventually(() => vic.page.getByRole('treeitem', { name: 'Onboarding revamp' }).getAttribute('data-impact')).toBeNull();

    for (const person of [ana, ben, vic]) await person.context.close();
  });
});
