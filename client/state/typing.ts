/** Input types that hold no text a person types: leaving them loses nothing. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'hidden', 'image']);

/**
 * Whether the person is in the middle of typing: a focused field that holds something. Moving
 * their screen to another view then would throw a draft away (a half-written action, an owner
 * not yet committed), so a facilitator's summons waits to be taken (SPEC U55).
 */
export function isTypingInField(): boolean {
  const element = document.activeElement;
  if (element instanceof HTMLTextAreaElement) return element.value !== '';
  if (element instanceof HTMLInputElement) return !NOT_TEXT.has(element.type) && element.value !== '';
  return element instanceof HTMLElement && element.isContentEditable && (element.textContent ?? '') !== '';
}
