import { onCleanup } from 'solid-js';

/** How long a screen opened again holds its place against what arrives after it (SPEC A17). */
const HOLD_MS = 2_000;

/** What a screen opened again keeps in view: a card where it stood from the window's top, or one in the middle. */
export type PlaceAnchor = { id: string; top: number } | { id: string; middle: true };

/** A person's own move in the page: from then on where the page stands is theirs. */
const OWN_MOVES = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;

/**
 * Keeps a screen opened again in another role where it was (SPEC A17), from the moment its view
 * first shows the document (`main` made) for two seconds. Not once: the view's first render is
 * made from this browser's copy, and what comes after it (the server's changes, "Since the last
 * review" read over REST, the triage banner) grows the page above the card and pushed it out of
 * place. So the anchor is put back each time `main` or the page around it (the banners are
 * outside `main`) changes size, until the two seconds are over or the person scrolls, taps or
 * presses a key themselves.
 *
 * `anchor` is read at each placing, so what it names may change meanwhile: a screen following
 * the facilitator holds the facilitator's selection, and one they select within the two seconds
 * is held from then on, where putting the restored card back each time took the follower from
 * what the room was looking at.
 *
 * @example
 *   <main ref={(main) => holdPlace(main, () => ({ id, top: 120 }))}>…</main>
 */
export function holdPlace(main: HTMLElement, anchor: () => PlaceAnchor | null): void {
  const place = () => {
    const at = anchor();
    const element = at && document.querySelector(`[data-id="${CSS.escape(at.id)}"]`);
    if (!at || !element) return;
    if ('top' in at) window.scrollBy({ top: element.getBoundingClientRect().top - at.top });
    else element.scrollIntoView({ block: 'center' });
  };
  // Called once as each element is first measured too: the first placing.
  const sizes = new ResizeObserver(place);
  sizes.observe(main);
  sizes.observe(document.body);
  const stop = () => {
    sizes.disconnect();
    clearTimeout(timer);
    for (const move of OWN_MOVES) window.removeEventListener(move, stop, true);
  };
  const timer = setTimeout(stop, HOLD_MS);
  for (const move of OWN_MOVES) window.addEventListener(move, stop, { capture: true, passive: true });
  onCleanup(stop);
}
