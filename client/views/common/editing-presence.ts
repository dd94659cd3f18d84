import { onCleanup } from 'solid-js';
import type { Presence } from '../../state/presence';
import { whenLeft } from './moved-focus';

/**
 * What the person was last said to edit, per presence: an item's id, not one element's, so the
 * card made again for it (card-focus) lets it go as the first one would. While another window has
 * the focus the new card gets no `focusin` to take it over, and one removed then (resolved, then
 * archived by a colleague) left the person shown editing it for good.
 */
const holders = new WeakMap<Presence, string>();

export interface EditingPresence {
  /** Says the person edits `id` (the element's `focusin`). */
  enter(): void;
  /** The element's `focusout`: says they edit nothing once the focus has left it for good. */
  leave(event: FocusEvent): void;
  /** Says they edit nothing now, the focus gone to a part of the element that edits nothing (a tree row's own body, after Escape). */
  done(): void;
}

/**
 * The "is editing" avatar colleagues see on a card or a panel the person has the focus in (SPEC
 * U80, U89, U101). It goes only once they have left it: not as the focus goes from one of its
 * controls to another, as a list moves it, or as another window takes the browser's focus (all
 * `whenLeft`); a per-focusout "none" made it blink on every move and drop on every Alt-Tab.
 *
 * It goes too when the element is removed with the focus in it (the view left with Alt+1 or a
 * summons, the item archived by a colleague): no `focusout` comes then, and the person showed as
 * editing it for good. Unless the element made again for the same item has the focus by then
 * (card-focus): a card re-made in another cell keeps the avatar without a blink. The element
 * carries `data-presence-of={id}` so a successor is known, even before its late `focus` event in a
 * window that is away.
 *
 * Call it in the component that makes the element; `id` is fixed for the component's life.
 *
 * @example
 *   const editing = editingPresence(ws.presence, id);
 *   <article data-presence-of={id} onFocusIn={editing.enter} onFocusOut={editing.leave}>
 */
export function editingPresence(presence: Presence, id: string): EditingPresence {
  const release = () => {
    if (holders.get(presence) !== id) return;
    holders.delete(presence);
    presence.publish({ editing: null });
  };
  onCleanup(() => {
    if (holders.get(presence) !== id) return;
    // The successor is made in the same update, after this cleanup.
    queueMicrotask(() => {
      if (!document.activeElement?.closest(`[data-presence-of="${CSS.escape(id)}"]`)) release();
    });
  });
  return {
    enter() {
      holders.set(presence, id);
      presence.publish({ editing: id });
    },
    leave(event) {
      whenLeft(event, event.currentTarget as HTMLElement, release);
    },
    done: release,
  };
}
