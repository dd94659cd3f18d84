import { For, Show } from 'solid-js';
import type { OpResult } from '../../../shared/schema/op-result';
import { useWorkspace } from '../../state/workspace-context';
import './archived-list.css';

/**
 * Archived nodes (by the top of each archived branch), KPIs, dependencies or agenda topics, folded away under `summary`, each with Restore for editors
 * (SPEC C17): archiving hides a thing, this is the way back.
 */
export function ArchivedList(props: {
  summary: string;
  testid: string;
  items: readonly { id: string; name: string }[];
  restore: (id: string) => OpResult;
}) {
  const ws = useWorkspace();
  return (
    <Show when={props.items.length > 0}>
      <details class="archived-list" data-testid={props.testid}>
        <summary>
          {props.summary} ({props.items.length})
        </summary>
        <ul>
          <For each={props.items}>
            {(item) => (
              <li data-testid="archived-item" data-id={item.id}>
                <span>{item.name}</span>
                <Show when={ws.canEdit}>
                  <button type="button" aria-label={`Restore ${item.name}`} onClick={() => ws.apply(props.restore(item.id))}>
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
