/**
 * Gives the focus to the shown view's heading, where it is, without scrolling the page: a button
 * that goes as it takes the person to a view or changes its mode ("Open triage", "Back to review")
 * hands its focus there, so a screen reader says where they are ("Triage", "Review agenda") and
 * the next Tab goes on into the view. The heading, not a control in the view: focusing a card
 * would select it and show its person "editing" it on every colleague's screen (SPEC U113).
 * The main content, which has no name, only takes it while a view shows no heading of its own.
 *
 * @example
 *   requestAnimationFrame(focusViewHeading);
 */
export function focusViewHeading(): void {
  const heading = document.querySelector<HTMLElement>('#main h2[tabindex="-1"]') ?? document.getElementById('main');
  heading?.focus({ preventScroll: true });
}
