import { For, Show } from 'solid-js';
import { acceptedLabel, agendaSequence, SEVERITY_LABEL, severityBadge, STATE_LABEL, totalVotes } from '../../state/agenda-state';
import { renamedSubject } from '../../../shared/pivot/triage-item';
import { decisionText } from '../../../shared/schema/agenda-read';
import { useWorkspace } from '../../state/workspace-context';
import { AgendaTimer } from '../agenda/AgendaTimer';
import { ItemFindings } from '../agenda/ItemFindings';
import { ImpactBar } from '../shell/ImpactBar';
import { PartBoundary } from '../shell/PartBoundary';
import { PresentActions } from './PresentActions';
import { PresentKpis } from './PresentKpis';
import './present.css';

/**
 * The shared screen for the room (DESIGN §7): large type and strong contrast, the pivot banner,
 * the item under discussion with every finding on it and its timer, and what comes next. It
 * follows the meeting in the document (DESIGN §3 `meeting`), so it keeps the item and a running
 * timer whoever leaves, the facilitator included.
 */
export function PresentScreen() {
  const ws = useWorkspace();
  const items = ws.agenda;
  const current = () => ws.current()?.item ?? null;
  const timer = () => ws.current()?.timer ?? null;
  const accepted = () => {
    const item = current();
    return item ? acceptedLabel(item, ws.now()) : null;
  };
  const revealed = () => ws.meeting().votesRevealed;
  // In the Agenda's own order (dots first once revealed), so the wall and every laptop agree on
  // what comes next. Once the meeting has ended nothing does: the list would read as it going on.
  const upNext = () =>
    ws.meeting().status === 'ended' ? [] : agendaSequence(items(), revealed()).filter((item) => item.state === 'open' && item.id !== current()?.id).slice(0, 3);
  const meta = () => ws.view().meta;
  const waiting = () => {
    if (!ws.link().ready) return 'Connecting to the review…';
    const status = ws.meeting().status;
    if (status === 'ended') return 'The meeting has ended.';
    return status === 'running' ? 'Waiting for the facilitator to pick the next item.' : 'The meeting has not started yet.';
  };
  return (
    <div class="present" data-mode={meta().mode}>
      <header class="present-head">
        <h1 data-testid="workspace-title">{meta().title}</h1>
        <span class="present-mode">{meta().mode === 'triage' ? 'Triage' : 'Review'}</span>
      </header>
      <Show when={meta().mode === 'triage'}>
        {/* Calm once every red has an outcome, as on every laptop (PivotBanner): the room is only
            waiting to go back to review, and an alarm-red wall says otherwise. */}
        <div class="present-banner" role="alert" data-testid="pivot-banner" data-settled={ws.blockingReds().length === 0 ? '' : undefined}>
          <span class="present-banner-text">{meta().pivotReason ?? 'The review has pivoted into triage.'}</span>
        </div>
      </Show>
      {/* The impact the room is looking at reaches the shared screen too (SPEC U8). */}
      <PartBoundary part="impact highlight" retryOn={ws.view}>
        <ImpactBar />
      </PartBoundary>
      <main class="present-main" aria-busy={!ws.link().ready}>
        <PartBoundary part="item under discussion" retryOn={ws.view}>
          <Show
            when={current()}
            fallback={<p class="present-waiting">{waiting()}</p>}
          >
            {(item) => (
              <section class="present-item" data-severity={severityBadge(item()) ?? undefined} data-accepted={accepted() ? '' : undefined} data-testid="present-item" aria-label="Current item">
                <div class="present-meta">
                  <Show when={severityBadge(item())}>
                    {(badge) => (
                      <span class="present-sev" data-testid="severity-badge">
                        {SEVERITY_LABEL[badge()]}
                      </span>
                    )}
                  </Show>
                  <span>{STATE_LABEL[item().state]}</span>
                  <Show when={accepted()}>
                    {(label) => (
                      <span class="present-accepted" data-testid="accepted">
                        {label()}
                      </span>
                    )}
                  </Show>
                  <Show when={item().owner}>
                    <span>Owner: {item().owner}</span>
                  </Show>
                </div>
                <h2>{item().title}</h2>
                <Show when={renamedSubject(item(), ws.view())}>{(subject) => <p class="present-subject">{subject()}</p>}</Show>
                <ItemFindings item={item()} />
                <Show when={timer()} fallback={<p class="present-timebox">Timebox {item().timeboxMin ?? '–'} min</p>}>
                  {(t) => <AgendaTimer timer={t()} timeboxMin={item().timeboxMin} large />}
                </Show>
                {/* As taken while decided (SPEC U108), as the card and the log show it, not what the box was changed to since. */}
                <Show when={decisionText(item())}>
                  {(decision) => (
                    <p class="present-decision present-clamp">
                      <strong>Decision:</strong> {decision()}
                    </p>
                  )}
                </Show>
                <PresentActions actions={item().actions} />
              </section>
            )}
          </Show>
        </PartBoundary>
        <Show when={upNext().length > 0}>
          <aside class="present-next" aria-label="Up next">
            <h3>Up next</h3>
            <ol>
              <For each={upNext()}>
                {(item) => (
                  <li data-severity={severityBadge(item) ?? undefined}>
                    <span class="present-clamp">
                      {item.title}
                      <Show when={revealed()}>
                        <span class="present-dots" data-testid="dots">{` · ${dotCount(totalVotes(item))}`}</span>
                      </Show>
                    </span>
                  </li>
                )}
              </For>
            </ol>
          </aside>
        </Show>
      </main>
      <PresentKpis />
    </div>
  );
}

function dotCount(dots: number): string {
  return dots === 1 ? '1 dot' : `${dots} dots`;
}
