import type { Page } from 'playwright-core';

/** What Tab can reach: native controls, links, disclosure summaries and anything made focusable. */
const FOCUSABLE = 'button, input, select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])';

export interface TabWalk {
  /** Enabled, shown controls inside the scope that Tab never reached. */
  unreached: string[];
  /** Controls that had keyboard focus without a ring of 2 px or more. */
  unringed: string[];
}

/**
 * Presses Tab from the element that has focus now until focus comes back to it (a whole lap of
 * the page, or of a modal dialog), noting each control reached and whether it showed a focus
 * ring; then lists the controls inside `scope` that were never reached. A control is known by
 * its tag, name, text and type, so one redrawn during the walk (a list read again) still counts.
 */
export async function tabThrough(page: Page, scope = 'body'): Promise<TabWalk> {
  const count = await page.evaluate(
    ([root, selector]) => {
      const signature = (el: Element) =>
        [el.tagName, el.getAttribute('aria-label'), el.getAttribute('type'), el.textContent?.trim().slice(0, 80)].join('|');
      const walk = window as unknown as { tabSignature: typeof signature; tabReached: Set<string> };
      walk.tabSignature = signature;
      walk.tabReached = new Set();
      for (const el of document.querySelectorAll('[data-tab-start]')) el.removeAttribute('data-tab-start');
      const start = document.activeElement as HTMLElement;
      start.dataset.tabStart = '';
      walk.tabReached.add(signature(start));
      return document.querySelector(root!)!.querySelectorAll(selector!).length;
    },
    [scope, FOCUSABLE],
  );
  const unringed: string[] = [];
  // A date field takes four presses (day, month, year, calendar button); allow that a control, and a margin.
  for (let press = 0; press < count * 4 + 10; press++) {
    await page.keyboard.press('Tab');
    const step = await page.evaluate(() => {
      const walk = window as unknown as { tabSignature(el: Element): string; tabReached: Set<string> };
      const el = document.activeElement as HTMLElement | null;
      if (el?.dataset.tabStart !== undefined) return { lap: true, ring: true, what: '' };
      // Past the last control focus leaves the page (the browser's own controls); the next Tab comes back.
      if (!el || el === document.body) return { lap: false, ring: true, what: '' };
      walk.tabReached.add(walk.tabSignature(el));
      const style = getComputedStyle(el);
      return { lap: false, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, what: el.outerHTML.slice(0, 140) };
    });
    if (step.lap) break;
    if (!step.ring && !unringed.includes(step.what)) unringed.push(step.what);
  }
  const unreached = await page.evaluate(
    ([root, selector]) => {
      const walk = window as unknown as { tabSignature(el: Element): string; tabReached: Set<string> };
      return [...document.querySelector(root!)!.querySelectorAll<HTMLElement>(selector!)]
        .filter((el) => !el.matches(':disabled') && !el.closest('[inert]') && el.checkVisibility({ visibilityProperty: true }))
        .filter((el) => !walk.tabReached.has(walk.tabSignature(el)))
        .map((el) => el.outerHTML.slice(0, 140));
    },
    [scope, FOCUSABLE],
  );
  return { unreached, unringed };
}
