import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { archiveDependency, dependencyNote, restoreDependency, updateDependency } from '../../../shared/schema/dependency-accessors';
import { acceptProposedDate, commitDependency, completeDependency, declineProposedDate, flagDependency } from '../../../shared/tree/dependency-handshake';
import { archiveWithUndo } from '../../state/archive-with-undo';
import { offersHandshake } from '../../state/ownership';
import { useWorkspace } from '../../state/workspace-context';
import { Avatar } from '../common/Avatar';
import { CollabText } from '../common/CollabText';
import { CommitInput } from '../common/CommitInput';
import { editingPresence } from '../common/editing-presence';
import { dayInWords } from '../../../shared/rules/format';
import { DayText } from '../common/DayText';
import type { CardFocus } from '../common/card-focus';
import type { OpResult } from '../../../shared/schema/op-result';
import { DependencyEnds } from './DependencyEnds';
import { OWNER_NAMES_ID } from '../common/OwnerNames';
import { dependencyName } from '../../../shared/schema/dependency-name';
import { nodeName } from '../../../shared/rules/format';
import { isProposal } from '../../../shared/schema/dependency-proposal';
import { parseDay } from '../../../shared/schema/utc-dates';
import { earliestCommitDay } from '../../../shared/schema/commit-dates';

/**
 * One dependency: who needs what from whom, the need-by date beside the upstream's own due
 * date, and the handshake in place — the upstream commits to a date or proposes a later one,
 * the downstream accepts or declines it, while the card stays in its column marked "proposed
 * <date>" (SPEC U6). Committing is offered to the upstream node's owner and the facilitators,
 * answering a proposal to the downstream node's owner and the facilitators (SPEC A15); the screen
 * only offers it, as editors can write the document anyway. Its need-by date, owner and note are
 * edited in place; archiving says so with an Undo (SPEC U7). Selecting a slipping one highlights
 * its impact chain everywhere. Moved to another cell, it keeps the focused control (SPEC U69).
 */
