import { createSignal, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { openAgenda } from '../agenda/show-item';
import { BackToReviewButton } from './BackToReviewButton';
import { formatMoment } from '../common/format-when';

/**
 * On every screen the moment the review pivots into triage, with the reason why (the server
 * keeps it describing the uncovered reds of now). Once every red has an outcome it calms down:
 * the room is only waiting for the facilitator to go back to review. On a phone it keeps to one
 * line and the "Why?" disclosure shows the whole reason and the buttons (SPEC U11); on a wider
 * screen that button is not shown and everything is always there.
 */
export function PivotBanner() {
  const ws = useWorkspace();
  const [expanded, setExpanded] = createSignal(false);
  const meta = () => ws.view().meta;
  // With its date once it is not today's (U105): a pivot "since 10:56" seen days later read as this morning's.
  const since = () => {
    const at = meta().pivotedAt;
    return at ? formatMoment(at, ws.now()) : null;
  };
  return (
    <Show when={meta().mode === 'triage'}>
      <div
        class="pivot-banner"
        role="alert"
        data-testid="pivot-banner"
        data-settled={ws.blockingReds().length === 0 ? '' : undefined}
        data-expanded={expanded() ? '' : undefined}
      >
        <span class="pivot-label">Triage</span>
        <p class="pivot-reason" id="pivot-reason" data-testid="pivot-reason">
          {meta().pivotReason ?? 'The review has pivoted into triage.'}
          <Show when={since()}>
            <span class="muted-on-dark"> · since {since()}</span>
          </Show>
        </p>
        <button
          type="button"
          class="on-dark pivot-toggle"
          aria-expanded={expanded()}
          aria-controls="pivot-reason pivot-actions"
          onClick={() => setExpanded(!expanded())}
        >
          Why?
        </button>
        <div class="pivot-actions" id="pivot-actions">
          <Show when={ws.nav.view() !== 'agenda'}>
            <button type="button" class="on-dark" onClick={() => openAgenda(ws)}>
              Open triage
            </button>
          </Show>
          <BackToReviewButton onDark />
        </div>
      </div>
    </Show>
  );
}
