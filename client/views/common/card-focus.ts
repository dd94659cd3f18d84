import { CONTROL, focusInPlace } from './moved-focus';

/**
 * A keyboard's place in a card that is re-made elsewhere (SPEC U69, U89). A dependency card lives
 * in the cell of its lane and state, so a commit, a flag or Done re-makes it in another cell; an
 * agenda item resolved goes to the folded "Resolved" group. Made here or by a colleague, without
 * this the focused field or button went with the old card, the rest of a sentence typed into it
 * went nowhere (a "?" in it opened the shortcut help) and a keyboard started again from the top.
 *
 * The leaving card holds its focused control (as its cleanup runs, before its elements leave the
 * page) and the card made for the same item in its new place takes it as it mounts, in the same
 * update; a folded group it lands in is opened, as a control in it could not have the focus. What
 * is held and not taken by then (the card was archived, or the view left) is dropped, so a card
 * restored later never takes focus from where the person has gone since.
 *
 * @example
 *   const focus = createCardFocus((card) => card.querySelector('.dep-title'));
 *   onMount(() => focus.take(id, card)); onCleanup(() => focus.hold(id, card));
 */
interface HeldFocus {
  /** The control: its accessible name, which no state or place of the card changes. */
  name: string;
  tag: string;
  selection: { start: number; end: number } | null;
  /** A draft that lives only in the field (the commit date picked and not yet committed). */
  draft: string | null;
}

export interface CardFocus {
  /**
   * Called by a card being removed: holds its focused control, if it has one. `dropped` is called
   * a moment later if no card for the same item is made in the same update (what the card keeps
   * open outside itself, a Rename, then closes).
   */
  hold(id: string, card: HTMLElement, dropped?: () => void): void;
  /** Called by a card being made: gives it the focus its predecessor held, if any. */
  take(id: string, card: HTMLElement): void;
}

/** Marks a control whose value is a draft of its own rather than a copy of the document's. */
const DRAFT_ATTRIBUTE = 'data-draft';

/**
 * `fallback` names where the focus goes in the new card when the control held is not offered
 * there (At risk, once at risk; Resolve, once resolved).
 */
export function createCardFocus(fallback: (card: HTMLElement) => HTMLElement | null): CardFocus {
  // Each card removed in this update, with the place it held (null: none).
  const held = new Map<string, HeldFocus | null>();
  return {
    hold(id, card, dropped) {
      const focused = document.activeElement;
      // The card itself, focused by a click on its body (or "Show it"), is not a place someone
      // types in: following it to a folded group would scroll their page there (U89).
      const place = focused instanceof HTMLElement && focused !== card && card.contains(focused) ? describe(focused) : null;
      held.set(id, place);
      queueMicrotask(() => {
        if (held.delete(id)) dropped?.();
      });
    },
    take(id, card) {
      if (!held.has(id)) return;
      const focus = held.get(id);
      held.delete(id);
      if (focus) restore(card, focus, fallback);
    },
  };
}

function nameOf(element: HTMLElement): string {
  return element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '';
}

function describe(element: HTMLElement): HeldFocus {
  const field = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : null;
  // A date input has no text selection (its selectionStart is null).
  const selection = field && field.selectionStart !== null ? { start: field.selectionStart, end: field.selectionEnd ?? field.selectionStart } : null;
  return { name: nameOf(element), tag: element.tagName, selection, draft: field?.hasAttribute(DRAFT_ATTRIBUTE) ? field.value : null };
}

function restore(card: HTMLElement, focus: HeldFocus, fallback: (card: HTMLElement) => HTMLElement | null): void {
  const same = [...card.querySelectorAll<HTMLElement>(CONTROL)].find(
    (element) => element.tagName === focus.tag && nameOf(element) === focus.name,
  );
  const target = same ?? fallback(card);
  if (!target) return;
  for (let group = card.closest('details'); group; group = group.parentElement?.closest('details') ?? null) group.open = true;
  // As moved-focus gives it back: a colleague's change never scrolls anyone's page (U89).
  focusInPlace(target);
  if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) || target !== same) return;
  if (focus.draft !== null && target.value !== focus.draft) {
    target.value = focus.draft;
    // The card reads its draft from input events, as from the person's typing.
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
  if (focus.selection && target.selectionStart !== null) {
    const length = target.value.length;
    target.setSelectionRange(Math.min(focus.selection.start, length), Math.min(focus.selection.end, length));
  }
}
