import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { sessionCookie, tokenOf } from '../../integration/support/people';

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
  await connected(page);
}

/** Waits until the page's connection status reads Connected. */
function connected(page: Page): Promise<void> {
  return page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
}

/**
 * Where the client keeps the name a guest typed (client/state/identity.ts), which it never
 * removes. A guest who has it, and the session cookie, opens the workspace without the prompt.
 */
const NAME_KEY = 'throughline:name';

/**
 * A guest on a shared role link, already past the join, for the tests that are not about joining
 * (those use `join`, which goes through the page: the token in the fragment, the name prompt).
 * The link's token is exchanged for the session cookie over the server's own `POST /api/session`,
 * which the join page calls with it, and the name is in the profile's storage where the prompt
 * leaves it; the page then opens the workspace as on a return visit (`GET /api/session/:id`).
 * Same role, cookie, name and connection, without the prompt's render, typing and click: 0.1-0.4 s
 * less waiting a join (1.2-1.8 s), measured alternately on a busy two-core machine. The Chromium
 * CPU a join costs, 1.3-1.5 s, stays: it is the fresh profile and the app starting in it.
 */
export async function signedIn(browser: Browser, link: string, name: string, screen: Screen = DESKTOP): Promise<Participant> {
  const participant = await newParticipant(browser, name, screen);
  await openSignedIn(participant, link, name);
  return participant;
}

/** `signedIn` for a profile the test has prepared first (a clock, a time zone, a route). */
export async function openSignedIn({ context, page }: Participant, link: string, name: string): Promise<void> {
  const address = new URL(link);
  const [cookieName, ...value] = (await sessionCookie(address.origin, tokenOf(link))).split('=');
  await context.addCookies([{ name: cookieName!, value: value.join('='), url: address.origin, httpOnly: true, sameSite: 'Strict' }]);
  // Every document the profile opens runs this first. Only the workspace's origin has storage
  // for it (about:blank has none), and a name already there is kept, as the client keeps it.
  await context.addInitScript(
    ({ origin, key, name }) => {
      if (location.origin === origin && localStorage.getItem(key) === null) localStorage.setItem(key, name);
    },
    { origin: address.origin, key: NAME_KEY, name },
  );
  address.hash = '';
  await page.goto(address.href);
  await connected(page);
}

/** A member opening their personal link: no name to give, the server knows who they are. */
export async function joinAsMember(browser: Browser, link: string, name: string): Promise<Participant> {
  const participant = await newParticipant(browser, name);
  await participant.page.goto(link);
  await connected(participant.page);
  return participant;
}
