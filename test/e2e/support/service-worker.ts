import type { Page } from 'playwright-core';
import { eventually } from './poll';

/** Waits until the app shell's service worker controls the page, so a reload can come from its cache. */
export async function shellCached(page: Page): Promise<void> {
  await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}
