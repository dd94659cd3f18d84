import { useWorkspace } from '../../state/workspace-context';

/** Connected, reconnecting, or offline with the number of edits waiting to be sent. */
export function ConnectionIndicator() {
  const ws = useWorkspace();
  const label = () => {
    const { status, pendingEdits } = ws.link();
    const pending = pendingEdits > 0 ? ` · ${pendingEdits} pending ${pendingEdits === 1 ? 'edit' : 'edits'}` : '';
    switch (status) {
      case 'connected':
        return 'Connected';
      case 'connecting':
        return `Connecting…${pending}`;
      case 'reconnecting':
        return `Reconnecting…${pending}`;
      case 'offline':
        return `Offline${pending}`;
    }
  };
  return (
    <span class="connection" data-status={ws.link().status} role="status" data-testid="connection">
      <span class="dot" aria-hidden="true" />
      {label()}
    </span>
  );
}
