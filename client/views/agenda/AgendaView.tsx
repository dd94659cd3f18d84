import { createMemo, createSignal, For, Show } from 'solid-js';
import { archiveAgendaItem, createAgendaItem, restoreAgendaItem } from '../../../shared/schema/agenda-accessors';
import type { AgendaItemView } from '../../../shared/schema/agenda-read';
import { agendaOrder, DOTS_PER_PERSON, dotsLeft as dotsLeftOf } from '../../state/agenda-state';
import { filterAgenda, type AgendaFilter } from '../../state/ownership';
import { useWorkspace } from '../../state/workspace-context';
import { ArchivedList } from '../common/ArchivedList';
import { createCardFocus } from '../common/card-focus';
import { keepFocusThroughMoves } from '../common/moved-focus';
import { SinceLastReview } from '../history/SinceLastReview';
import { createCardDrafts } from './card-drafts';
import { BackToReviewButton } from '../shell/BackToReviewButton';
import { AgendaFilterBar } from './AgendaFilterBar';
import { AgendaItemCard } from './AgendaItemCard';
import { MeetingControls } from './MeetingControls';
import './agenda.css';

/**
 * The review agenda and, after a pivot, the triage items red first (their order keys put red
 * before amber and larger impact first), those still to decide before those decided or
 * deferred. Once the facilitator reveals the dots (in the document's meeting, so for everyone),
 * items are ordered by votes within those groups so the room discusses what it cares about most. "My items" and "My actions" narrow it to what the signed-in person
 * owns (SPEC A14).
 */
export function AgendaView() {
  const ws = useWorkspace();
  const items = ws.agenda;
  const revealed = () => ws.meeting().votesRevealed;
  const byVotes = (list: readonly AgendaItemView[]) => agendaOrder(list, revealed());
  const [filter, setFilter] = createSignal<AgendaFilter>('all');
  // Archived topics leave the agenda for the Archived list below, where they can be restored (SPEC U7).
  const shown = createMemo(() => filterAgenda(items().filter((item) => !item.archived), filter(), ws.identity.name));
  const archived = createMemo(() => items().filter((item) => item.archived));
  const byId = createMemo(() => new Map(items().map((item) => [item.id, item])));
  const ids = (list: readonly AgendaItemView[]) => list.map((item) => item.id);
  // Cards are keyed by id so a change re-renders fields, never the card (typing keeps focus).
  const triage = () => ids(byVotes(shown().filter((item) => item.kind === 'triage' && item.state !== 'resolved')));
  const review = () => ids(byVotes(shown().filter((item) => item.kind === 'review' && item.state !== 'resolved')));
  const resolved = () => ids(shown().filter((item) => item.state === 'resolved'));
  // An item resolved or reopened has its card made again in the other group: the person in it
  // keeps their place (on the card itself where the control they were in is not offered there),
  // the action they were writing and the title they were renaming it to (U89).
  const cardFocus = createCardFocus((card) => card);
  const cardDrafts = createCardDrafts();
  const card = (id: string) => (
    <Show when={byId().get(id)}>
      {(item) => <AgendaItemCard item={item()} revealed={revealed()} dotsLeft={dotsLeft()} focus={cardFocus} drafts={cardDrafts(id)} />}
    </Show>
  );
  const dotsLeft = () => dotsLeftOf(items(), ws.identity.id);
  const [newTitle, setNewTitle] = createSignal('');
  // Where a keyboard lands once the last archived topic is restored (U59).
  let heading!: HTMLHeadingElement;

  let newItemField: HTMLInputElement | undefined;
  const addItem = (event: SubmitEvent) => {
    event.preventDefault();
    if (!ws.apply(createAgendaItem(ws.doc, { title: newTitle(), timeboxMin: 10 }))) return;
    setNewTitle('');
    // "Add topic" is disabled once the title is emptied: the caret goes back for the next topic (U114).
    newItemField?.focus();
  };

  return (
    // A card moves when an outcome is taken or the dots are revealed, here or by a colleague (U89).
    <div class="agenda" ref={keepFocusThroughMoves}>
      <div class="panel-head">
        <h2 ref={heading} tabindex="-1">
          {ws.view().meta.mode === 'triage' ? 'Triage' : 'Review agenda'}
        </h2>
        <MeetingControls />
        <Show when={ws.isFacilitator}>
          <BackToReviewButton />
        </Show>
      </div>
      <p class="hint muted">
        <Show when={ws.canEdit}>You have {dotsLeft()} of {DOTS_PER_PERSON} dots left. </Show>
        {revealed() ? 'Votes are shown; open items are ordered by dots.' : 'Votes stay hidden until the facilitator reveals them.'}
      </p>
      <Show when={ws.meeting().status === 'running'}>
        <SinceLastReview />
      </Show>
      <AgendaFilterBar filter={filter()} onFilter={setFilter} name={ws.identity.name} />
      <Show when={triage().length > 0}>
        <section aria-label="Triage items" class="agenda-section">
          <For each={triage()}>{card}</For>
        </section>
      </Show>
      <section aria-label="Review agenda" class="agenda-section">
        <Show when={triage().length > 0}>
          <h3 class="section-title">Review agenda</h3>
        </Show>
        <For each={review()} fallback={<p class="muted empty">{filter() === 'all' ? 'Nothing on the review agenda yet.' : 'Nothing here is yours.'}</p>}>
          {card}
        </For>
        <Show when={ws.canEdit}>
          <form class="add-item" onSubmit={addItem}>
            <input ref={newItemField} aria-label="New agenda item" placeholder="Add a topic to the agenda" value={newTitle()} onInput={(e) => setNewTitle(e.currentTarget.value)} />
            <button type="submit" disabled={!newTitle().trim()}>
              Add topic
            </button>
          </form>
        </Show>
      </section>
      <Show when={resolved().length > 0}>
        <details class="agenda-section resolved">
          <summary>Resolved ({resolved().length})</summary>
          <For each={resolved()}>{card}</For>
        </details>
      </Show>
      <ArchivedList
        summary="Archived topics"
        testid="archived-agenda"
        items={archived().map((item) => ({ id: item.id, name: item.title }))}
        restore={(id) => restoreAgendaItem(ws.doc, id)}
        archive={(id) => archiveAgendaItem(ws.doc, id)}
        heading={() => heading}
      />
    </div>
  );
}
