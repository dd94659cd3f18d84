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
