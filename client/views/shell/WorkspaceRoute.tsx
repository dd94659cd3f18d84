import { useParams } from '@solidjs/router';
import { createResource, createSignal, Match, onCleanup, Switch } from 'solid-js';
import { savedName, SHARED_SCREEN_NAME } from '../../state/identity';
import { openSession, SessionError, takeFragmentToken } from '../../sync/session';
import { forgetSession } from '../../sync/session-memory';
import { problemOf } from '../../sync/access-problem';
import type { ScreenPlace } from '../../state/navigation';
import { AccessPage } from './AccessPage';
import { NamePrompt } from './NamePrompt';
import { OpenWorkspace } from './OpenWorkspace';

/**
 * Joining a workspace: exchange the link's token for a session cookie, ask a guest for a display
 * name (a member is who the server knows), then open the document. The shared screen joins the
 * same way. A link pasted into this tab later (only the fragment changes, so the page does not
 * reload) is taken and opened in place (SPEC A10), and so is the workspace again when this
 * person's role changes (A17): the session, asked again, says the new role. Meanwhile the
 * workspace as it was stays on the screen, and it opens again where the screen was.
 */
export function WorkspaceRoute(props: { present: boolean }) {
  const params = useParams<{ id: string }>();
  // Taken before anything renders, so the token leaves the address bar at once.
  const [attempt, setAttempt] = createSignal({ token: takeFragmentToken('token') });
  const onHashChange = () => {
    const token = takeFragmentToken('token');
    if (!token) return;
    setReopened(null);
    setAttempt({ token });
  };
  window.addEventListener('hashchange', onHashChange);
  onCleanup(() => window.removeEventListener('hashchange', onHashChange));
  const [session] = createResource(
    () => ({ id: params.id, token: attempt().token }),
    ({ id, token }) => openSession(id, token),
  );
  const [name, setName] = createSignal(savedName());
  /** The role change the session was asked again for: who made it, and where the screen was. */
  const [reopened, setReopened] = createSignal<{ greeting: string; place: ScreenPlace | null } | null>(null);
  const reopenInNewRole = (greeting: string, place: ScreenPlace | null) => {
    // The session this browser remembers says the old role: opened from it, offline, the screen
    // would be closed again at once, and again.
    forgetSession(params.id);
    setReopened({ greeting, place });
    setAttempt({ token: null });
  };
  // Asked again for a role change, the session leaves the workspace it opened on the screen until
  // the answer; any other new session (a link pasted, after an access page too) shows the opening page.
  const opening = () => session.state !== 'ready' && !(reopened() !== null && session.state === 'refreshing');
  const problem = () => {
    const error = session.error as unknown;
    return error instanceof SessionError ? error.problem : problemOf('other');
  };
  return (
    <Switch>
      <Match when={session.state === 'errored'}>
        <AccessPage problem={problem()} />
      </Match>
      <Match when={opening()}>
        <main class="center-page" aria-busy="true">
          <p class="muted">Opening the workspace…</p>
        </main>
      </Match>
      <Match when={!props.present && !session()!.member && !name()}>
        <NamePrompt title={session()!.title} onName={setName} />
      </Match>
      <Match when={session()} keyed>
        {(ready) => (
          <OpenWorkspace
            session={ready}
            name={props.present ? SHARED_SCREEN_NAME : (name() ?? '')}
            present={props.present}
            greeting={reopened()?.greeting ?? null}
            place={reopened()?.place ?? null}
            onRoleChanged={reopenInNewRole}
          />
        )}
      </Match>
    </Switch>
  );
}
