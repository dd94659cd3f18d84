import { Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { pendingWords } from './pending-words';
import './offline.css';

/**
 * The calm "connection lost" state (SPEC U24): when the server stops or the network goes, a
 * banner says that nothing is lost and what happens next, with the edits waiting and a way to try
 * again now. It never blocks the workspace, and it goes away by itself once the socket is back in
 * sync. The live region stays in the page, so its appearing is announced.
 */
export function ConnectionLost() {
  const ws = useWorkspace();
  // Not while the review opens again in a new role (A17): its socket was closed on purpose, and the
  // banner appearing pushed down what the person was reading just as its place was measured.
  const lost = () => ws.link().roleChanged === null && (ws.link().status === 'reconnecting' || ws.link().status === 'offline');
  const offline = () => ws.link().status === 'offline';
  return (
    <div role="status" class="connection-lost-region">
      <Show when={lost()}>
        <section class="connection-lost" data-testid="connection-lost" aria-label="Connection">
          <p>
            <strong>{offline() ? 'You’re offline' : 'Connection lost'}</strong> — your edits are kept on this device and will sync when{' '}
            {offline() ? 'you’re back online' : 'it’s back'}.
            <Show when={ws.link().pendingEdits > 0}>
              {' '}
              <span data-testid="pending-edits">{pendingWords(ws.link().pendingEdits)}.</span>
            </Show>
          </p>
          <Show when={!offline()}>
            <button type="button" onClick={() => ws.connection.retry()}>
              Retry now
            </button>
          </Show>
        </section>
      </Show>
    </div>
  );
}
