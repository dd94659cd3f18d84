import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** How wide the page scrolls: more than the window's width means it scrolls sideways. */
export function pageScrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

/** Fails unless the page does not scroll sideways at the window's width (SPEC U10). */
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const width = page.viewportSize()!.width;
  expect(await pageScrollWidth(page), `page width on ${where}`).toBeLessThanOrEqual(width);
}

/** How far the control's scrolling ancestors had to scroll sideways to show it. */
function sidewaysScrolled(control: Locator): Promise<number> {
  return control.evaluate((el) => {
    let scrolled = 0;
    for (let node = el.parentElement; node; node = node.parentElement) scrolled += node.scrollLeft;
    return scrolled;
  });
}

/**
 * Fails unless each control is shown and lies wholly within the window's width once scrolled to
 * vertically (a phone scrolls down; a control only reached by scrolling some region sideways
 * counts as cut off), so a person can see and tap all of it.
 */
export async function expectWithinWidth(page: Page, where: string, controls: Locator[]): Promise<void> {
  const width = page.viewportSize()!.width;
  for (const control of controls) {
    await control.scrollIntoViewIfNeeded();
    const box = await control.boundingBox();
    const name = `${control} on ${where}`;
    expect(box, `${name} is shown`).not.toBeNull();
    expect(await sidewaysScrolled(control), `${name} needs no sideways scrolling`).toBe(0);
    expect(box!.x, `${name} starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${name} ends inside the window`).toBeLessThanOrEqual(width + 0.5);
  }
}
