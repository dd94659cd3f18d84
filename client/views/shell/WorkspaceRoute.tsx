import { useParams } from '@solidjs/router';
import { createResource, createSignal, Match, Switch } from 'solid-js';
import { savedName } from '../../state/identity';
import { openSession, takeFragmentToken } from '../../sync/session';
import { NamePrompt } from './NamePrompt';
import { OpenWorkspace } from './OpenWorkspace';

/**
 * Joining a workspace: exchange the link's token for a session cookie, ask a first-time
 * visitor for a display name, then open the document. The shared screen joins the same way.
 */
export function WorkspaceRoute(props: { present: boolean }) {
  const params = useParams<{ id: string }>();
  // Taken before anything renders, so the token leaves the address bar at once.
  const token = takeFragmentToken('token');
  const [session] = createResource(() => params.id, (id) => openSession(id, token));
  const [name, setName] = createSignal(savedName());
  return (
    <Switch>
      <Match when={session.error as Error | undefined}>
        {(error) => (
          <main class="center-page">
            <section class="card narrow" role="alert">
              <h1>Cannot open this workspace</h1>
              <p>{error().message}</p>
            </section>
          </main>
        )}
      </Match>
      <Match when={session.loading}>
        <main class="center-page" aria-busy="true">
          <p class="muted">Opening the workspace…</p>
        </main>
      </Match>
      <Match when={!props.present && !name() && session()}>
        {(ready) => <NamePrompt title={ready().title} onName={setName} />}
      </Match>
      <Match when={session()}>
        {(ready) => <OpenWorkspace session={ready()} name={props.present ? 'Shared screen' : (name() ?? '')} present={props.present} />}
      </Match>
    </Switch>
  );
}
