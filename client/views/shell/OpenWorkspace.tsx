import { onCleanup, Show } from 'solid-js';
import { colorFor, personId, type Identity } from '../../state/identity';
import { WorkspaceProvider } from '../../state/workspace-context';
import type { Session } from '../../sync/session';
import { WorkspaceConnection } from '../../sync/workspace-connection';
import { PresentScreen } from '../present/PresentScreen';
import { WorkspaceShell } from './WorkspaceShell';

/** One open workspace: its connection lives exactly as long as this component. */
export function OpenWorkspace(props: { session: Session; name: string; present: boolean }) {
  const connection = new WorkspaceConnection(props.session.workspace);
  onCleanup(() => connection.destroy());
  const id = personId();
  const identity: Identity = { id, name: props.name, color: colorFor(id) };
  // The shared screen only displays: it joins read-only, so nobody follows it as a facilitator.
  const session: Session = props.present ? { ...props.session, role: 'viewer' } : props.session;
  return (
    <WorkspaceProvider connection={connection} session={session} identity={identity}>
      <Show when={props.present} fallback={<WorkspaceShell title={props.session.title} />}>
        <PresentScreen />
      </Show>
    </WorkspaceProvider>
  );
}
