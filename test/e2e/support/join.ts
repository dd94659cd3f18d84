import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** The two screens the suite checks: a laptop in the meeting room, and a phone following remotely. */
export const DESKTOP = { viewport: { width: 1440, height: 900 } } as const;
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
/** A smaller laptop, where the header is tightest. */
export const SMALL_LAPTOP = { viewport: { width: 1280, height: 800 } } as const;
/** The narrowest laptop, where the tree's columns are tightest and the details go under it. */
export const NARROW_LAPTOP = { viewport: { width: 1024, height: 768 } } as const;
export type Screen = typeof DESKTOP | typeof PHONE | typeof SMALL_LAPTOP | typeof NARROW_LAPTOP;

export interface Participant {
  context: BrowserContext;
  page: Page;
}

/**
 * A person's own browser profile, whose page errors show in the test output under their name;
 * `options` for what else the profile needs (a time zone).
 */
export async function newParticipant(browser: Browser, name: string, screen: Screen = DESKTOP, options: BrowserContextOptions = {}): Promise<Participant> {
  const context = await browser.newContext({ ...options, ...screen });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${name}] console error:`, message.text());
  });
  return { context, page };
}

/** A guest opening a shared role link in their own browser profile and giving their name. */
export async function join(browser: Browser, link: string, name: string, screen: Screen = DESKTOP): Promise<Participant> {
  const participant = await newParticipant(browser, name, screen);
  await participant.page.goto(link);
  await typeName(participant.page, name);
  return participant;
}

/** Gives one's name at the prompt a guest sees, and waits until the workspace is connected. */
export async function typeName(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name, as the room will see it').fill(name);
  await page.getByRole('button', { name: 'Join the review' }).click();
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
}

/** A member opening their personal link: no name to give, the server knows who they are. */
export async function joinAsMember(browser: Browser, link: string, name: string): Promise<Participant> {
  const participant = await newParticipant(browser, name);
  await participant.page.goto(link);
  await participant.page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  return participant;
}
