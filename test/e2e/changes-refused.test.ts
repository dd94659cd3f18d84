import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { refusalCount } from '../integration/support/metrics';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { anaAndColleague } from './support/meeting';
import { eventually } from './support/poll';

/** A server whose frame limit a long paste can exceed, as a smaller deployment's might be set. */
const FRAME_LIMIT = 64 * 1024;
/** The longest wait between the client's reconnects (client/sync/workspace-connection.ts `maxBackoffTime`), and a margin. */
const LONGER_THAN_A_RECONNECT = 3_500;

function nodeTitle(doc: Y.Doc, id: string): string {
  return String(doc.getMap<Y.Map<unknown>>('nodes').get(id)?.get('title') ?? '');
}

describe('a change the server refuses', () => {
  const env = useServerAndBrowser({ maxPayloadBytes: FRAME_LIMIT });

  it('[U41] stops resending it, says the changes here are not saved, keeps them as a file, and discarding them in one tab goes on with the server’s review in every tab', async () => {
    const { workspace, ids, ana, colleague } = await anaAndColleague(env);
    const page = ana.page;
    // A second tab of the same review in the same browser, which shares its edits over BroadcastChannel.
    const tab = await ana.context.newPage();
    await tab.goto(page.url());
    await tab.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    const title = page.getByRole('textbox', { name: 'Milestone title' });
    const tabTitle = tab.getByRole('textbox', { name: 'Milestone title' });
    const refused = page.getByTestId('changes-refused');
    const indicator = page.getByTestId('connection');

    // An ordinary edit reaches the server first: discarding must keep it.
    await title.click();
    await title.press('End');
    await title.pressSequentially(' (beta)');
    await eventually(() => nodeTitle(colleague.doc, ids.milestone)).toBe('Usage export API (beta)');

    // A paste larger than one frame may be, into the milestone's notes (its title takes no more
    // than 200 characters, U72): the server closes the socket with 1009, and again when the next
    // socket's handshake resends it.
    const pasted = `Usage export API — ${'pasted log line. '.repeat(FRAME_LIMIT / 16)}`;
    await page.getByTestId('inspector').getByRole('textbox', { name: 'Notes' }).fill(pasted);
    await eventually(() => refused.textContent()).toContain(
      'Your changes in this browser aren’t being saved. A change made in this browser is larger than the server accepts: something very large may have been pasted.',
    );
    expect(await indicator.textContent()).toBe('Not saving');
    // Not the calm banner, which would promise that the edit syncs when the connection is back.
    expect(await page.getByTestId('connection-lost').count()).toBe(0);
    expect(await refusalCount(env.server.url, 'frame_too_large')).toBe(2);
    // Nor when the network goes and comes back meanwhile.
    await ana.context.setOffline(true);
    await eventually(() => page.evaluate(() => navigator.onLine)).toBe(false);
    expect(await indicator.textContent()).toBe('Not saving');
    expect(await page.getByTestId('connection-lost').count()).toBe(0);
    await ana.context.setOffline(false);
    await eventually(() => page.evaluate(() => navigator.onLine)).toBe(true);
    expect(await indicator.textContent()).toBe('Not saving');
    // The other tab holds the paste too (shared before the server refused it): reconnecting after
    // the network came back, its handshake is refused twice, and it says so too.
    await eventually(() => tab.getByTestId('connection').textContent()).toBe('Not saving');
    expect(await refusalCount(env.server.url, 'frame_too_large')).toBe(4);
    expect(nodeTitle(colleague.doc, ids.milestone)).toBe('Usage export API (beta)');
    await saveScreenshot(page, 'changes-refused');

    // What this browser holds, as a file in the JSON export's format.
    const [download] = await Promise.all([page.waitForEvent('download'), refused.getByRole('button', { name: 'Download this browser’s copy' }).click()]);
    expect(download.suggestedFilename()).toBe(`throughline-${workspace.id}-this-browser.json`);
    const copy = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { nodes: Record<string, { notes: string }> };
    expect(copy.nodes[ids.milestone]!.notes).toBe(pasted);

    // "Try again" asks the server afresh, which refuses twice more (none came between) and stops again.
    await refused.getByRole('button', { name: 'Try again' }).click();
    await eventually(() => refusalCount(env.server.url, 'frame_too_large')).toBe(6);
    await eventually(() => indicator.textContent()).toBe('Not saving');
    // Absence over time: past the longest wait between reconnects, no tab's socket was refused again.
    await new Promise((resolve) => setTimeout(resolve, LONGER_THAN_A_RECONNECT));
    expect(await refusalCount(env.server.url, 'frame_too_large')).toBe(6);

    // Discarding drops this browser's copy, in both tabs, and loads the review as the server has it.
    await refused.getByRole('button', { name: 'Discard this browser’s changes' }).click();
    for (const shown of [page, tab]) {
      await eventually(() => shown.getByTestId('connection').textContent(), 15_000).toBe('Connected');
      await eventually(() => shown.getByRole('textbox', { name: 'Milestone title' }).inputValue()).toBe('Usage export API (beta)');
      expect(await shown.getByTestId('changes-refused').count()).toBe(0);
    }
    await tabTitle.click();
    await tabTitle.press('End');
    await tabTitle.pressSequentially('!');
    await eventually(() => nodeTitle(colleague.doc, ids.milestone)).toBe('Usage export API (beta)!');
    await eventually(() => title.inputValue()).toBe('Usage export API (beta)!');
    // Nothing came back: no tab resent the paste.
    expect(await refusalCount(env.server.url, 'frame_too_large')).toBe(6);
    colleague.destroy();
    await ana.context.close();
  });
});
