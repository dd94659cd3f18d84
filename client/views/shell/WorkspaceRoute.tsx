import { useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, Match, onCleanup, Switch } from 'solid-js';
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
    setGreeting(null);
    setPlace(null);
    setReopening(false);
    setAttempt({ token });
  };
  window.addEventListener('hashchange', onHashChange);
  onCleanup(() => window.removeEventListener('hashchange', onHashChange));
  const [session] = createResource(
    () => ({ id: params.id, token: attempt().token }),
    ({ id, token }) => openSession(id, token),
  );
  const [name, setName] = createSignal(savedName());
  const [greeting, setGreeting] = createSignal<string | null>(null);
  const [place, setPlace] = createSignal<ScreenPlace | null>(null);
  /** The session is asked again for a role change: the workspace it opened stays up until the answer. */
  const [reopening, setReopening] = createSignal(false);
  createEffect(() => {
    if (session.state === 'ready') setReopening(false);
  });
  const reopenInNewRole = (sentence: string, at: ScreenPlace | null) => {
    // The session this browser remembers says the old role: opened from it, offline, the screen
    // would be closed again at once, and again.
    forgetSession(params.id);
    setGreeting(sentence);
    setPlace(at);
    setReopening(true);
    setAttempt({ token: null });
  };
  const problem = () => {
    const error = session.error as unknown;
    return error instanceof SessionError ? error.problem : problemOf('other');
  };
  return (
    <Switch>
      <Match when={session.state === 'errored'}>
        <AccessPage problem={problem()} />
      </Match>
      <Match when={session.state !== 'ready' && !(reopening() && session.state === 'refreshing')}>
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
            greeting={greeting()}
            place={place()}
            onRoleChanged={reopenInNewRole}
          />
        )}
      </Match>
    </Switch>
  );
}