export function DependencyCard(props: { id: string; focus: CardFocus }) {
  const ws = useWorkspace();
  let card: HTMLElement | undefined;
  onMount(() => card && props.focus.take(props.id, card));
  onCleanup(() => card && props.focus.hold(props.id, card));
  // Kept through a colleague's flag or commit that re-makes the card in another cell (U69).
  const editing = editingPresence(ws.presence, props.id);
  const dep = createMemo(() => ws.view().deps.get(props.id));
  const from = () => ws.view().nodes.get(dep()?.from ?? '');
  const to = () => ws.view().nodes.get(dep()?.to ?? '');
  const slip = () => (ws.findingsBySubject().get(`dep:${props.id}`) ?? [])[0] ?? null;
  const [date, setDate] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const late = () => {
    const d = dep();
    const due = from()?.dueMs ?? null;
    return d !== undefined && d.state !== 'done' && d.needByMs !== null && due !== null && due > d.needByMs;
  };
  // A blank title reads "Untitled milestone", as in the rules' messages (SPEC U2).
  const fromName = () => (from() ? nodeName(from()!) : '?');
  const toName = () => (to() ? nodeName(to()!) : '?');
  const label = () => dependencyName(fromName(), toName());
  const me = () => ({ name: ws.identity.name, role: ws.role });
  const mayCommit = () => offersHandshake(from()?.owner, me());
  const mayAnswer = () => offersHandshake(to()?.owner, me());
  // Read again with every view: an edit of a note stored as another type stores a shared text.
  const note = createMemo(() => {
    ws.view();
    return dependencyNote(ws.doc, props.id);
  });
  const archive = () => archiveWithUndo(ws, label(), () => archiveDependency(ws.doc, props.id, ws.identity.name), () => restoreDependency(ws.doc, props.id), () => ws.view().deps.get(props.id)?.archived === true);

  // Selecting a slipping dependency shows its impact to the room, when this person may (SPEC U8).
  const select = () => {
    ws.nav.select(props.id);
    if (slip() && ws.impact.mayShow()) ws.impact.show({ type: 'dep', id: props.id }, label());
  };
  // A date after the need-by date is a proposal the needing side accepts (SPEC U6), and the button says so.
  const proposes = () => isProposal(parseDay(date()), dep()?.needByMs ?? null);
  // A passed date is refused by the shared op, whose sentence names the date beside the field
  // (SPEC U57), as the reading form does; `min` keeps such days out of the date picker.
  const earliest = () => {
    // Tracked so a card left open moves its first day on at the rules' midnight (U78). East of
    // UTC the local day turns first; until the UTC one does, the op's sentence catches that day.
    ws.today();
    return earliestCommitDay(ws.clock.now());
  };
  // Commit or Propose (disabled once its date is emptied) and the answers to a proposal (gone with
  // it) go as they take effect: the keyboard's place goes to the card's title, as when the card
  // moves to a cell that does not offer the button (U69), not to the page's start.
  let title: HTMLButtonElement | undefined;
  const toTitle = () => title?.focus();
  const answer = (result: OpResult) => {
    if (ws.attempt(result).ok) toTitle();
  };
  const commit = (event: SubmitEvent) => {
    event.preventDefault();
    const result = commitDependency(ws.doc, props.id, date(), ws.clock.now());
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    if (result.value.proposed) {
      // The notice goes once the proposal is answered (accepted, declined, or the dependency
      // archived), here or by the other side (U96). Kept as values: the notice outlives this card,
      // made again in another cell as its state changes. The view re-reads the document a moment
      // after a write, so only a proposal seen pending and then no longer is answered.
      const depId = props.id;
      const proposed = date();
      const pending = () => {
        const now = ws.view().deps.get(depId);
        return now !== undefined && !now.archived && now.proposedDate === proposed;
      };
      let seen = false;
      const answered = () => {
        const waits = pending();
        seen ||= waits;
        return seen && !waits;
      };
      ws.notices.notify(`Proposed ${dayInWords(proposed)} to ${to()?.owner ?? 'the downstream team'}; it needs their acceptance.`, { stale: answered });
    }
    setDate('');
    toTitle();
  };

  return (
    <Show when={dep()}>
      {(d) => (
        <article
          ref={card}
          class="dep-card"
          data-severity={slip()?.severity}
          data-selected={ws.nav.selection() === props.id ? '' : undefined}
          data-impact={ws.highlight()?.deps.has(props.id) ? '' : undefined}
          aria-label={label()}
          data-testid="dep-card"
          data-id={props.id}
          data-presence-of={props.id}
          onFocusIn={editing.enter}
          onFocusOut={editing.leave}
        >
          <button type="button" class="dep-title link" ref={title} onClick={select} aria-pressed={ws.highlight()?.deps.has(props.id) ?? false}>
            {fromName()} <span class="arrow">→</span> {toName()}
          </button>
          <Show when={ws.presence.editorsOf(props.id).length > 0}>
            <span class="editors">
              <For each={ws.presence.editorsOf(props.id)}>{(peer) => <Avatar peer={peer} small suffix=" is editing this" />}</For>
            </span>
          </Show>
          <dl class="dep-dates">
            <div>
              <dt>Needed by</dt>
              <dd>
                <Show when={ws.canEdit} fallback={d().needBy ? <DayText day={d().needBy!} /> : '–'}>
                  <CommitInput
                    type="date"
                    class="dep-need-by"
                    value={d().needBy ?? ''}
                    label={`Need-by date of ${label()}`}
                    onCommit={(needBy) => (needBy ? ws.attempt(updateDependency(ws.doc, props.id, { needBy })) : undefined)}
                  />
                </Show>
              </dd>
            </div>
            <div data-late={late() ? '' : undefined}>
              <dt>Upstream due</dt>
              <dd>{from()?.due ? <DayText day={from()!.due!} /> : '–'}</dd>
            </div>
            <Show when={d().committedDate}>
              <div>
                <dt>Committed</dt>
                <dd>
                  <DayText day={d().committedDate!} />
                </dd>
              </div>
            </Show>
          </dl>
          <Show when={d().proposedDate}>
            {(date) => (
              <div class="dep-proposal" data-testid="dep-proposal">
                <span class="proposal-marker">
                  Proposed <DayText day={date()} />
                </span>
                <Show
                  when={ws.canEdit && mayAnswer()}
                  fallback={<span class="muted">{to()?.owner ? `Waiting for ${to()!.owner} to accept it.` : 'Waiting for a facilitator to accept it.'}</span>}
                >
                  <button type="button" class="primary" onClick={() => answer(acceptProposedDate(ws.doc, props.id, ws.clock.now()))}>
                    Accept <DayText day={date()} />
                  </button>
                  <button type="button" onClick={() => answer(declineProposedDate(ws.doc, props.id))}>
                    Decline
                  </button>
                </Show>
              </div>
            )}
          </Show>
          <Show when={slip()}>{(finding) => <p class="dep-slip">{finding().message}</p>}</Show>
          <label class="dep-owner">
            {/* Who chases it, not who delivers it: the line below says who commits a date. */}
            <span class="muted">Follow-up owner</span>
            <CommitInput
              value={d().owner ?? ''}
              label={`Follow-up owner of ${label()}`}
              placeholder="Who follows it up"
              readOnly={!ws.canEdit}
              list={OWNER_NAMES_ID}
              onCommit={(owner) => ws.attempt(updateDependency(ws.doc, props.id, { owner: owner || null }))}
            />
          </label>
          <Show when={ws.canEdit && d().state !== 'done'}>
            <Show
              when={mayCommit()}
              fallback={
                <p class="dep-who muted" data-testid="dep-who-commits">
                  {from()?.owner ? `${from()!.owner}, who owns ${fromName()}, or a facilitator commits a date.` : `A facilitator commits a date until ${from() ? fromName() : 'the upstream'} has an owner.`}
                </p>
              }
            >
              {/* noValidate: the browser's bubble for `min` would stop the submit before the sentence below could say why. */}
              <form class="dep-commit" onSubmit={commit} noValidate>
                {/* data-draft: a date picked and not yet committed goes with the card to its new cell (U69). */}
                <input
                  type="date"
                  data-draft
                  aria-label={`Commit date for ${label()}`}
                  min={earliest()}
                  value={date()}
                  onInput={(e) => {
                    setDate(e.currentTarget.value);
                    setProblem(null);
                  }}
                  required
                />
                <button type="submit" disabled={!date()} title={proposes() ? `After the need-by date: ${to()?.owner ?? 'the team that needs it'} is asked to accept it` : undefined}>
                  {proposes() ? 'Propose' : 'Commit'}
                </button>
                <Show when={problem()}>
                  {(message) => (
                    <p class="alert-line dep-commit-problem" role="alert" data-testid="dep-commit-problem">
                      {message()}
                    </p>
                  )}
                </Show>
              </form>
            </Show>
            <div class="actions-row dep-actions">
              <Show when={d().state !== 'at-risk'}>
                <button type="button" onClick={() => ws.apply(flagDependency(ws.doc, props.id, 'at-risk'))}>
                  At risk
                </button>
              </Show>
              <Show when={d().state !== 'blocked'}>
                <button type="button" onClick={() => ws.apply(flagDependency(ws.doc, props.id, 'blocked'))}>
                  Blocked
                </button>
              </Show>
              <Show when={d().state === 'at-risk' || d().state === 'blocked'}>
                <button type="button" onClick={() => ws.apply(flagDependency(ws.doc, props.id, null))}>
                  Clear flag
                </button>
              </Show>
              <button type="button" onClick={() => ws.apply(completeDependency(ws.doc, props.id))}>
                Done
              </button>
            </div>
          </Show>
          <Show when={ws.canEdit}>
            <DependencyEnds dep={d()} label={label()} />
          </Show>
          <Show when={note()} keyed>
            {(text) => (
              <CollabText text={text} label={`Note on ${label()}`} multiline readOnly={!ws.canEdit} placeholder="What exactly is needed, and why" class="dep-note" />
            )}
          </Show>
          <Show when={ws.canEdit}>
            <div class="actions-row dep-actions">
              <button type="button" class="dep-archive" aria-label="Archive this dependency" onClick={archive}>
                Archive
              </button>
            </div>
          </Show>
        </article>
      )}
    </Show>
  );
}
