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

/** Where a control lies once scrolled to, and how far its scrolling ancestors scrolled sideways to show it. */
interface Placement {
  /** Its box, or null when it has none: not shown. */
  box: { x: number; width: number } | null;
  sidewaysScrolled: number;
}

/** Chromium's own Element.scrollIntoViewIfNeeded, which the DOM's types leave out. */
interface ChromiumScroll {
  scrollIntoViewIfNeeded(centerIfNeeded: boolean): void;
}

/**
 * Scrolls the control into view as Playwright's `scrollIntoViewIfNeeded` does (Chromium's own
 * scroll of its box into view, centred where needed) and measures it, in one call to the page.
 * Each call looks the control up again, which for a role and a name means reading the accessible
 * names of the whole page: the three calls this took (scroll, box, ancestors) cost 95 ms a control
 * against 34 ms for one, on a busy machine, over the 166 controls of phone-layout.test.ts's [U10].
 * The styles have no transitions, so a box measured once is stable.
 */
function placementOf(control: Locator): Promise<Placement> {
  return control.evaluate((el) => {
    if (el.getClientRects().length === 0) return { box: null, sidewaysScrolled: 0 };
    (el as unknown as ChromiumScroll).scrollIntoViewIfNeeded(true);
    const { x, width } = el.getBoundingClientRect();
    let sidewaysScrolled = 0;
    for (let node = el.parentElement; node; node = node.parentElement) sidewaysScrolled += node.scrollLeft;
    return { box: { x, width }, sidewaysScrolled };
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
    let placement = await placementOf(control);
    // A control still being drawn: measured again once it shows, waited for as long as any action waits.
    if (!placement.box) {
      await control.waitFor();
      placement = await placementOf(control);
    }
    const { box } = placement;
    const name = `${control} on ${where}`;
    expect(box, `${name} is shown`).not.toBeNull();
    expect(placement.sidewaysScrolled, `${name} needs no sideways scrolling`).toBe(0);
    expect(box!.x, `${name} starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${name} ends inside the window`).toBeLessThanOrEqual(width + 0.5);
  }
}

/** Something drawn in the presence bar: a person's initials, or the "guest" tag drawn under them. */
export interface PresenceShape {
  /** Whose and what: "AD initials", "AD guest tag". */
  name: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Each person's initials in the presence bar and, under a guest's, the "guest" tag (a centred `::after`). */
export function presenceShapes(page: Page): Promise<PresenceShape[]> {
  return page
    .getByTestId('presence')
    .getByTestId('avatar')
    .evaluateAll((els) =>
      els.flatMap((el) => {
        const box = el.getBoundingClientRect();
        const shapes = [{ name: `${el.textContent} initials`, left: box.left, right: box.right, top: box.top, bottom: box.bottom }];
        const tag = getComputedStyle(el, '::after');
        if (tag.content !== 'none' && tag.content !== 'normal') {
          const width = parseFloat(tag.width);
          const centre = (box.left + box.right) / 2;
          const top = box.top + parseFloat(tag.top);
          shapes.push({ name: `${el.textContent} guest tag`, left: centre - width / 2, right: centre + width / 2, top, bottom: top + parseFloat(tag.height) });
        }
        return shapes;
      }),
    );
}

/** Whether two shapes cover part of one another. */
export function overlap(a: PresenceShape, b: PresenceShape): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * The tags of a tree row cut at the edge of the tags' box, mid-word, rather than shown whole,
 * ended in an ellipsis, or left out (wrapped onto the hidden line) (SPEC U12): each partly inside.
 */
export function cutTags(row: Locator): Promise<string[]> {
  return row.evaluate((el) => {
    const meta = el.querySelector('.row-meta')!.getBoundingClientRect();
    return [...el.querySelectorAll('.row-meta > *')]
      .filter((tag) => {
        const box = tag.getBoundingClientRect();
        const inside = box.left < meta.right && box.top < meta.bottom && getComputedStyle(tag).visibility !== 'hidden';
        return inside && (box.right > meta.right + 0.5 || box.bottom > meta.bottom + 0.5);
      })
      .map((tag) => tag.textContent ?? '');
  });
}

/**
 * The controls inside `scope` (every element it matches) a finger could miss: visible and under
 * 24 × 24 px (WCAG 2.2 target size, SPEC U76), each as "name (w×h)", after `where`.
 */
export function smallTargets(scope: Locator, where = ''): Promise<string[]> {
  return scope.evaluateAll(
    (roots, prefix) =>
      roots.flatMap((root) =>
        [...root.querySelectorAll<HTMLElement>('button, select, input, textarea, summary, [role="button"]')]
          .map((control) => ({ name: control.getAttribute('aria-label') ?? control.textContent?.trim() ?? control.tagName, box: control.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && box.height > 0 && (box.width < 24 || box.height < 24))
          .map(({ name, box }) => `${prefix}${name.slice(0, 40)} (${Math.round(box.width)}×${Math.round(box.height)})`),
      ),
    where,
  );
}
