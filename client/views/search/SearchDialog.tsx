import { createMemo, createSignal, For, onMount, Show } from 'solid-js';
import { rankEntries, searchEntries, type SearchEntry } from '../../state/search-index';
import { useWorkspace } from '../../state/workspace-context';

/**
 * Ctrl+K search (SPEC U25): a native modal dialog holding the ARIA combobox pattern, a text field
 * that owns a listbox of results, the active one named by `aria-activedescendant` while focus stays
 * in the field. ↑/↓ choose, Enter (or a click) goes to the thing's view and selects it, Esc closes.
 */
export function SearchDialog(props: { onClose: () => void; onChosen: (entry: SearchEntry) => void }) {
  const ws = useWorkspace();
  let dialog!: HTMLDialogElement;
  let input!: HTMLInputElement;
  const [query, setQuery] = createSignal('');
  const [active, setActive] = createSignal(0);
  const entries = createMemo(() => searchEntries(ws.view(), ws.agenda()));
  const results = createMemo(() => rankEntries(query(), entries()));
  const optionId = (index: number) => `search-option-${index}`;
  onMount(() => {
    dialog.showModal();
    input.focus();
  });
  const choose = (entry: SearchEntry | undefined) => {
    if (!entry) return;
    dialog.close();
    props.onChosen(entry);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const count = results().length;
    if (event.key === 'ArrowDown' && count > 0) setActive((active() + 1) % count);
    else if (event.key === 'ArrowUp' && count > 0) setActive((active() - 1 + count) % count);
    else if (event.key === 'Enter') choose(results()[active()]);
    else return;
    event.preventDefault();
  };
  return (
    <dialog ref={dialog} class="palette-dialog" aria-labelledby="search-title" onClose={() => props.onClose()} data-testid="search-dialog">
      <header class="palette-head">
        <h2 id="search-title">Search</h2>
        <button type="button" class="icon" aria-label="Close" onClick={() => dialog.close()}>
          ✕
        </button>
      </header>
      <div class="palette-body">
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label="Search nodes, KPIs, dependencies and agenda items"
          aria-expanded={results().length > 0}
          aria-controls="search-results"
          aria-autocomplete="list"
          aria-activedescendant={results().length > 0 ? optionId(active()) : undefined}
          autocomplete="off"
          value={query()}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id="search-results" role="listbox" aria-label="Results" class="palette-results">
          <For each={results()}>
            {(entry, index) => (
              <li
                id={optionId(index())}
                role="option"
                aria-selected={index() === active()}
                onMouseMove={() => setActive(index())}
                onClick={() => choose(entry)}
              >
                <span class="palette-label">{entry.label}</span>
                <span class="palette-kind">{entry.kind}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={query().trim() !== '' && results().length === 0}>
          <p class="muted" role="status">
            Nothing matches “{query().trim()}”.
          </p>
        </Show>
      </div>
    </dialog>
  );
}
