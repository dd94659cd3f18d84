import type { Page } from 'playwright-core';
import { eventually } from './poll';

/**
 * Waits until the app shell's service worker controls the page, so a reload can come from its
 * cache. The page registers it 3 s after the workspace shows, once it idles (at most 10 s more:
 * client/state/app-update.ts), and installing it downloads the whole shell: on a busy two-core
 * machine running the suite that passed 20 s once, so it may take 45.
 */
export async function shellCached(page: Page): Promise<void> {
  await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 45_000).toBe(true);
}

/** A page reloaded from the shell's cache while its context is offline; `online()` ends the offline state for it and its context. */
export interface OfflineReload {
  online(): Promise<void>;
}

/**
 * Reloads a page whose context is offline, and keeps its new document offline. Playwright
 * emulates offline through the page's DevTools session; in Debian's Chromium 150 the document a
 * reload brings answers `navigator.onLine` true again (its requests still fail), which a browser
 * that is really offline never does, so the page would say "Connecting…" where a person sees
 * "Offline". Offline is applied once more, to the new document, through a session of its own.
 */
export async function reloadOffline(page: Page): Promise<OfflineReload> {
  await page.reload();
  const session = await page.context().newCDPSession(page);
  const conditions = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
  await session.send('Network.emulateNetworkConditions', { offline: true, ...conditions });
  return {
    async online() {
      await session.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
      await session.detach();
      await page.context().setOffline(false);
    },
  };
}
