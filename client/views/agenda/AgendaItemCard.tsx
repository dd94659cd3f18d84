import { createMemo, For, Show } from 'solid-js';
import { updateAgendaItem } from '../../../shared/schema/agenda-accessors';
import { moveItem } from '../../state/agenda-moves';
import { setVote } from '../../../shared/schema/agenda-actions';
import type { AgendaState } from '../../../shared/schema/constants';
import { NEXT_STATES, STATE_ACTION, STATE_LABEL, totalVotes, type AgendaItemRead } from '../../state/agenda-state';
import { useWorkspace } from '../../state/workspace-context';
import { Avatar } from '../common/Avatar';
import { CollabText } from '../common/CollabText';
import { CommitInput } from '../common/CommitInput';
import { ActionList } from './ActionList';
import { AgendaTimer } from './AgendaTimer';
import { FindingEvidence } from './FindingEvidence';

/**
 * One agenda item: for a triage item its finding's message and evidence and its impact chain;
 * for every item the owner, the timebox and timer, the decision (a shared text), the actions
 * and the dots. The facilitator moves it through its states.
 */
export function AgendaItemCard(props: { item: AgendaItemRead; revealed: boolean; dotsLeft: number }) {
  const ws = useWorkspace();
  const id = () => props.item.id;
  const finding = createMemo(() => ws.findings().find((f) => f.key === props.item.finding) ?? null);
  const current = () => ws.presence.facilitator()?.current;
  const isCurrent = () => current()?.itemId === id();
  const myDots = () => props.item.votes[ws.identity.id] ?? 0;
  const context = () => ({ by: ws.identity.name, now: new Date() });

  const move = (state: AgendaState) => {
    ws.apply(moveItem(ws.doc, id(), state, context()));
    // Discussing an item makes it the room's current one and starts its timer for everyone.
    if (state === 'discussing') ws.presence.publish({ current: { itemId: id(), startedAt: Date.now() } });
    else if (isCurrent()) ws.presence.publish({ current: null });
  };
  const vote = (dots: number) => ws.apply(setVote(ws.doc, id(), ws.identity.id, dots));

  return (
    <article
      class="agenda-item"
      data-severity={props.item.severity ?? undefined}
      data-state={props.item.state}
      data-current={isCurrent() ? '' : undefined}
      data-selected={ws.nav.selection() === id() ? '' : undefined}
      data-impact={props.item.subject && ws.highlight()?.nodes.has(props.item.subject.id) ? '' : undefined}
      aria-label={props.item.title}
      data-testid={props.item.kind === 'triage' ? 'triage-item' : 'agenda-item'}
      data-id={id()}
      onClick={() => ws.nav.select(id())}
      onFocusIn={() => {
        ws.nav.select(id());
        ws.presence.publish({ editing: id() });
      }}
      onFocusOut={() => ws.presence.publish({ editing: null })}
    >
      <header class="item-head">
        <Show when={props.item.severity}>
          {(severity) => <span class="severity" data-severity={severity()}>{severity() === 'red' ? 'Red' : 'Amber'}</span>}
        </Show>
        <h3 class="item-title">{props.item.title}</h3>
        <span class="editors">
          <For each={ws.presence.editorsOf(id())}>{(peer) => <Avatar peer={peer} small suffix=" is editing this" />}</For>
        </span>
        <span class="state-chip" data-state={props.item.state} data-testid="item-state">
          {STATE_LABEL[props.item.state]}
        </span>
        <Show when={isCurrent()} fallback={<span class="muted timebox-only">{props.item.timeboxMin ?? '–'} min</span>}>
          <AgendaTimer startedAt={current()!.startedAt} timeboxMin={props.item.timeboxMin} />
        </Show>
      </header>
      <Show when={props.item.kind === 'triage'}>
        <FindingEvidence finding={finding()} subject={props.item.subject} title={props.item.title} />
      </Show>
      <div class="item-fields">
        <label class="field">
          <span>Owner</span>
          <CommitInput value={props.item.owner ?? ''} label={`Owner of ${props.item.title}`} placeholder="Who owns this" readOnly={!ws.canEdit} onCommit={(owner) => ws.apply(updateAgendaItem(ws.doc, id(), { owner }))} />
        </label>
        <label class="field narrow-field">
          <span>Timebox (min)</span>
          <CommitInput type="number" min="1" value={String(props.item.timeboxMin ?? '')} label="Timebox in minutes" readOnly={!ws.isFacilitator} onCommit={(m) => ws.apply(updateAgendaItem(ws.doc, id(), { timeboxMin: m ? Number(m) : null }))} />
        </label>
        <div class="votes" role="group" aria-label="Dot votes">
          <span class="muted">Dots</span>
          <Show when={ws.canEdit}>
            <button type="button" class="icon" aria-label={`Remove a dot from ${props.item.title}`} disabled={myDots() === 0} onClick={() => vote(myDots() - 1)}>
              −
            </button>
            <span class="my-dots" aria-label="Your dots">{'●'.repeat(myDots()) || '○'}</span>
            <button type="button" class="icon" aria-label={`Add a dot to ${props.item.title}`} disabled={props.dotsLeft <= 0} onClick={() => vote(myDots() + 1)}>
              +
            </button>
          </Show>
          <span class="vote-total" data-testid="vote-total">{props.revealed ? `${totalVotes(props.item)} total` : 'hidden'}</span>
        </div>
      </div>
      <label class="field">
        <span>Decision</span>
        <CollabText text={props.item.decision} label={`Decision on ${props.item.title}`} multiline readOnly={!ws.canEdit} placeholder="What did the room decide?" testId="decision" />
      </label>
      <ActionList item={props.item} />
      <Show when={ws.isFacilitator}>
        <div class="actions-row state-moves" role="group" aria-label="Move this item">
          <For each={NEXT_STATES[props.item.state]}>
            {(state) => (
              <button type="button" class={state === 'discussing' ? 'primary' : undefined} onClick={() => move(state)}>
                {STATE_ACTION[state]}
              </button>
            )}
          </For>
        </div>
      </Show>
    </article>
  );
}
