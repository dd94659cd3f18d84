import { createSignal, createUniqueId, Show } from 'solid-js';
import { decideItem, deferItem, reopenItem, resolveItem } from '../../../shared/schema/agenda-outcomes';
import type { AgendaItemView } from '../../../shared/schema/agenda-read';
import { discussItem } from '../../../shared/schema/meeting';
import { addDays } from '../../../shared/schema/utc-dates';
import type { OpResult } from '../../../shared/schema/op-result';
import { hasOutcome } from '../../state/agenda-state';
import { useWorkspace } from '../../state/workspace-context';
import { focusInPlace } from '../common/moved-focus';
import { agendaCard, showAgendaItem } from './show-item';
import { named } from '../../../shared/text/quoted';

/**
 * The facilitator's moves on an item (DESIGN §4): discuss it now, then decide (the decision is
 * the shared text above; a revisit date is optional), defer (a revisit date is required) or
 * resolve; an item with an outcome can be reopened. The shared writers check the date and
 * their refusal is shown as it is worded there.
 */
export function OutcomeControls(props: { item: AgendaItemView; current: boolean }) {
  const ws = useWorkspace();
  const hintId = createUniqueId();
  const [revisit, setRevisit] = createSignal(props.item.revisitOn ?? '');
  const id = () => props.item.id;
  const open = () => !hasOutcome(props.item);
  // An item with an outcome moves below those still to decide (undecidedFirst), out from under
  // the facilitator's eyes: the notice says what happened and can bring the card back, focused.
  // It goes once the item is archived or reopened: there is nothing of that to show any more.
  const settle = (result: OpResult, done: string, event: MouseEvent) => {
    const title = props.item.title;
    const itemId = id();
    // Read before the outcome moves the cards: the ones around this card still to decide.
    const list = (event.currentTarget as HTMLElement).closest('article')?.parentElement;
    const cardsIn = () => [...(list?.querySelectorAll<HTMLElement>(':scope > article[data-id]') ?? [])];
    const cards = cardsIn();
    const settled = new Set(ws.agenda().filter(hasOutcome).map((item) => item.id));
    const at = cards.findIndex((card) => card.dataset.id === itemId);
    const stillOpen = (card: HTMLElement) => !settled.has(card.dataset.id!) && card.dataset.id !== itemId;
    const next = cards.slice(at + 1).find(stillOpen) ?? cards.slice(0, Math.max(at, 0)).reverse().find(stillOpen);
    // Let go first: a card re-made in Resolved would otherwise take the focus along (U89) and
    // unfold the group, where the facilitator's focus goes on to the next card (below).
    if (result.ok) (event.currentTarget as HTMLElement).blur();
    ws.apply(result);
    if (!result.ok) return;
    // The button pressed goes with the outcome: focus goes on to the card that takes this one's
    // place (the next still to decide, else the one before), once the cards have moved (a card
    // moved with focus in it loses it), never to the page's start.
    ws.flush();
    agendaCard(next?.dataset.id ?? itemId)?.focus();
    // This screen reads the document in a batch: the outcome shows a moment after it is written,
    // and only an item seen settled and then no longer is stale.
    let seenSettled = false;
    // Where the card went, read off the list re-made: the last card still to decide can stay
    // where it stood, and the notice must not send anyone looking for it lower down.
    const movesDown = cardsIn().findIndex((card) => card.dataset.id === itemId) > at;
    const where =
      done === 'Resolved' ? 'its card moves to Resolved, at the end of the agenda.' : movesDown ? 'its card moves down, with the items settled.' : 'its card stays where it is.';
    ws.notices.notify(`${done} ${named(title)}: ${where}`, {
      action: { label: 'Show it', run: () => showAgendaItem(ws, itemId) },
      stale: () => {
        const item = ws.agenda().find((entry) => entry.id === itemId);
        const settled = item !== undefined && !item.archived && hasOutcome(item);
        if (settled) seenSettled = true;
        return seenSettled && !settled;
      },
    });
  };
  // "Discuss now" is not offered on the item under discussion, nor "Reopen" on an open one: the
  // button goes as it takes effect, and the keyboard's place goes on to the item's card, not to the
  // page's start (U111). Where the card is: a button never scrolls the page (U89), and a click on
  // Reopen low on a long agenda jumped it to the card's new place, away from the pointer. Pressed
  // from the keyboard (a click of no mouse button, `detail` 0), the card comes into view, as
  // little as it takes, so its person sees where their place went.
  const onCard = (result: OpResult, event: MouseEvent) => {
    if (!ws.attempt(result).ok) return;
    ws.flush();
    const card = agendaCard(id());
    if (!card) return;
    focusInPlace(card);
    if (event.detail === 0) card.scrollIntoView({ block: 'nearest' });
  };
  return (
    <div class="actions-row outcomes" role="group" aria-label={`Outcome of ${props.item.title}`}>
      <Show when={open() && !props.current}>
        <button type="button" class="primary" onClick={(event) => onCard(discussItem(ws.doc, id(), ws.context()), event)}>
          Discuss now
        </button>
      </Show>
      <Show when={open()}>
        <label class="revisit">
          <span class="muted">Revisit on</span>
          <input
            type="date"
            aria-label={`Revisit ${props.item.title} on`}
            min={addDays(ws.today(), 1)}
            value={revisit()}
            data-empty={revisit() === '' ? '' : undefined}
            onInput={(event) => setRevisit(event.currentTarget.value)}
          />
        </label>
        <button type="button" title="Record the decision above; a revisit date is optional" onClick={(event) => settle(decideItem(ws.doc, id(), revisit() || null, ws.context()), 'Decided', event)}>
          Decide
        </button>
        <button type="button" disabled={revisit() === ''} aria-describedby={revisit() === '' ? hintId : undefined} onClick={(event) => settle(deferItem(ws.doc, id(), revisit(), ws.context()), 'Deferred', event)}>
          Defer
        </button>
        <Show when={revisit() === ''}>
          <span id={hintId} class="hint muted">
            Deferring needs a revisit date.
          </span>
        </Show>
      </Show>
      <Show when={props.item.state !== 'resolved'}>
        <button type="button" class={props.item.cleared ? 'primary' : undefined} onClick={(event) => settle(resolveItem(ws.doc, id(), ws.context()), 'Resolved', event)}>
          Resolve
        </button>
      </Show>
      <Show when={!open()}>
        <button type="button" onClick={(event) => onCard(reopenItem(ws.doc, id(), ws.context()), event)}>
          Reopen
        </button>
      </Show>
    </div>
  );
}
