import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectSynced } from '../integration/support/clients';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { anaAndColleague } from './support/meeting';
import { eventually } from './support/poll';
import { reloadOffline, shellCached } from './support/service-worker';

function nodeField(doc: Y.Doc, id: string, field: string): string {
  return String(doc.getMap<Y.Map<unknown>>('nodes').get(id)?.get(field) ?? '');
}

describe('offline work', () => {
  const env = useServerAndBrowser({}, { serviceWorker: true });


  it('[U20][U21] reloads without a network into the workspace, and an edit made then reaches others after reconnecting', async () => {
    const { ids, ana, colleague } = await anaAndColleague(env);
    await shellCached(ana.page);
    // An API call through the service worker while online, which it must not keep.
    expect(await ana.page.evaluate(() => fetch('/api/health').then((response) => response.status))).toBe(200);

    await ana.context.setOffline(true);
    const offline = await reloadOffline(ana.page);
    // The workspace itself, from the cached shell and IndexedDB: not an access page, not the browser's.
    await eventually(() => ana.page.getByRole('textbox', { name: 'Objective title' }).inputValue()).toBe('Win the mid-market');
    expect(await ana.page.getByTestId('workspace-title').textContent()).toBe('Q4 operating review');
    expect(await ana.page.getByTestId('connection').textContent()).toBe('Offline');
    // Only the shell is cached: the API is never answered from a cache.
    expect(await ana.page.evaluate(() => fetch('/api/health').then(() => 'answered', () => 'failed'))).toBe('failed');
    const cached = await ana.page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.filter((path) => !(path === '/' || /^\/assets\/[\w.-]+\.(js|css)$/.test(path)))).toEqual([]);

    const title = ana.page.getByRole('textbox', { name: 'Milestone title' });
    await title.click();
    await title.press('End');
    await title.pressSequentially(' (beta)');
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Offline · 1 edit waiting to sync');
    await saveScreenshot(ana.page, 'offline-reload');

    await offline.online();
    await eventually(() => ana.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');
    await eventually(() => nodeField(colleague.doc, ids.milestone, 'title')).toBe('Usage export API (beta)');
    colleague.destroy();
    await ana.context.close();
  });

  it('[U22] counts edits waiting to sync by field changed, not by keystroke, across a reload', async () => {
    const { ids, ana, colleague } = await anaAndColleague(env);
    await shellCached(ana.page);
    await ana.context.setOffline(true);

    const objective = ana.page.getByRole('textbox', { name: 'Objective title' });
    await objective.click();
    await objective.press('End');
    await objective.pressSequentially(' in EMEA');
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Offline · 1 edit waiting to sync');
    // More typing in the same field is still the same edit; another field is another.
    await objective.pressSequentially(' and the UK');
    await ana.page.getByRole('combobox', { name: 'Status of Onboarding revamp' }).selectOption('at-risk');
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Offline · 2 edits waiting to sync');

    // The count is of edits the server has not had: a reload made offline keeps it.
    const offline = await reloadOffline(ana.page);
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Offline · 2 edits waiting to sync');

    await offline.online();
    await eventually(() => ana.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');
    await eventually(() => nodeField(colleague.doc, ids.objective, 'title')).toBe('Win the mid-market in EMEA and the UK');
    expect(nodeField(colleague.doc, ids.initiative, 'status')).toBe('at-risk');
    colleague.destroy();
    await ana.context.close();
  });

  it('[U28] keeps an edit typed offline when the page reloads in the same moment, and sends it on reconnecting', async () => {
    const { ids, ana, colleague } = await anaAndColleague(env);
    await shellCached(ana.page);
    await ana.context.setOffline(true);
    const title = ana.page.getByRole('textbox', { name: 'Objective title' });
    let expected = 'Win the mid-market';
    for (let round = 1; round <= 3; round++) {
      await title.click();
      expected += ` r${round}`;
      // The keystroke and the reload in one task: IndexedDB cannot have committed the edit when
      // the page goes, as when a tab is closed straight after typing.
      await title.evaluate((field: HTMLInputElement, text) => {
        field.value = text;
        field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
        location.reload();
      }, expected);
      await eventually(() => title.inputValue()).toBe(expected);
    }
    await ana.context.setOffline(false);
    await eventually(() => nodeField(colleague.doc, ids.objective, 'title'), 15_000).toBe(expected);
    colleague.destroy();
    await ana.context.close();
  });

  it('[U23] after reconnecting, lists a field someone else changed while you were offline, and puts yours back on request', async () => {
    const { workspace, ids, ana, colleague: first } = await anaAndColleague(env);
    first.destroy();
    // Of two concurrent values of one field, Yjs keeps the writer with the larger client id:
    // the colleague's wins.
    const doc = new Y.Doc();
    doc.clientID = 0xffffffff;
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor, doc);
    await ana.context.setOffline(true);
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Offline');

    await ana.page.getByRole('combobox', { name: 'Status of Onboarding revamp' }).selectOption('at-risk');
    // A field only Ana changed is hers alone: no notice for it.
    const milestone = ana.page.getByRole('textbox', { name: 'Milestone title' });
    await milestone.click();
    await milestone.press('End');
    await milestone.pressSequentially(' v2');
    colleague.doc.getMap<Y.Map<unknown>>('nodes').get(ids.initiative)!.set('status', 'off-track');

    await ana.context.setOffline(false);
    await eventually(() => ana.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');
    const notice = ana.page.getByTestId('overwrite-notice');
    await eventually(() => notice.getByTestId('overwrite').allTextContents()).toEqual([
      expect.stringContaining('status of ‘Onboarding revamp’: theirs kept (Off track); yours was At risk.'),
    ]);
    expect(await ana.page.getByRole('combobox', { name: 'Status of Onboarding revamp' }).inputValue()).toBe('off-track');
    // Told once: the colleague's value replacing Ana's offline one is U23's to report, not U74's.
    expect(await ana.page.getByTestId('replaced-notice').count()).toBe(0);
    await saveScreenshot(ana.page, 'overwrite-notice');

    await notice.getByRole('button', { name: 'Use mine' }).click();
    await eventually(() => nodeField(colleague.doc, ids.initiative, 'status')).toBe('at-risk');
    expect(await notice.count()).toBe(0);
    expect(nodeField(colleague.doc, ids.milestone, 'title')).toBe('Usage export API v2');
    colleague.destroy();
    await ana.context.close();
  });

  it('[U23] after reconnecting, a field whose value from offline replaced one a colleague set meanwhile is listed too, and theirs is put back on request', async () => {
    const { workspace, ids, ana, colleague: first } = await anaAndColleague(env);
    first.destroy();
    // Of two concurrent values of one field, Yjs keeps the writer with the larger client id: Ana's
    // wins, though the colleague set theirs while she was away.
    const doc = new Y.Doc();
    doc.clientID = 1;
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor, doc);
    await ana.context.setOffline(true);
    await eventually(() => ana.page.getByTestId('connection').textContent()).toBe('Offline');
    await ana.page.getByRole('combobox', { name: 'Status of Onboarding revamp' }).selectOption('at-risk');
    colleague.doc.getMap<Y.Map<unknown>>('nodes').get(ids.initiative)!.set('status', 'off-track');

    await ana.context.setOffline(false);
    await eventually(() => ana.page.getByTestId('connection').textContent(), 15_000).toBe('Connected');
    await eventually(() => nodeField(colleague.doc, ids.initiative, 'status')).toBe('at-risk');
    const notice = ana.page.getByTestId('overwrite-notice');
    await eventually(() => notice.getByTestId('overwrite').allTextContents()).toEqual([
      expect.stringContaining('status of ‘Onboarding revamp’: yours (At risk) replaced theirs (Off track), set while you were offline.'),
    ]);
    await notice.getByRole('button', { name: 'Use theirs' }).click();
    await eventually(() => nodeField(colleague.doc, ids.initiative, 'status')).toBe('off-track');
    expect(await notice.count()).toBe(0);
    colleague.destroy();
    await ana.context.close();
  });
});

