import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createWorkspace, listWorkspaces, type CreatedWorkspace } from '../../sync/admin-api';
import { adminProblem } from '../../sync/admin-problem';
import { openAsFacilitator, takeFragmentToken } from '../../sync/session';
import type { Role } from '../../../shared/schema/constants';
import { ROLE_LABEL } from '../../state/share-labels';
import { CopyField } from '../common/CopyField';
import { AdminProblemNotice } from './AdminProblemNotice';
import { WorkspaceList } from './WorkspaceList';

const ADMIN_KEY = 'throughline:admin';

/**
 * `/`: for people, a pointer to their workspace link; for the instance admin (whose link
 * carries the admin token in its fragment, `/#admin=...`), the workspaces with their shared links
 * (SPEC A1) and a way to start a new one.
 * The admin token stays in this tab's sessionStorage only.
 */
export function HomePage() {
  const fromLink = takeFragmentToken('admin');
  if (fromLink) sessionStorage.setItem(ADMIN_KEY, fromLink);
  const token = sessionStorage.getItem(ADMIN_KEY);
  const [workspaces, { refetch }] = createResource(() => token, listWorkspaces);
  const [title, setTitle] = createSignal('');
  // A real review starts empty: demo data in it would raise its findings and open it in triage.
  const [template, setTemplate] = createSignal<'blank' | 'demo'>('blank');
  const [created, setCreated] = createSignal<(CreatedWorkspace & { title: string }) | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    try {
      const named = title().trim();
      setCreated({ ...(await createWorkspace(token!, named, template())), title: named });
      setTitle('');
      setError(null);
      void refetch();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const open = async (workspace: string) => {
    try {
      await openAsFacilitator(token!, workspace);
      window.location.assign(`/w/${encodeURIComponent(workspace)}`);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <main class="center-page">
      <Show
        when={token}
        fallback={
          <section class="card narrow">
            <p class="eyebrow">Throughline</p>
            <h1>Open your review</h1>
            <p class="muted">Use the workspace link the facilitator shared with you. It signs you in and brings you to the review.</p>
          </section>
        }
      >
        <section class="card wide">
          <p class="eyebrow">Throughline · admin</p>
          <h1>Workspaces</h1>
          <Switch>
            <Match when={workspaces.error as unknown}>
              {(error) => <AdminProblemNotice problem={adminProblem(error())} retrying={workspaces.loading} retry={() => void refetch()} />}
            </Match>
            <Match when={workspaces.state === 'unresolved' || workspaces.state === 'pending'}>
              <p class="muted">Reading the workspaces…</p>
            </Match>
            <Match when={true}>
              <WorkspaceList workspaces={workspaces() ?? []} open={(id) => void open(id)} />
              <form class="actions-row" onSubmit={create}>
                <input aria-label="New workspace title" placeholder="Q1 operating review" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} required />
                <select aria-label="Template" value={template()} onChange={(e) => setTemplate(e.currentTarget.value as 'blank' | 'demo')}>
                  <option value="blank">Blank</option>
                  <option value="demo">Sample data (a demo review)</option>
                </select>
                <button type="submit" class="primary" disabled={!title().trim()}>
                  Create workspace
                </button>
              </form>
              <Show when={error()}>
                <p role="alert">{error()}</p>
              </Show>
              <Show when={created()}>
                {(done) => (
                  <div class="links" aria-label="Links to share">
                    {/* Which workspace these links open, as the list above names its links. */}
                    <p role="status">
                      <strong>“{done().title}” is created.</strong> Share its links:
                    </p>
                    <For each={Object.entries(done().links)}>
                      {([role, link]) => (
                        <div class="workspace-link">
                          <span class="muted">{ROLE_LABEL[role as Role] ?? role}</span>
                          <CopyField value={link} label={`${ROLE_LABEL[role as Role] ?? role} link of ${done().title}`} />
                        </div>
                      )}
                    </For>
                  </div>
                )}
              </Show>
            </Match>
          </Switch>
        </section>
      </Show>
    </main>
  );
}
