import { createUniqueId, Show } from 'solid-js';
import { blockingReds, returnToReview } from '../../../shared/pivot/review-mode';
import { useWorkspace } from '../../state/workspace-context';

/**
 * The facilitator's "back to review". While a red finding is open the server's pivot policy
 * would turn the review straight back into triage (DESIGN §4), so the button says so instead.
 */
export function BackToReviewButton(props: { onDark?: boolean }) {
  const ws = useWorkspace();
  const whyId = createUniqueId();
  const reds = () => {
    ws.agenda();
    return blockingReds(ws.doc, ws.findings(), new Date()).length;
  };
  const why = () => (reds() > 0 ? `${reds()} red ${reds() === 1 ? 'finding is' : 'findings are'} still open` : '');
  return (
    <Show when={ws.isFacilitator && ws.view().meta.mode === 'triage'}>
      <button
        type="button"
        class={props.onDark ? 'on-dark' : undefined}
        disabled={reds() > 0}
        title={why() || 'Return the meeting to the review agenda'}
        aria-describedby={reds() > 0 ? whyId : undefined}
        onClick={() => ws.apply(returnToReview(ws.doc, ws.findings(), { by: ws.identity.name, now: new Date() }))}
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
