import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface Participant {
  context: BrowserContext;
  page: Page;
}

/** A person opening a workspace link in their own browser profile and giving their name. */
export async function join(browser: Browser, link: string, name: string): Promise<Participant> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${name}] console error:`, message.text());
  });
  await page.goto(link);
  await page.getByLabel('Your name, as the room will see it').fill(name);
  await page.getByRole('button', { name: 'Join the review' }).click();
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  return { context, page };
}
