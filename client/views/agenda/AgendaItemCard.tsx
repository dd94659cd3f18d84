import { createUniqueId, For, onCleanup, onMount, Show } from 'solid-js';
import { renamedSubject } from '../../../shared/pivot/triage-item';
import { setVote } from '../../../shared/schema/agenda-actions';
import { archiveAgendaItem, restoreAgendaItem, updateAgendaItem } from '../../../shared/schema/agenda-accessors';
import { changedSinceDecided, type AgendaItemView } from '../../../shared/schema/agenda-read';
import { clock } from '../../../shared/schema/meeting';
import { named } from '../../../shared/text/quoted';
import { acceptedLabel, revisitLabel, SEVERITY_LABEL, severityBadge, STATE_LABEL, totalVotes } from '../../state/agenda-state';
import { archiveWithUndo } from '../../state/archive-with-undo';
import { useWorkspace } from '../../state/workspace-context';
import { Avatar } from '../common/Avatar';
import type { CardFocus } from '../common/card-focus';
import { CollabText } from '../common/CollabText';
import { CommitInput } from '../common/CommitInput';
import { editingPresence } from '../common/editing-presence';
import { OWNER_NAMES_ID } from '../common/OwnerNames';
import type { CardDrafts } from './card-drafts';
import { ActionList } from './ActionList';
import { AgendaTimer } from './AgendaTimer';
import { FindingEvidence } from './FindingEvidence';
import { OutcomeControls } from './OutcomeControls';
import { TimerToggle } from './TimerToggle';

/**
 * One agenda item: for a triage item every finding on its subject and its impact chain; for
 * every item the owner, the timebox and, while it is the meeting's current item, its timer, the
 * decision (a shared text), the actions and the dots. A decided or deferred item whose outcome
 * still covers its findings reads as accepted rather than as an alarm. The facilitator takes
 * its outcome (OutcomeControls) and marks review items as standing. Editors retitle any item and
 * archive a review topic, with an Undo (SPEC U7). Made again in the other group as it is resolved
 * or reopened, it keeps the person's place (`focus`), the action they are writing and an open
 * Rename (`drafts`), all kept by the agenda (SPEC U89).
 */
