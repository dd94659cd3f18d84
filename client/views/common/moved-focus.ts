import { onCleanup } from 'solid-js';

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
 * caret and selection through the move; focusing it brings it into view where the row went.
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
    if (control && wasMoved && nowhere && list.contains(control)) control.focus();
  };
  const onFocusOut = (event: FocusEvent) => {
    if (event.relatedTarget !== null || !(event.target instanceof HTMLElement)) return;
    lost = event.target;
    // The blur comes in the middle of the list's update; the move is over by the next microtask.
    queueMicrotask(settle);
  };
  list.addEventListener('focusout', onFocusOut);
  onCleanup(() => {
    list.removeEventListener('focusout', onFocusOut);
    observer.disconnect();
  });
}
