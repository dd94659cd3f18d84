import { For, onMount } from 'solid-js';
import { SHORTCUTS } from '../../state/shortcuts';

/** "?": every keyboard shortcut, in a native modal dialog (Esc closes it) (SPEC U26). */
export function ShortcutHelp(props: { onClose: () => void }) {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  return (
    <dialog ref={dialog} class="palette-dialog" aria-labelledby="shortcuts-title" onClose={() => props.onClose()} data-testid="shortcut-help">
      <header class="palette-head">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" class="icon" aria-label="Close" onClick={() => dialog.close()}>
          ✕
        </button>
      </header>
      <For each={SHORTCUTS}>
        {(group) => (
          <section class="shortcut-group" aria-label={group.title}>
            <h3>{group.title}</h3>
            <dl>
              <For each={group.shortcuts}>
                {(shortcut) => (
                  <div class="shortcut">
                    <dt>
                      <For each={shortcut.keys}>{(key) => <kbd>{key}</kbd>}</For>
                    </dt>
                    <dd>{shortcut.does}</dd>
                  </div>
                )}
              </For>
            </dl>
          </section>
        )}
      </For>
    </dialog>
  );
}
