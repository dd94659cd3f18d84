import { createMemo, For, Show } from 'solid-js';
import { sameItems } from '../../../shared/schema/same-items';
import { addAction, updateAction } from '../../../shared/schema/agenda-actions';
import type { AgendaItemView } from '../../../shared/schema/agenda-read';
import { isOwner } from '../../state/ownership';
import { useWorkspace } from '../../state/workspace-context';
import { CommitInput } from '../common/CommitInput';
import { DayText } from '../common/DayText';
import { OWNER_NAMES_ID } from '../common/OwnerNames';
import type { ActionDraft } from './card-drafts';

/**
 * The item's action items: what, who and by when, ticked off as they are done. The one being
 * written is the agenda's `draft`, which outlives this card (SPEC U89).
 */
export function ActionList(props: { item: AgendaItemView; draft: ActionDraft }) {
  const ws = useWorkspace();
  let newAction: HTMLInputElement | undefined;
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const { text, owner, due } = props.draft;
    const id = ws.apply(addAction(ws.doc, props.item.id, { text: text(), owner: owner() || null, due: due() || null }));
    if (!id) return;
    props.draft.clear();
    // The caret goes back to the emptied text for the next action, as a reading's form does (U52):
    // "Add action", disabled once the text is empty, would otherwise drop the focus to the page's start.
    newAction?.focus();
  };
  const actionIds = createMemo(() => props.item.actions.map((action) => action.id), [], { equals: sameItems });
  const actionById = createMemo(() => new Map(props.item.actions.map((action) => [action.id, action])));
  const patch = (actionId: string, change: Parameters<typeof updateAction>[3]) =>
    ws.attempt(updateAction(ws.doc, props.item.id, actionId, change));
  return (
    <div class="action-list">
      <span class="muted">Actions</span>
      {/* Someone who cannot add one is told there are none, not shown a heading over nothing. */}
      <Show when={ws.canEdit || props.item.actions.length > 0} fallback={<p class="muted no-actions">No actions yet</p>}>
        <ul aria-label={`Actions for ${props.item.title}`}>
          {/* By id, not by the item's re-read actions, made anew at every change: a row drawn anew took
              the focus with it as its own change landed (a box ticked with Space, an owner or a
              corrected text committed with Enter), U115. */}
          <For each={actionIds()}>
            {(actionId) => (
              <Show when={actionById().get(actionId)}>
                {(action) => (
                  <li data-done={action().done ? '' : undefined} data-mine={isOwner(action().owner, ws.identity.name) ? '' : undefined} data-testid="action">
                    <input type="checkbox" checked={action().done} disabled={!ws.canEdit} aria-label={`Done: ${action().text}`} onChange={(e) => patch(actionId, { done: e.currentTarget.checked })} />
                    {/* Corrected where it stands (U115): a typo seen once the action is written down was
                        otherwise kept, or ticked done and written again, two actions in the minutes. */}
                    <Show when={ws.canEdit} fallback={<span class="action-text">{action().text}</span>}>
                      <CommitInput class="action-text" value={action().text} label={`Text of action ${action().text}`} onCommit={(text) => patch(actionId, { text })} />
                    </Show>
                    <CommitInput value={action().owner ?? ''} label={`Owner of action ${action().text}`} placeholder={ws.canEdit ? 'Owner' : 'No owner yet'} readOnly={!ws.canEdit} list={OWNER_NAMES_ID} onCommit={(o) => patch(actionId, { owner: o || null })} />
                    {/* A viewer reads the date in words as the rest of the app writes it (U38), not a disabled date field's "01/01/2020". */}
                    <Show when={ws.canEdit} fallback={<span class="action-due">{action().due ? <DayText day={action().due!} /> : 'No due date'}</span>}>
                      <CommitInput type="date" value={action().due ?? ''} label={`Due date of action ${action().text}`} onCommit={(d) => patch(actionId, { due: d || null })} />
                    </Show>
                  </li>
                )}
              </Show>
            )}
          </For>
        </ul>
      </Show>
      <Show when={ws.canEdit}>
        <form class="add-action" onSubmit={add}>
          <input ref={newAction} aria-label="New action" placeholder="Add an action" value={props.draft.text()} onInput={(e) => props.draft.setText(e.currentTarget.value)} />
          <input aria-label="Action owner" placeholder="Owner" list={OWNER_NAMES_ID} autocomplete="off" value={props.draft.owner()} onInput={(e) => props.draft.setOwner(e.currentTarget.value)} />
          <input aria-label="Action due date" type="date" value={props.draft.due()} onInput={(e) => props.draft.setDue(e.currentTarget.value)} />
          <button type="submit" disabled={!props.draft.text().trim()}>
            Add action
          </button>
        </form>
      </Show>
    </div>
  );
}