describe('a new release', () => {
  // The release is written over a copy of the built client, so other suites keep theirs.
  const clientDir = mkdtempSync(join(tmpdir(), 'throughline-client-'));
  beforeAll(() => cpSync(join(process.cwd(), 'dist'), clientDir, { recursive: true }));
  afterAll(() => rmSync(clientDir, { recursive: true, force: true }));
  const env = useServerAndBrowser({ clientDir }, { serviceWorker: true });

  it('[U27] says a new version is ready instead of reloading under the person, and reloading keeps their edits', async () => {
    const { ids, ana, colleague } = await anaAndColleague(env);
    await shellCached(ana.page);
    await ana.page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true));
    // The next release is deployed: the server now answers a service worker that differs.
    appendFileSync(join(clientDir, 'sw.js'), '\n// the next release\n');
    await ana.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

    const ready = ana.page.getByTestId('update-ready');
    await eventually(() => ready.textContent()).toContain('A new version of Throughline is ready.');
    expect(await ana.page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(true);
    const title = ana.page.getByRole('textbox', { name: 'Milestone title' });
    await title.click();
    await title.press('End');
    await title.pressSequentially(' v3');
    await ready.getByRole('button', { name: 'Reload' }).click();
    await eventually(() => ana.page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad ?? false)).toBe(false);
    await eventually(() => ana.page.getByRole('textbox', { name: 'Milestone title' }).inputValue()).toBe('Usage export API v3');
    await eventually(() => nodeField(colleague.doc, ids.milestone, 'title')).toBe('Usage export API v3');
    colleague.destroy();
    await ana.context.close();
  });
});
