import { useWorkspace } from '../../state/workspace-context';
import { pendingWords } from '../offline/pending-words';

/** Connected, reconnecting, or offline with the number of edits waiting to be sent (SPEC U22); not saving when the server refuses this browser's changes (U41). */
export function ConnectionIndicator() {
  const ws = useWorkspace();
  const label = () => {
    const { status, pendingEdits } = ws.link();
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
