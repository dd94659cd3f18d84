import type { Page } from 'playwright-core';

/**
 * Controls a screen reader would announce without a name: buttons, fields and selects with no
 * label, aria-label, aria-labelledby, title or text. Returns their outer HTML, so a failure
 * says which control it is.
 */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="button"]');
    const unnamed: string[] = [];
    for (const control of controls) {
      const labelled =
        control.getAttribute('aria-label')?.trim() ||
        control.getAttribute('aria-labelledby') ||
        control.getAttribute('title')?.trim() ||
        ((control as HTMLInputElement).labels?.length ?? 0) > 0 ||
        (control.tagName === 'BUTTON' && control.textContent?.trim());
      if (!labelled) unnamed.push(control.outerHTML.slice(0, 160));
    }
    return unnamed;
  });
}
