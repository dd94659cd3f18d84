import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectSynced } from '../integration/support/clients';
import { eventually } from './support/poll';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join } from './support/join';
import type * as Y from 'yjs';
import { anaAndColleague, seededReview } from './support/meeting';
import { viewTab } from './support/agenda';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { unwrap } from '../../shared/schema/op-result';

/** How many updates the page's IndexedDB holds for the workspace (y-indexeddb's store). */
function storedUpdates(page: Page, workspaceId: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('updates', 'readonly').objectStore('updates').count();
          request.onsuccess = () => {
            resolve(request.result);
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    `throughline:${workspaceId}`,
  );
}

function nodeTitle(doc: Y.Doc, id: string): string {
  return String(doc.getMap<Y.Map<unknown>>('nodes').get(id)?.get('title') ?? '');
}

describe('roles and offline work', () => {
  const env = useServerAndBrowser({}, { serviceWorker: true });


  it('lets a viewer watch live but change nothing', async () => {
    const { workspace, ids } = await seededReview(env);
    const viewer = await join(env.browser, workspace.links.viewer!, 'Vic Viewer');
    expect(await viewer.page.getByTestId('role').textContent()).toBe('viewer');

    const title = viewer.page.getByRole('textbox', { name: 'Initiative title' });
    expect(await title.getAttribute('readonly')).not.toBeNull();
    expect(await viewer.page.getByRole('combobox', { name: 'Status of Onboarding revamp' }).isDisabled()).toBe(true);
    expect(await viewer.page.getByRole('button', { name: 'Add intent' }).count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: 'Undo my last change' }).count()).toBe(0);

    // Typing into a read-only title changes nothing, locally or for anyone else.
    await title.click();
    await viewer.page.keyboard.type('zzz');
    expect(await title.inputValue()).toBe('Onboarding revamp');

    // It is still live: an editor's change shows up on the viewer's screen.
    const editor = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    const text = editor.doc.getMap<Y.Map<unknown>>('nodes').get(ids.initiative)!.get('title') as Y.Text;
    text.insert(text.length, ' 2.0');
    await eventually(() => title.inputValue()).toBe('Onboarding revamp 2.0');
    expect(nodeTitle(editor.doc, ids.initiative)).toBe('Onboarding revamp 2.0');
    await saveScreenshot(viewer.page, 'viewer');
    editor.destroy();
    await viewer.context.close();
  });

  it('[U44] a viewer reads an agenda item\'s missing owner, decision and actions as missing, never as fields asking for them', async () => {
    const { workspace } = await seededReview(env, (doc) => void unwrap(createAgendaItem(doc, { title: 'Hiring plan for Q1', timeboxMin: 10 })));
    for (const [link, name, said] of [
      [workspace.links.viewer!, 'Vic Viewer', ['No owner yet', 'No decision yet', 1]],
      [workspace.links.editor!, 'Eve Editor', ['Who owns this', 'What did the room decide?', 0]],
    ] as const) {
      const { page, context } = await join(env.browser, link, name);
      await viewTab(page, 'Agenda').click();
      const item = page.getByRole('article', { name: 'Hiring plan for Q1' });
      expect(await item.getByLabel('Owner of Hiring plan for Q1').getAttribute('placeholder'), name).toBe(said[0]);
      expect(await item.getByTestId('decision').getAttribute('placeholder'), name).toBe(said[1]);
      expect(await item.getByText('No actions yet').count(), name).toBe(said[2]);
      // A read-only text area offers no grip to resize what cannot be typed in.
      expect(await item.getByTestId('decision').evaluate((el) => getComputedStyle(el).resize), name).toBe(said[2] ? 'none' : 'vertical');
      await context.close();
    }
  });

  it('keeps edits made offline and delivers them after reconnecting', async () => {
    const { workspace, ids, ana, colleague } = await anaAndColleague(env);

    await ana.context.setOffline(true);
    await eventually(() => ana.page.getByTestId('connection').textContent()).toContain('Offline');

    const title = ana.page.getByRole('textbox', { name: 'Milestone title' });
    await title.click();
    await title.press('End');
    await title.pressSequentially(' (beta)');
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Offline · 1 edit waiting to sync');
    expect(nodeTitle(colleague.doc, ids.milestone)).toBe('Usage export API');
    await saveScreenshot(ana.page, 'offline');

    await ana.context.setOffline(false);
    await eventually(() => ana.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');
    await eventually(() => nodeTitle(colleague.doc, ids.milestone)).toBe('Usage export API (beta)');
    colleague.destroy();
    await ana.context.close();
  });

  it('keeps an edit made without a server across reloads and merges it when the server is back', async () => {
    const { workspace, ids, ana, colleague } = await anaAndColleague(env);

    // The socket opens but never reaches the server: only IndexedDB has the document now.
    let serverReachable = false;
    await ana.context.routeWebSocket(/\/ws\//, (socket) => {
      if (serverReachable) socket.connectToServer();
    });
    await ana.page.reload();
    const title = ana.page.getByRole('textbox', { name: 'Objective title' });
    await eventually(() => title.inputValue()).toBe('Win the mid-market');
    const stored = await storedUpdates(ana.page, workspace.id);
    await title.click();
    await title.press('End');
    await title.pressSequentially(' in EMEA');
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Connecting… · 1 edit waiting to sync');
    // Each keystroke is its own update; all eight are on disk before the tab goes away.
    await eventually(() => storedUpdates(ana.page, workspace.id)).toBeGreaterThanOrEqual(stored + 8);

    await ana.page.reload();
    await eventually(() => title.inputValue()).toBe('Win the mid-market in EMEA');
    expect(nodeTitle(colleague.doc, ids.objective)).toBe('Win the mid-market');

    serverReachable = true;
    await ana.page.reload();
    await eventually(() => ana.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');
    await eventually(() => nodeTitle(colleague.doc, ids.objective)).toBe('Win the mid-market in EMEA');
    colleague.destroy();
    await ana.context.close();
  });
});
