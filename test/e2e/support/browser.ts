import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ServerConfig } from '../../../server/config';
import { startTestServer, type TestServer } from '../../integration/support/test-server';

/** Debian's Chromium, with the flags this sandbox needs (no GPU, no network beyond loopback). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const screenshotDir = join(process.cwd(), 'test-results', 'screenshots');

/** Saves a screenshot for people to review after the run (test-results/screenshots). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

export interface ServerAndBrowser {
  readonly server: TestServer;
  readonly browser: Browser;
}

/** One server (serving the built client from dist/) and one Chromium for the calling `describe`. */
export function useServerAndBrowser(overrides: Partial<ServerConfig> = {}): ServerAndBrowser {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer({ clientDir: join(process.cwd(), 'dist'), ...overrides });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
  };
}
