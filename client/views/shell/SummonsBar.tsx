import { Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';

/** "The facilitator brought everyone here" — with a way to decline and go back. */
export function SummonsBar() {
  const ws = useWorkspace();
  return (
    <Show when={ws.nav.summons()}>
      {(summons) => (
        <div class="summons" role="status" data-testid="summons">
          <span>{summons().from} brought everyone to the current item.</span>
          <button type="button" onClick={() => ws.nav.dismissSummons()}>
            Stay here
          </button>
          <button type="button" onClick={() => ws.nav.declineSummons()}>
            Decline and go back
          </button>
        </div>
      )}
    </Show>
  );
}
