import { createSignal, For, Show } from 'solid-js';
import { MEMBER_NAME_MAX, ROLES, type Role } from '../../../shared/schema/constants';
import { keepVisible } from '../common/keep-visible';
import { ROLE_LABEL } from '../../state/share-labels';
import { createTask } from '../../state/task';
import { useWorkspace } from '../../state/workspace-context';
import { AlertLine } from '../common/AlertLine';
import { PersonalLinkNotice, type LinkNotice } from './PersonalLinkNotice';

/**
 * Invites a person by name (email optional) with a role; their personal link is shown once (SPEC
 * A2), here, while it is the dialog's latest (`notice`).
 */
export function InviteForm(props: { notice: LinkNotice | null; onNotice: (notice: LinkNotice) => void }) {
  const ws = useWorkspace();
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<Role>('editor');
  const task = createTask();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void task.run(async () => {
      props.onNotice({ personal: await ws.people.api.invite({ name: name().trim(), email: email().trim(), role: role() }), fresh: 'invited' });
      setName('');
      setEmail('');
      await ws.people.refresh();
    });
  };
  return (
    <section class="share-section" aria-labelledby="invite-title">
      <h3 id="invite-title">Invite a person</h3>
      <p class="muted">A person you invite gets a link of their own: they join under this name, and you can remove them alone.</p>
      <form class="invite-form" onSubmit={submit}>
        <label class="field">
          <span>Name</span>
          <input
            name="invite-name"
            autocomplete="off"
            value={name()}
            onInput={(e) => setName(keepVisible(e, MEMBER_NAME_MAX, name()))}
            onCompositionEnd={(e) => setName(keepVisible(e, MEMBER_NAME_MAX, name()))}
            required
          />
        </label>
        <label class="field">
          <span>Email (optional)</span>
          <input name="invite-email" type="email" autocomplete="off" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Role</span>
          <select name="invite-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <For each={ROLES}>{(option) => <option value={option}>{ROLE_LABEL[option]}</option>}</For>
          </select>
        </label>
        <button type="submit" class="primary" disabled={!name().trim() || task.busy()}>
          Invite
        </button>
      </form>
      <AlertLine message={task.error()} />
      <Show when={props.notice?.fresh === 'invited' ? props.notice : null}>{(shown) => <PersonalLinkNotice personal={shown().personal} fresh="invited" />}</Show>
    </section>
  );
}
