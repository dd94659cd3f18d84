import type { Page } from 'playwright-core';
import { eventually } from './poll';

/**
 * Waits until the app shell's service worker controls the page, so a reload can come from its
 * cache. The page registers it a few seconds after the workspace shows (client/state/app-update.ts).
 */
export async function shellCached(page: Page): Promise<void> {
  await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 20_000).toBe(true);
}
