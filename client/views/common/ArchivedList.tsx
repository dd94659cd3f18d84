import { For, Show } from 'solid-js';
import type { OpResult } from '../../../shared/schema/op-result';
import { changeWithUndo } from '../../state/change-with-undo';
import { useWorkspace } from '../../state/workspace-context';
import { named } from '../../../shared/text/quoted';
import './archived-list.css';

/**
 * Archived nodes (by the top of each archived branch), KPIs, dependencies or agenda topics, folded away under `summary`, each with Restore for editors
 * (SPEC C17): archiving hides a thing, this is the way back.
 *
 * Restoring says so as archiving does, with an Undo (U7), and keeps a keyboard user's place (SPEC
 * U59): the restored row leaves the list with the button that was focused, so focus goes to the
 * Restore button of the item that takes its place (the next, else the one before), or, once none
 * is left and the list has gone, to the view's `heading`.
 */
export function ArchivedList(props: {
  summary: string;
  testid: string;
  items: readonly { id: string; name: string }[];
  restore: (id: string) => OpResult;
  /** Archives it again: the restore notice's Undo. */
  archive: (id: string) => OpResult;
  /** Where focus goes when the last archived item is restored; focusable (tabindex -1). */
  heading: () => HTMLElement;
}) {
  const ws = useWorkspace();
  let list!: HTMLUListElement;
  const restore = (item: { id: string; name: string }) => {
    const ids = props.items.map((entry) => entry.id);
    const at = ids.indexOf(item.id);
    const neighbour = ids[at + 1] ?? ids[at - 1] ?? null;
    const restored = () => !props.items.some((entry) => entry.id === item.id);
    if (!changeWithUndo(ws, `Restored ${named(item.name)}.`, () => props.restore(item.id), () => props.archive(item.id), restored)) return;
    // Re-read now, so the list has dropped the restored row before focus moves.
    ws.flush();
    if (neighbour === null) return props.heading().focus();
    list.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(neighbour)}"] button`)?.focus();
  };
  return (
    <Show when={props.items.length > 0}>
      <details class="archived-list" data-testid={props.testid}>
        <summary>
          {props.summary} ({props.items.length})
        </summary>
        <ul ref={list}>
          <For each={props.items}>
            {(item) => (
              <li data-testid="archived-item" data-id={item.id}>
                <span>{item.name}</span>
                <Show when={ws.canEdit}>
                  <button type="button" aria-label={`Restore ${item.name}`} onClick={() => restore(item)}>
                    Restore
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}
