import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { spawnServer, type ChildServer } from '../integration/support/child-server';
import { connectSynced } from '../integration/support/clients';
import { createWorkspace, tempDataDir } from '../integration/support/test-server';
import { launchBrowser, saveScreenshot } from './support/browser';
import { signedIn } from './support/join';
import { eventually } from './support/poll';
import { shellCached } from './support/service-worker';
import { seedWorkspace } from './support/seed';

describe('the server stops', () => {
  const dataDir = tempDataDir();
  let child: ChildServer | undefined;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    child?.process.kill('SIGKILL');
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[U24][U21] says calmly that the connection is lost and edits are kept, then clears by itself after a restart with nothing lost', async () => {
    child = await spawnServer(dataDir);
    const port = child.port;
    const wsUrl = () => `${child!.url.replace('http', 'ws')}/ws`;
    const workspace = await createWorkspace(child.url, 'Q4 operating review');
    const ids = await seedWorkspace(wsUrl(), workspace);
    const ana = await signedIn(browser, workspace.links.editor!, 'Ana Diaz');
    await shellCached(ana.page);
    const banner = ana.page.getByTestId('connection-lost');
    expect(await banner.count()).toBe(0);

    child.process.kill('SIGKILL');
    await child.exited;
    await eventually(() => banner.textContent()).toContain(
      'Connection lost — your edits are kept on this device and will sync when it’s back.',
    );
    expect(await ana.page.getByRole('status').filter({ has: banner }).count()).toBe(1);
    // The workspace stays usable: an edit made now waits on this device.
    const title = ana.page.getByRole('textbox', { name: 'Milestone title' });
    await title.click();
    await title.press('End');
    await title.pressSequentially(' (beta)');
    await eventually(() => banner.textContent()).toContain('1 edit waiting to sync.');
    expect(await banner.getByRole('button', { name: 'Retry now' }).isEnabled()).toBe(true);
    await saveScreenshot(ana.page, 'connection-lost');

    // A reload while the server is down is being offline, not being signed out (U21): the
    // workspace opens from this device with the edit still waiting.
    await ana.page.reload();
    await eventually(() => title.inputValue()).toBe('Usage export API (beta)');
    await eventually(() => banner.textContent()).toContain('Connection lost');
    expect(await banner.textContent()).toContain('1 edit waiting to sync.');

    child = await spawnServer(dataDir, port);
    await eventually(() => banner.count(), 15_000).toBe(0);
    expect(await ana.page.getByTestId('connection').textContent()).toBe('Connected');
    const colleague = await connectSynced(wsUrl(), workspace.id, workspace.tokens.viewer);
    await eventually(() => String(colleague.doc.getMap<Y.Map<unknown>>('nodes').get(ids.milestone)?.get('title'))).toBe(
      'Usage export API (beta)',
    );
    colleague.destroy();
    await ana.context.close();
  });
});
