import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { ServerConfig } from '../../../server/config';
import { startTestServer, type TestServer } from '../../integration/support/test-server';

/** Debian's Chromium as people run it: what bench/client-open.ts times. */
export const FULL_CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's headless shell of the same Chromium build (package chromium-headless-shell): the same
 * Blink and V8 without the browser's windows and UI, which is what Playwright itself runs
 * headless tests on. A fresh profile's page costs about a third of the CPU there: opening a
 * workspace link and joining took 0.95 s of Chromium CPU against 2.95 s in the full browser, and
 * phone-layout.test.ts 37 s against 76–80 s. The e2e suite is bound by the two cores, so that is
 * its time. Without the package, the tests run on the full browser.
 */
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/** The browser the e2e tests drive: CHROMIUM_PATH if set, else the headless shell if installed. */
export function testBrowserPath(): string {
  return process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_CHROMIUM);
}

/** Debian's Chromium, with the flags this sandbox needs (no GPU, no network beyond loopback). */
export function launchBrowser(executablePath = testBrowserPath()): Promise<Browser> {
  return chromium.launch({
    executablePath,
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

/** What the contexts opened now belong to: the `describe` whose server and browser they use. */
interface ContextSettings extends BrowserOptions {
  violations: string[];
}

/**
 * The e2e files run one after another in one process (vitest.config.ts), and each used to launch
 * and close a Chromium of its own: about 1.5 s each (launch, a colder first page, close), on the
 * serial path. They share one now, launched by the first and closed when the process exits
 * (Playwright closes what it launched on exit, and Chromium quits when its DevTools pipe closes).
 * Each file still gets fresh profiles only: every context it opened is closed after it.
 */
let shared: Promise<Browser> | undefined;
const settings: ContextSettings[] = [];

async function sharedBrowser(): Promise<Browser> {
  const running = await shared;
  if (running?.isConnected()) return running;
  shared = launchBrowser().then((browser) => {
    prepareContexts(browser);
    return browser;
  });
  return shared;
}

/**
 * Records every Content-Security-Policy violation in any page of any context `browser` opens
 * from now on (H13), for the `describe` whose settings are current. Under a policy the client
 * breaks, a feature silently does nothing (a style not applied, a socket never opened), so the
 * violation itself is what a test must catch.
 *
 * Unless `serviceWorker`, those pages are a browser without service workers, which the client
 * supports (client/state/app-update.ts): installing the app shell's worker downloads and caches
 * the whole shell in every profile that stays open 3 s, about half a second of CPU each, for
 * files that never use it. The files about the shell and going offline keep it.
 */
function prepareContexts(browser: Browser): void {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const current = settings.at(-1);
    if (!current) throw new Error('a context opened outside a describe that uses useServerAndBrowser');
    const context = await newContext(options);
    if (!current.serviceWorker) await context.addInitScript(() => void delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker);
    await context.exposeBinding('reportPolicyViolation', (_source, violation: string) => current.violations.push(violation));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportPolicyViolation(violation: string): void }).reportPolicyViolation;
        report(`${event.effectiveDirective} refused ${event.blockedURI || 'an inline source'} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    return context;
  };
}

export interface ServerAndBrowser {
  readonly server: TestServer;
  readonly browser: Browser;
}

export interface BrowserOptions {
  /** Whether pages may register the app shell's service worker (SPEC U20, U27); off unless a file tests it. */
  serviceWorker?: boolean;
  /**
   * The full browser (CHROMIUM_PATH if set) rather than the shared headless shell, whose pages
   * all say they have the focus: it has no windows to lose it to. For what another window taking
   * the focus does (SPEC U80); Playwright still tells a page it has the focus until the test turns
   * that off for the page (`Emulation.setFocusEmulationEnabled`, once it shows the workspace: the
   * setting goes with the renderer a navigation may replace).
   */
  windows?: boolean;
}

/**
 * One server (serving the built client from dist/) for the calling `describe`, and the Chromium
 * the e2e files share; its tests each fail on any Content-Security-Policy violation in its pages.
 */
export function useServerAndBrowser(overrides: Partial<ServerConfig> = {}, options: BrowserOptions = {}): ServerAndBrowser {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const own: ContextSettings = { ...options, violations: [] };
  beforeAll(async () => {
    server = await startTestServer({ clientDir: join(process.cwd(), 'dist'), ...overrides });
    if (options.windows) {
      browser = await launchBrowser(process.env.CHROMIUM_PATH ?? FULL_CHROMIUM);
      prepareContexts(browser);
    } else browser = await sharedBrowser();
    settings.push(own);
  });
  afterEach(() => {
    expect(own.violations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  });
  afterAll(async () => {
    const at = settings.indexOf(own);
    if (at >= 0) settings.splice(at, 1);
    // A test that failed half way leaves its people's profiles open; the next file starts clean.
    if (browser?.isConnected()) await Promise.all(browser.contexts().map((context) => context.close()));
    if (options.windows) await browser?.close();
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
