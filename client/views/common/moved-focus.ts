import { onCleanup } from 'solid-js';

/** What a person works in (card-focus finds the same control in a card made again). */
export const CONTROL = 'input, textarea, select, button';
/** Of those, what they type into, and so must see. */
const TEXT_FIELD = 'textarea, input:not([type=checkbox], [type=radio])';

/**
 * Gives a control the focus where it now is without scrolling the page to it: only a text field,
 * whose person is typing and must see what they type, comes into view, as little as it takes.
 */
export function focusInPlace(control: HTMLElement): void {
  control.focus({ preventScroll: true });
  if (control.matches(TEXT_FIELD)) control.scrollIntoView({ block: 'nearest' });
}

/**
 * Keeps a person's place in a list whose rows move under them (SPEC U89). A keyed list moves a
 * row's element rather than making it again, and a browser takes the focus from an element the
 * moment it leaves the page, even to be put straight back: someone typing an action into an
 * agenda card that a colleague decides (it moves below the items still to decide) lost the focus
 * mid-word, and the rest of the sentence went nowhere (a "?" in it opened the shortcut help).
 *
 * A focus lost with nowhere to go (no `relatedTarget`) is given back to the same control once the
 * move is over, only when the list took out an element holding it in that same update: a person
 * who taps beside a field, or moves on with Tab, keeps what they chose. The control keeps its
 * caret and selection through the move. What the control itself does as it loses the focus waits
 * for this (`whenLeft`, below).
 *
 * Only a control is given the focus back (a field, a button): a row focused by a click on its body
 * (an agenda card is focusable, for "Show it") holds no place worth a jump, and focusing it
 * scrolled the page to where it went, on every screen following the room, at every outcome. Nor
 * does a button scroll: only a text field, whose person is typing and must see what they type,
 * brings itself into view, as little as it takes.
 *
 * @example
 *   <div ref={(list) => keepFocusThroughMoves(list)}>…<For each={ids()}>{card}</For></div>
 */
export function keepFocusThroughMoves(list: HTMLElement): void {
  let lost: HTMLElement | null = null;
  let moved = false;
  const note = (records: MutationRecord[]) => {
    const control = lost;
    if (control && records.some((record) => [...record.removedNodes].some((node) => node.contains(control)))) moved = true;
  };
  const observer = new MutationObserver(note);
  observer.observe(list, { childList: true, subtree: true });
  const settle = () => {
    note(observer.takeRecords());
    const control = lost;
    const wasMoved = moved;
    lost = null;
    moved = false;
    const nowhere = document.activeElement === null || document.activeElement === document.body;
    if (!control || !wasMoved || !nowhere || !list.contains(control) || !control.matches(CONTROL)) return;
    focusInPlace(control);
  };
  const onBlur = (event: FocusEvent) => {
    if (event.relatedTarget !== null || !(event.target instanceof HTMLElement)) return;
    lost = event.target;
    // The blur comes in the middle of the list's update; the move is over by the next microtask.
    queueMicrotask(settle);
  };
  // Heard as it goes down to the control (capture), before the control's own listeners: the focus
  // is back before any microtask they queue runs, which is what `whenLeft` counts on.
  list.addEventListener('blur', onBlur, true);
  // While another window has the focus, Chromium sends no `blur` as the list moves the focused
  // control: the page's focus goes to the body, never given back, while the control still thinks
  // itself focused (a half-typed owner kept uncommitted, a Rename left open) and, back, the person
  // typed into the page (a "?" opened the shortcut help). The control the window left in is given
  // the focus when the window is back, if nothing holds it then; its caret goes with it.
  let away: HTMLElement | null = null;
  const onWindowBlur = () => {
    const control = document.activeElement;
    away = control instanceof HTMLElement && list.contains(control) && control.matches(CONTROL) ? control : null;
  };
  const onWindowFocus = () => {
    const control = away;
    away = null;
    const nowhere = document.activeElement === null || document.activeElement === document.body;
    if (control && nowhere && list.contains(control)) focusInPlace(control);
  };
  window.addEventListener('blur', onWindowBlur);
  window.addEventListener('focus', onWindowFocus);
  onCleanup(() => {
    list.removeEventListener('blur', onBlur, true);
    window.removeEventListener('blur', onWindowBlur);
    window.removeEventListener('focus', onWindowFocus);
    observer.disconnect();
  });
}

/**
 * Calls `leave` once the focus that `event` (a blur or focusout) took from inside `within` is gone
 * for good: at once when it went to another element outside, else a microtask later, unless it is
 * back inside by then. A list that keeps focus through moves (above) gives it back in a microtask
 * queued before this one, so a field moved under its person is not taken as left: Chromium fires
 * `change` and `blur` at it as the list takes it out, and a half-typed owner was committed to
 * every screen, a Rename field closed mid-word. The person's own leaving is still known before
 * anything else they do: the microtask runs as the blur's listeners return, before the click
 * that took the focus away.
 *
 * Another window taking the focus (Alt-Tab, a chat notification clicked) is not leaving either
 * (SPEC U80): the field stays the page's active element, the browser gives it the focus back when
 * the window has it again, and the person goes on typing where they were, as in any editor. A
 * field that committed and closed then had stored a half-typed owner and shut a Rename mid-word.
 *
 * @example
 *   <input onBlur={(event) => whenLeft(event, event.currentTarget, () => save())} />
 */
export function whenLeft(event: FocusEvent, within: HTMLElement, leave: () => void): void {
  if (event.relatedTarget instanceof Node) {
    if (!within.contains(event.relatedTarget)) leave();
    return;
  }
  // Taken out of the page is not leaving: a card made again elsewhere (an item resolved) carries
  // the place and the draft to its new card (card-focus), and committing here too stored a
  // half-typed owner. Nor is the focus still inside, given back or kept by another window taking
  // the browser's focus (above).
  queueMicrotask(() => {
    if (within.isConnected && !within.contains(document.activeElement)) leave();
  });
}
