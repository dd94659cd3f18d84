import { createSignal, For, onMount, Show } from 'solid-js';
import { ROLES, type Role } from '../../../shared/schema/constants';
import { ROLE_LABEL, rotationWarning } from '../../state/share-labels';
import { createTask } from '../../state/task';
import { useWorkspace } from '../../state/workspace-context';
import type { RoleLink } from '../../sync/people-api';
import { AlertLine } from '../common/AlertLine';
import { ConfirmStep } from '../common/ConfirmStep';
import { CopyField } from '../common/CopyField';

/**
 * The shared role links (SPEC A1, A4): anyone holding one joins under the name they type. Each
 * can be copied again, and rotated: the old link stops working at once for everyone on it.
 */
export function RoleLinks() {
  const ws = useWorkspace();
  const [links, setLinks] = createSignal<readonly RoleLink[]>([]);
  const [confirming, setConfirming] = createSignal<Role | null>(null);
  const [rotated, setRotated] = createSignal<Role | null>(null);
  const task = createTask();
  onMount(() => void task.run(async () => void setLinks(await ws.people.api.links())));
  const rotate = (role: Role) =>
    task.run(async () => {
      const fresh = await ws.people.api.rotate(role);
      setLinks((all) => all.map((link) => (link.role === role ? fresh : link)));
      setConfirming(null);
      setRotated(role);
    });
  const linkOf = (role: Role) => links().find((link) => link.role === role);
  return (
    <section class="share-section" aria-labelledby="role-links-title">
      <h3 id="role-links-title">Links anyone can use</h3>
      <p class="muted">Whoever opens one of these joins with that role, under the name they type, and shows as a guest.</p>
      <ul class="role-links">
        <For each={ROLES}>
          {(role) => (
            <li data-testid={`role-link-${role}`}>
              <span class="role-link-name">{ROLE_LABEL[role]}</span>
              <Show
                when={linkOf(role)?.link}
                fallback={
                  <span class="muted">
                    {linkOf(role) ? 'Made before links could be shown again: rotate it to get one to copy.' : task.busy() ? 'Loading…' : 'No link.'}
                  </span>
                }
              >
                {(link) => <CopyField value={link()} label={`${ROLE_LABEL[role]} link`} />}
              </Show>
              <button type="button" aria-label={`Rotate the ${role} link`} disabled={task.busy() || !linkOf(role)} onClick={() => setConfirming(role)}>
                Rotate
              </button>
              <Show when={confirming() === role}>
                <ConfirmStep
                  message={rotationWarning(role, ws.presence.peers())}
                  confirmLabel={`Yes, rotate the ${role} link`}
                  busy={task.busy()}
                  onConfirm={() => void rotate(role)}
                  onCancel={() => setConfirming(null)}
                />
              </Show>
              <Show when={rotated() === role}>
                <p class="share-done" role="status">
                  New {role} link made; the old one no longer works. Share this one with whoever should still have it.
                </p>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <AlertLine message={task.error()} />
    </section>
  );
}
