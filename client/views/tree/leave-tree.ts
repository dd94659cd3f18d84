const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * Moves focus to the first control after `tree` (or the last before it, `backward`), skipping
 * the rest of the outline: Tab indents inside a title, so from a row Tab must leave the tree
 * rather than walk into the next title and trap a keyboard user there (WCAG 2.1.2, SPEC U4).
 */
export function leaveTree(tree: Element, backward: boolean): void {
  const outside = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !tree.contains(el) && el.getClientRects().length > 0,
  );
  const following = (el: HTMLElement) => (tree.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  const target = backward ? outside.filter((el) => !following(el)).at(-1) : outside.find(following);
  target?.focus();
}