export function AgendaItemCard(props: { item: AgendaItemView; revealed: boolean; dotsLeft: number; focus: CardFocus; drafts: CardDrafts }) {
  const ws = useWorkspace();
  const id = () => props.item.id;
  let card: HTMLElement | undefined;
  // Read once: a card is made for one item, and its cleanup runs as the item leaves this group,
  // where reading `props.item` would ask the list being updated for it again.
  const itemId = props.item.id;
  const { renaming, setRenaming } = props.drafts;
  // A decision taken is the record (U108): the log quotes it as taken and the minutes must say the
  // same, so it changes only after an explicit, logged Reopen, never by a keystroke afterwards.
  const decided = () => props.item.state === 'decided';
  const lockedHintId = createUniqueId();
  // The card shows the decision as taken (the item's decided text), so it says what the log and
  // the minutes say; what the box was changed to since is said beneath it, never dropped unsaid,
  // for the facilitator to take up with a Reopen.
  const changedSince = () => changedSinceDecided(props.item);
  const changedHintId = createUniqueId();
  const describedBy = () => [ws.canEdit && decided() ? lockedHintId : null, changedSince() !== null ? changedHintId : null].filter((id) => id !== null).join(' ') || undefined;
  onMount(() => card && props.focus.take(itemId, card));
  // A Rename left open by a card no card for the item takes over (the item archived, filtered
  // out, the view left) closes: its card shown again later would take the focus from wherever the
  // person is. What they typed there is not thrown away unsaid (U102): a notice quotes it, and
  // saves it if they ask. Read as the card goes, its elements still there (the title from its label).
  onCleanup(() => {
    if (!card) return;
    const title = card.getAttribute('aria-label') ?? '';
    const typed = card.querySelector<HTMLInputElement>('.item-title-input')?.value.trim() ?? '';
    props.focus.hold(itemId, card, () => {
      setRenaming(false);
      if (typed === '' || typed === title) return;
      ws.notices.notify(`Your new title for “${title}” was not saved: “${typed}”.`, {
        action: { label: 'Save it', run: () => ws.attempt(updateAgendaItem(ws.doc, itemId, { title: typed })) },
      });
    });
  });
  const editing = editingPresence(ws.presence, itemId);
  const isCurrent = () => ws.current()?.item.id === id();
  const timer = () => (isCurrent() ? (ws.current()?.timer ?? null) : null);
  const accepted = () => acceptedLabel(props.item, ws.now());
  const myDots = () => props.item.votes[ws.identity.id] ?? 0;
  const vote = (dots: number) => ws.apply(setVote(ws.doc, id(), ws.identity.id, dots));
  const archive = () => {
    // Kept as a string: the notice outlives this card, which goes with the archived item.
    const itemId = id();
    const archived = () => ws.agenda().some((item) => item.id === itemId && item.archived);
    archiveWithUndo(ws, props.item.title, () => archiveAgendaItem(ws.doc, itemId), () => restoreAgendaItem(ws.doc, itemId), archived);
  };

  return (
    <article
      ref={card}
      class="agenda-item"
      data-severity={severityBadge(props.item) ?? undefined}
      data-state={props.item.state}
      data-accepted={accepted() ? '' : undefined}
      data-current={isCurrent() ? '' : undefined}
      data-selected={ws.nav.selection() === id() ? '' : undefined}
      data-impact={props.item.subject && ws.highlight()?.nodes.has(props.item.subject.id) ? '' : undefined}
      aria-label={props.item.title}
      aria-current={isCurrent() ? 'step' : undefined}
      data-testid={props.item.kind === 'triage' ? 'triage-item' : 'agenda-item'}
      data-id={id()}
      tabindex="-1"
      // A click on one of its buttons that sent the focus on (Decide, to the next card still to
      // decide, U47) reaches the card after the focus left it: the selection stays with the focus.
      onClick={() => {
        if (!document.activeElement || document.activeElement === document.body || card?.contains(document.activeElement)) ws.nav.select(id());
      }}
      data-presence-of={itemId}
      onFocusIn={(event) => {
        ws.nav.select(id());
        // The card itself takes the focus sent to it (after Decide, "Discuss now", "Show it", a
        // search) or a click on its body: its person is at it, not editing it, until they go into
        // one of its controls (U117). Every colleague saw them "editing" a card they had not touched.
        if (event.target !== card) editing.enter();
      }}
      onFocusOut={editing.leave}
    >
      <header class="item-head">
        <Show when={severityBadge(props.item)}>
          {(badge) => (
            <span class="severity" data-severity={badge()} data-testid="severity-badge">
              {SEVERITY_LABEL[badge()]}
            </span>
          )}
        </Show>
        <Show
          when={renaming()}
          fallback={
            <>
              <h3 class="item-title">{props.item.title}</h3>
              <Show when={ws.canEdit}>
                <button type="button" aria-label={`Rename ${props.item.title}`} onClick={() => setRenaming(true)}>
                  Rename
                </button>
              </Show>
            </>
          }
        >
          <CommitInput
            class="item-title-input"
            value={props.item.title}
            label={`New title for ${props.item.title}`}
            autofocus
            onCommit={(title) => ws.attempt(updateAgendaItem(ws.doc, id(), { title }))}
            onBlur={() => setRenaming(false)}
          />
        </Show>
        <Show when={props.item.standing}>
          <span class="badge standing" data-testid="standing-badge">
            Standing
          </span>
        </Show>
        <span class="editors">
          <For each={ws.presence.editorsOf(id())}>{(peer) => <Avatar peer={peer} small suffix=" is editing this" />}</For>
        </span>
        <Show when={accepted()}>
          <span class="accepted" data-testid="accepted">
            {accepted()}
          </span>
        </Show>
        <Show when={revisitLabel(props.item)}>
          {(label) => <span class="muted revisit-on">{label()}</span>}
        </Show>
        <span class="state-chip" data-state={props.item.state} data-testid="item-state">
          {STATE_LABEL[props.item.state]}
        </span>
        <Show
          when={timer()}
          fallback={
            <span class="muted timebox-only" data-testid="time-spent">
              {props.item.spentMs > 0 ? `${clock(props.item.spentMs)} spent of ` : ''}
              {props.item.timeboxMin ?? '–'} min
            </span>
          }
        >
          {(t) => (
            <>
              <AgendaTimer timer={t()} timeboxMin={props.item.timeboxMin} />
              <TimerToggle />
            </>
          )}
        </Show>
      </header>
      <Show when={renamedSubject(props.item, ws.view())}>
        {(subject) => (
          <p class="muted subject-name" data-testid="subject-name">
            {subject()}
          </p>
        )}
      </Show>
      <Show when={props.item.kind === 'triage'}>
        <FindingEvidence item={props.item} />
      </Show>
      <div class="item-fields">
        <label class="field">
          <span>Owner</span>
          <CommitInput value={props.item.owner ?? ''} label={`Owner of ${props.item.title}`} placeholder={ws.canEdit ? 'Who owns this' : 'No owner yet'} readOnly={!ws.canEdit} list={OWNER_NAMES_ID} onCommit={(owner) => ws.attempt(updateAgendaItem(ws.doc, id(), { owner }))} />
        </label>
        <label class="field narrow-field">
          <span>Timebox (min)</span>
          <CommitInput type="number" min="1" value={String(props.item.timeboxMin ?? '')} label="Timebox in minutes" readOnly={!ws.isFacilitator} onCommit={(m) => ws.attempt(updateAgendaItem(ws.doc, id(), { timeboxMin: m ? Number(m) : null }))} />
        </label>
        <Show when={ws.isFacilitator && props.item.kind === 'review'}>
          <label class="standing-toggle" title="A standing item reopens every time a meeting starts">
            <input type="checkbox" checked={props.item.standing} onChange={(e) => ws.apply(updateAgendaItem(ws.doc, id(), { standing: e.currentTarget.checked }))} />
            Standing item
          </label>
        </Show>
        <div class="votes" role="group" aria-label="Dot votes">
          <span class="muted">Dots</span>
          <Show when={ws.canEdit}>
            {/* Unavailable rather than disabled (U116): a disabled button drops the keyboard's focus
                to the page's start as the last dot is placed or taken back. */}
            <button
              type="button"
              class="icon"
              aria-label={`Remove a dot from ${props.item.title}`}
              aria-disabled={myDots() === 0}
              onClick={() => myDots() > 0 && vote(myDots() - 1)}
            >
              −
            </button>
            <span class="my-dots" aria-label="Your dots">{'●'.repeat(myDots()) || '○'}</span>
            <button
              type="button"
              class="icon"
              aria-label={`Add a dot to ${props.item.title}`}
              aria-disabled={props.dotsLeft <= 0}
              title={props.dotsLeft <= 0 ? 'You have no dots left: take one back from an item to move it here.' : undefined}
              onClick={() => props.dotsLeft > 0 && vote(myDots() + 1)}
            >
              +
            </button>
          </Show>
          <span class="vote-total" data-testid="vote-total">{props.revealed ? `${totalVotes(props.item)} total` : 'hidden'}</span>
        </div>
      </div>
      {/* Keyed: the field binds to one shared text, and rebinds only if the item's text is replaced. */}
      <Show when={props.item.decision} keyed>
        {(decision) => (
          <label class="field">
            <span>Decision</span>
            <CollabText
              text={decision}
              label={`Decision on ${props.item.title}`}
              multiline
              readOnly={!ws.canEdit || decided()}
              fixedText={props.item.decidedText}
              describedBy={describedBy()}
              placeholder={ws.canEdit ? 'What did the room decide?' : 'No decision yet'}
              testId="decision"
            />
            <Show when={ws.canEdit && decided()}>
              <span id={lockedHintId} class="hint muted" data-testid="decision-locked">
                {ws.isFacilitator ? 'Decided: reopen the item to change its decision.' : 'Decided: a facilitator reopens the item to change its decision.'}
              </span>
            </Show>
            <Show when={changedSince() !== null}>
              <span id={changedHintId} class="hint muted decision-changed" title={changedSince() ?? undefined} data-testid="decision-changed">
                {changedLine(changedSince() ?? '', ws.isFacilitator, ws.canEdit)}
              </span>
            </Show>
          </label>
        )}
      </Show>
      <ActionList item={props.item} draft={props.drafts.action} />
      <Show when={ws.canEdit && props.item.kind === 'review' && !isCurrent()}>
        <div class="actions-row">
          <button type="button" class="item-archive" aria-label={`Archive ${props.item.title}`} onClick={archive}>
            Archive
          </button>
        </div>
      </Show>
      <Show when={ws.isFacilitator}>
        <OutcomeControls item={props.item} current={isCurrent()} />
      </Show>
    </article>
  );
}

/** What the box was changed to after the decision, and who can take it up, by the reader's role (SPEC U108). */
function changedLine(box: string, facilitator: boolean, canEdit: boolean): string {
  const what = box === '' ? 'Emptied since the decision' : `Changed since the decision to ${named(box)}`;
  if (facilitator) return `${what}; reopen the item to take it up.`;
  return canEdit ? `${what}; a facilitator reopens the item to take it up.` : `${what}.`;
}
