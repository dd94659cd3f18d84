/** The screens laid out for a phone: the width at which every view's `.css` stacks (SPEC U10). */
const PHONE = '(max-width: 720px)';

/** Whether the screen is laid out for a phone now. */
export function onPhone(): boolean {
  return window.matchMedia(PHONE).matches;
}
