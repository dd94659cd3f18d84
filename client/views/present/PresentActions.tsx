import { For, Show } from 'solid-js';
import type { AgendaItemView } from '../../../shared/schema/agenda-read';
import { DayText } from '../common/DayText';

/** How many actions the wall lists: more would push the timer and the decision off it (SPEC U62). */
const SHOWN_ACTIONS = 3;

/**
 * Who does what by when, as the room agrees it (SPEC U43). The wall keeps the latest three, the
 * ones being written now, each at most two lines, and counts the earlier ones: a long list must
 * not push the timer out of a projector's window.
 */
export function PresentActions(props: { actions: AgendaItemView['actions'] }) {
  const shown = () => props.actions.slice(-SHOWN_ACTIONS);
  const earlier = () => props.actions.length - shown().length;
  return (
    <Show when={props.actions.length > 0}>
      <section class="present-actions" aria-label="Actions">
        <h3>Actions</h3>
        <Show when={earlier() > 0}>
          <p class="present-more" data-testid="more-actions">
            +{earlier()} more, agreed earlier
          </p>
        </Show>
        <ul>
          <For each={shown()}>
            {(action) => (
              <li data-done={action.done ? '' : undefined}>
                <span class="present-clamp">
                  {action.text}
                  <span class="present-action-who">
                    {` · ${action.owner ?? 'no owner yet'}`}
                    <Show when={action.due}>{(due) => <>, due <DayText day={due()} /></>}</Show>
                  </span>
                </span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
