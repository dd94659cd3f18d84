/** Input types that hold no text a person types: leaving them loses nothing. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'hidden', 'image']);

/** Whether typing goes into `target`: a text area, an editable element, or an input that takes text (a date too). */
export function isTextField(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement | HTMLElement {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}

/**
 * Whether the person is in the middle of typing: a focused text field that holds something.
 * Moving their screen to another view then would throw a draft away (a half-written action, an
 * owner not yet committed), so a facilitator's summons waits to be taken (SPEC U55).
 */
export function isTypingInField(): boolean {
  const element = document.activeElement;
  if (!isTextField(element)) return false;
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) return element.value !== '';
  return (element.textContent ?? '') !== '';
}
