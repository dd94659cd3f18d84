import { createSignal, onCleanup, Show } from 'solid-js';
import { cacheAppShell } from '../../state/app-update';
import { identityFor } from '../../state/identity';
import type { ScreenPlace } from '../../state/navigation';
import { WorkspaceProvider } from '../../state/workspace-context';
import type { Session } from '../../sync/session';
import { WorkspaceConnection } from '../../sync/workspace-connection';
import { PresentScreen } from '../present/PresentScreen';
import { AccessPage } from './AccessPage';
import { WorkspaceShell } from './WorkspaceShell';

/**
 * One open workspace: its connection lives exactly as long as this component. When access ends
 * (a 4401 close, or a REST 401: SPEC A9) the workspace gives way to the page saying why and whom
 * to ask, rather than a banner saying the connection was lost. When this person's role changes
 * (a 4303 close, A17) `onRoleChanged` opens it again in the new one, where the screen was
 * (`place`); `greeting` is what the workspace says as it opens (who changed the role). Until then
 * it stays on the screen, taking no input (`leaving`).
 */
export function OpenWorkspace(props: {
  session: Session;
  name: string;
  present: boolean;
  greeting: string | null;
  place: ScreenPlace | null;
  onRoleChanged: (sentence: string, place: ScreenPlace | null) => void;
}) {
  // The role the session says, the shared screen's too (it displays as a viewer, below).
  const connection = new WorkspaceConnection(props.session.workspace, props.session.role);
  const [ended, setEnded] = createSignal(connection.current.ended);
  const [leaving, setLeaving] = createSignal(false);
  let reopening = false;
  let placeNow: () => ScreenPlace | null = () => null;
  const unsubscribe = connection.subscribe((snapshot) => {
    setEnded(snapshot.ended);
    if (snapshot.ready) cacheAppShell();
    if (snapshot.roleChanged === null || reopening) return;
    reopening = true;
    // Once, and after the provider has finished with the close that said so: reopening destroys it.
    const sentence = snapshot.roleChanged;
    queueMicrotask(() => {
      const place = placeNow();
      setLeaving(true);
      props.onRoleChanged(sentence, place && { ...place, inView: firstInView() });
    });
  });
  onCleanup(() => {
    unsubscribe();
    connection.destroy();
  });
  const identity = identityFor(props.session.member, props.name);
  // The shared screen only displays, so it edits nothing (its presence says `screen: true`: the
  // server still shows it with its link's role, and followers must not take it for the lead).
  const session: Session = props.present ? { ...props.session, role: 'viewer' } : props.session;
  return (
    <Show when={ended()} fallback={
      <WorkspaceProvider
        connection={connection}
        session={session}
        identity={identity}
        screen={props.present}
        place={props.place}
        tellPlace={(read) => (placeNow = read)}
        leaving={leaving}
      >
        <Show when={props.present} fallback={<WorkspaceShell title={props.session.title} greeting={props.greeting} place={props.place} />}>
          <PresentScreen />
        </Show>
      </WorkspaceProvider>
    }>
      {(problem) => <AccessPage problem={problem()} />}
    </Show>
  );
}

/**
 * The first element with a `data-id` that starts in the window (else the first that reaches into
 * it), and where it stands: one half scrolled away would be put back by its top, which the new
 * role may make taller or shorter, moving what was being read.
 */
function firstInView(): { id: string; top: number } | null {
  let reaching: { id: string; top: number } | null = null;
  for (const element of document.querySelectorAll<HTMLElement>('[data-id]')) {
    const box = element.getBoundingClientRect();
    if (!element.dataset.id || box.height === 0 || box.bottom <= 0 || box.top >= window.innerHeight) continue;
    if (box.top >= 0) return { id: element.dataset.id, top: box.top };
    reaching ??= { id: element.dataset.id, top: box.top };
  }
  return reaching;
}
