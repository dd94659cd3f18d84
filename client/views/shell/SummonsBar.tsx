import { Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { viewLabel } from './view-labels';

/**
 * "The facilitator brought everyone to the Agenda" — with a way to decline and go back; or, for a
 * screen whose person was typing and so stayed, a way to go there (SPEC U55).
 */
export function SummonsBar() {
  const ws = useWorkspace();
  return (
    <Show when={ws.nav.summons()}>
      {(summons) => (
        <div class="summons" role="status" data-testid="summons">
          <Show
            when={summons().went}
            fallback={
              <>
                <span>
                  {summons().from} asks everyone to come to {viewLabel(summons().to.view)}. You were typing, so this screen stayed.
                </span>
                <button type="button" onClick={() => ws.nav.acceptSummons()}>
                  Go there
                </button>
                <button type="button" onClick={() => ws.nav.dismissSummons()}>
                  Stay here
                </button>
              </>
            }
          >
            <span>
              {summons().from} brought everyone to {viewLabel(summons().to.view)}.
            </span>
            <button type="button" onClick={() => ws.nav.dismissSummons()}>
              Stay here
            </button>
            <button type="button" onClick={() => ws.nav.declineSummons()}>
              Decline and go back
            </button>
          </Show>
        </div>
      )}
    </Show>
  );
}
