import { For } from 'solid-js';
import type { AgendaFilter } from '../../state/ownership';

const FILTERS: { value: AgendaFilter; label: string }[] = [
  { value: 'all', label: 'All items' },
  { value: 'my-items', label: 'My items' },
  { value: 'my-actions', label: 'My actions' },
];

/** "My items" (I own the item) and "My actions" (an action on it is mine), for the signed-in person (SPEC A14). */
export function AgendaFilterBar(props: { filter: AgendaFilter; onFilter: (filter: AgendaFilter) => void; name: string }) {
  return (
    <div class="agenda-filter" role="group" aria-label="Show on the agenda">
      <For each={FILTERS}>
        {(option) => (
          <button type="button" aria-pressed={props.filter === option.value} onClick={() => props.onFilter(option.value)}>
            {option.label}
          </button>
        )}
      </For>
      <span class="muted">
        {props.filter === 'my-items' ? `Items owned by ${props.name}` : props.filter === 'my-actions' ? `Items with an action for ${props.name}` : ''}
      </span>
    </div>
  );
}
