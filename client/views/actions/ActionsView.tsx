import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { updateAction } from '../../../shared/schema/agenda-actions';
import { filterActions, ownersOf, type DoneFilter } from '../../state/action-filter';
import { byDueDate, isOverdue } from '../../state/action-order';
import { rereadOnChange } from '../../state/reread';
import { useWorkspace } from '../../state/workspace-context';
import { showAgendaItem } from '../agenda/show-item';
import '../history/history.css';
import { DayText } from '../common/DayText';
import { TableScroll } from '../common/TableScroll';

const REREAD_MS = 600;

/**
 * Every action of every agenda item (DESIGN §7 Actions, SPEC M4, M14): the server says which were
 * carried over from the previous meeting; done and owner are read from the live document, so a
 * tick anyone makes shows at once, and ticking here writes through the document (`updateAction`)
 * like the agenda card does. A row ticked here stays, shown done, until the filters are set again:
 * it neither vanishes from under the pointer nor takes the focus with it, and unticking it is the
 * way back. Rows go by due date, undated last; an open one past its date says it is overdue (U68).
 */
export function ActionsView() {
  const ws = useWorkspace();
  const [answer, { refetch }] = createResource(() => ws.record.api.actions());
  const [owner, setOwner] = createSignal('');
  const [done, setDone] = createSignal<DoneFilter>('open');
  // Ticked or unticked here since the filters were last set: listed until they are set again.
  const [kept, setKept] = createSignal<ReadonlySet<string>>(new Set());

  rereadOnChange(ws.agenda, () => void refetch(), REREAD_MS);
  const live = createMemo(() => {
    const byId = new Map(ws.agenda().map((item) => [item.id, item]));
    return (answer.latest?.actions ?? []).flatMap((listed) => {
      const item = byId.get(listed.item.id);
      const action = item?.actions.find((candidate) => candidate.id === listed.id);
      return action && item ? [{ ...listed, text: action.text, owner: action.owner, due: action.due, done: action.done, item: { id: item.id, title: item.title } }] : [];
    });
  });
  const shown = createMemo(() => byDueDate(filterActions(live(), { owner: owner() || null, done: done() }, kept())));
  // The rules' today (UTC, C7), moving on at midnight: a row due yesterday turns overdue on its own (U78).
  const today = ws.today;
  const shownIds = createMemo(() => shown().map((action) => action.id));
  const shownById = createMemo(() => new Map(shown().map((action) => [action.id, action])));
  const open = (itemId: string) => showAgendaItem(ws, itemId);
  return (
    <div class="actions-view">
      <div class="panel-head">
        <h2 tabindex="-1">Actions</h2>
        <span class="muted">Every action of every agenda item, across meetings.</span>
      </div>
      <div class="actions-filters" role="group" aria-label="Filter actions">
        <label class="field">
          <span>Owner</span>
          <select
            value={owner()}
            onChange={(e) => {
              setKept(new Set<string>());
              setOwner(e.currentTarget.value);
            }}
          >
            <option value="">Everyone</option>
            <For each={ownersOf(live())}>{(name) => <option value={name}>{name}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>Show</span>
          <select
            value={done()}
            onChange={(e) => {
              setKept(new Set<string>());
              setDone(e.currentTarget.value as DoneFilter);
            }}
          >
            <option value="open">Open</option>
            <option value="done">Done</option>
            <option value="all">All</option>
          </select>
        </label>
      </div>
      <Show when={!answer.error} fallback={<p class="alert-line">{(answer.error as Error)?.message}</p>}>
        <Show when={answer.latest} fallback={<p class="muted loading">Reading the actions…</p>}>
          <TableScroll label="Actions table">
            <table class="actions-table phone-cards" data-testid="actions-table">
              <thead>
                <tr>
                  <th scope="col">Done</th>
                  <th scope="col">Action</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                  <th scope="col">Agenda item</th>
                </tr>
              </thead>
              <tbody>
                <For each={shownIds()} fallback={<tr><td colSpan={5} class="muted">No actions here.</td></tr>}>
                  {(id) => (
                    // By id, not by listing: the listings are made anew at every change, and a row drawn anew
                    // would take the focus (a checkbox just ticked) with it.
                    <Show when={shownById().get(id)}>
                      {(action) => (
                        <tr data-done={action().done ? '' : undefined} data-overdue={isOverdue(action(), today()) ? '' : undefined} data-testid="action-row" data-id={action().id}>
                          <td data-label="Done">
                            <input
                              type="checkbox"
                              checked={action().done}
                              disabled={!ws.canEdit}
                              aria-label={`Done: ${action().text}`}
                              onChange={(e) => {
                                setKept(new Set([...kept(), action().id]));
                                ws.apply(updateAction(ws.doc, action().item.id, action().id, { done: e.currentTarget.checked }));
                              }}
                            />
                          </td>
                          <td class="action-what card-title">
                            {action().text}
                            <Show when={action().carriedOver}>
                              <span class="carried-badge" data-testid="carried-over" title="Open since before the last meeting started">
                                carried over
                              </span>
                            </Show>
                          </td>
                          <td data-label="Owner">{action().owner ?? '–'}</td>
                          <td data-label="Due">
                            <Show when={action().due} fallback="–">
                              {(due) => <DayText day={due()} />}
                            </Show>
                            {/* In words, not by colour alone (SPEC U68). */}
                            <Show when={isOverdue(action(), today())}>
                              <span class="overdue-tag">overdue</span>
                            </Show>
                          </td>
                          <td data-label="Agenda item">
                            <button type="button" class="text-button" onClick={() => open(action().item.id)}>
                              {action().item.title}
                            </button>
                          </td>
                        </tr>
                      )}
                    </Show>
                  )}
                </For>
              </tbody>
            </table>
          </TableScroll>
        </Show>
      </Show>
    </div>
  );
}
