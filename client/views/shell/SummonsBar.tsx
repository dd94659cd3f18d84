import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { viewLabel } from './view-labels';

/**
 * How long "brought everyone to …" stands once the screen has gone (SPEC U64): time to read one
 * sentence and reach "Decline and go back", as a spotlight's note does, and no longer: after that
 * the person is simply here, and the bar would only push the view down for the rest of the meeting.
 */
const SUMMONS_SHOWN_MS = 20_000;

/**
 * "The facilitator brought everyone to the Agenda" — with a way to decline and go back; or, for a
 * screen whose person was typing and so stayed, a way to go there (SPEC U55).
 */
export function SummonsBar() {
  const ws = useWorkspace();
  // A bar being read or reached for (pointer over it, focus in it) stays; its time starts again
  // once left. One whose person was typing waits for their answer: it asks them something.
  const [held, setHeld] = createSignal(false);
  // A new bar is not held by the last one's pointer or focus, which may have gone with it.
  createEffect(on(ws.nav.summons, () => setHeld(false), { defer: true }));
  createEffect(() => {
    const summons = ws.nav.summons();
    if (!summons?.went || held()) return;
    const timer = setTimeout(() => ws.nav.dismissSummons(), SUMMONS_SHOWN_MS);
    onCleanup(() => clearTimeout(timer));
  });
  return (
    <Show when={ws.nav.summons()}>
      {(summons) => (
        <div
          class="summons"
          role="status"
          data-testid="summons"
          onPointerEnter={() => setHeld(true)}
          onPointerLeave={() => setHeld(false)}
          onFocusIn={() => setHeld(true)}
          onFocusOut={(event) => setHeld(event.currentTarget.contains(event.relatedTarget as Node | null))}
        >
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
