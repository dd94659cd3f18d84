import { useWorkspace } from '../../state/workspace-context';
import { pendingWords } from '../offline/pending-words';

/** Connected, reconnecting, or offline with the number of edits waiting to be sent (SPEC U22); not saving when the server refuses this browser's changes (U41); opening again in a new role (A17). */
export function ConnectionIndicator() {
  const ws = useWorkspace();
  const label = () => {
    const { status, pendingEdits, roleChanged } = ws.link();
    // Its socket closed on purpose: what is waiting is the new role's to send or refuse (A17, A19).
    if (roleChanged !== null) return 'Opening again…';
    const pending = pendingEdits > 0 ? ` · ${pendingWords(pendingEdits)}` : '';
    switch (status) {
      case 'connected':
        return 'Connected';
      case 'connecting':
        return `Connecting…${pending}`;
      case 'reconnecting':
        return `Reconnecting…${pending}`;
      case 'offline':
        return `Offline${pending}`;
      case 'refused':
        return 'Not saving';
    }
  };
  return (
    <span class="connection" data-status={ws.link().status} role="status" data-testid="connection">
      <span class="dot" aria-hidden="true" />
      {label()}
    </span>
  );
}
