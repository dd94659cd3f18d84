import { createEffect, on, onCleanup, type Accessor } from 'solid-js';

/**
 * Calls `reread` once things settle after `changes` moves: a REST answer derived from the live
 * document (changes since a snapshot, the action list) follows the document without a request
 * per keystroke. Skips the first run (the resource has just been read).
 */
export function rereadOnChange(changes: Accessor<unknown>, reread: () => void, delayMs: number): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      changes,
      () => {
        clearTimeout(timer);
        timer = setTimeout(reread, delayMs);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));
}
