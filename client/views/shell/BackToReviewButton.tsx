import { createUniqueId, Show } from 'solid-js';
import { returnToReview } from '../../../shared/pivot/review-mode';
import { useWorkspace } from '../../state/workspace-context';
import { focusViewHeading } from './view-heading';

/**
 * The facilitator's "back to review" (DESIGN §4): allowed once every red finding has an outcome
 * that stands (decided and deferred reds do not block it). While one has none, the button says
 * so instead, as the shared `returnToReview` would.
 */
export function BackToReviewButton(props: { onDark?: boolean }) {
  const ws = useWorkspace();
  const whyId = createUniqueId();
  const reds = () => ws.blockingReds().length;
  const why = () => (reds() > 0 ? `${reds()} red ${reds() === 1 ? 'finding has' : 'findings have'} no outcome yet` : '');
  // Offered only in triage, the button goes as it takes effect (the banner's with it): the
  // keyboard's place goes on to the view's heading, not to the page's start, and a screen reader
  // hears the mode change there ("Review agenda"), where the unnamed main content said nothing (U113).
  const back = () => {
    if (!ws.attempt(returnToReview(ws.doc, ws.findings(), ws.context())).ok) return;
    ws.flush();
    focusViewHeading();
  };
  return (
    <Show when={ws.isFacilitator && ws.view().meta.mode === 'triage'}>
      <button
        type="button"
        class={props.onDark ? 'on-dark' : undefined}
        disabled={reds() > 0}
        title={why() || 'Return the meeting to the review agenda'}
        aria-describedby={reds() > 0 ? whyId : undefined}
        onClick={back}
      >
        Back to review
      </button>
      <Show when={reds() > 0}>
        <span id={whyId} class="visually-hidden">
          {why()}
        </span>
      </Show>
    </Show>
  );
}
