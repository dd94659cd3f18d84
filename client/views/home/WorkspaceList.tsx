import { createMemo, For, Show } from 'solid-js';
import type { WorkspaceSummary } from '../../sync/admin-api';
import { ROLE_LABEL } from '../../state/share-labels';
import { listedWorkspaces } from '../../state/workspace-names';
import { CopyField } from '../common/CopyField';
import { formatWhen } from '../common/format-when';

/**
 * The admin's workspaces (SPEC A12, U60): each with its mode and when it was created and last
 * changed, a way in as facilitator, and its shared links to copy again. Every control is named
 * after the workspace as the list tells it apart from one with the same title.
 */
export function WorkspaceList(props: { workspaces: readonly WorkspaceSummary[]; open: (id: string) => void }) {
  const listed = createMemo(() => listedWorkspaces(props.workspaces, new Date(), formatWhen));
  return (
    <ul class="workspace-list">
      <For each={listed()} fallback={<li class="muted">No workspaces yet.</li>}>
        {({ workspace, name, detail }) => (
          <li data-testid="workspace" data-id={workspace.id}>
            <div class="workspace-head">
              <strong>{workspace.title}</strong>{' '}
              <button type="button" aria-label={`Open ${name} as facilitator`} onClick={() => props.open(workspace.id)}>
                Open
              </button>
            </div>
            <p class="muted workspace-detail" data-testid="workspace-detail">
              {detail}
            </p>
            <details class="workspace-links">
              <summary>Links of {name}</summary>
              <For each={workspace.links} fallback={<p class="muted">No shared links.</p>}>
                {(link) => (
                  <div class="workspace-link">
                    <span class="muted">{ROLE_LABEL[link.role]}</span>
                    <Show when={link.link} fallback={<span class="muted">Made before links were kept: rotate it in the share dialog to show one.</span>}>
                      {(url) => <CopyField value={url()} label={`${ROLE_LABEL[link.role]} link of ${name}`} />}
                    </Show>
                  </div>
                )}
              </For>
            </details>
          </li>
        )}
      </For>
    </ul>
  );
}
