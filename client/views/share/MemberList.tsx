import { createSignal, For, Show } from 'solid-js';
import { ROLE_IN_A_SENTENCE } from '../../../shared/api/people';
import { ROLES, type Role } from '../../../shared/schema/constants';
import { ROLE_LABEL, timeAgo } from '../../state/share-labels';
import { createTask } from '../../state/task';
import { useWorkspace } from '../../state/workspace-context';
import type { Member } from '../../sync/people-api';
import { AlertLine } from '../common/AlertLine';
import { ConfirmStep } from '../common/ConfirmStep';
import { PersonalLinkNotice, type LinkNotice } from './PersonalLinkNotice';
import { TableScroll } from '../common/TableScroll';

type Pending = { member: Member; what: 'revoke' } | { member: Member; what: 'reissue' } | { member: Member; what: 'role'; role: Role };

/**
 * The members (SPEC A2): role, when they joined, when they were last seen, whether they are here.
 * A member's role is changed from its menu, theirs at once (A17); a member who lost their link
 * gets a new one; removing a member ends their access at once (A4). Each takes a confirm step:
 * for a role, also because a menu moved by arrow keys changes on every key in some browsers.
 */
export function MemberList(props: { now: Date; notice: LinkNotice | null; onNotice: (notice: LinkNotice) => void }) {
  const ws = useWorkspace();
  const [pending, setPending] = createSignal<Pending | null>(null);
  const task = createTask();
  const [done, setDone] = createSignal('');
  const confirm = (step: Pending) =>
    task.run(async () => {
      setDone('');
      try {
        // Said as a role change is: the row goes with focus on the heading, and that alone tells a
        // screen reader nothing of what happened (U106).
        if (step.what === 'revoke') {
          await ws.people.api.revoke(step.member.id);
          setDone(`${step.member.name} is removed: their link no longer works, and any screen of theirs has closed.`);
        } else if (step.what === 'reissue') props.onNotice({ personal: await ws.people.api.reissue(step.member.id), fresh: 'reissued' });
        else {
          const changed = await ws.people.api.changeRole(step.member.id, step.role);
          setDone(`${changed.name} is now ${ROLE_IN_A_SENTENCE[changed.role]}; any screen of theirs opened again in that role.`);
        }
        // Listed anew before the step goes, so a role menu never shows the old role in between.
        await ws.people.refresh();
      } finally {
        // A refused change leaves the menu on what the member still is.
        setPending(null);
      }
    });
  const message = (step: Pending) =>
    step.what === 'revoke'
      ? `Remove ${step.member.name} from this review? Their link stops working at once and, if they are here, their screen closes saying to ask you. What they already changed stays.`
      : step.what === 'reissue'
        ? `Make a new link for ${step.member.name}? Their current link stops working at once, and any screen open with it closes; send them the new one.`
        : `Make ${step.member.name} ${ROLE_IN_A_SENTENCE[step.role]}? Their link stays the same; any screen of theirs open now opens again in that role.`;
  const confirmLabel = (step: Pending) =>
    step.what === 'revoke' ? `Yes, remove ${step.member.name}` : step.what === 'reissue' ? 'Yes, make a new link' : `Yes, make ${step.member.name} ${ROLE_IN_A_SENTENCE[step.role]}`;
  let heading: HTMLHeadingElement | undefined;
  /** Once a member is removed their row is gone: focus goes to the list's heading, not the page's start. */
  const returnFocus = (step: Pending): HTMLElement | undefined => (ws.people.members().some((member) => member.id === step.member.id) ? undefined : heading);
  /** What the member's menu shows: the role being asked about while its confirm step is open. */
  const shownRole = (member: Member): Role => {
    const step = pending();
    return step?.what === 'role' && step.member.id === member.id ? step.role : member.role;
  };
  return (
    <section class="share-section" aria-labelledby="members-title">
      <h3 id="members-title" tabIndex={-1} ref={heading}>
        Members
      </h3>
      {/* Said as it is now: "yet" was untrue once someone invited had been removed; and a list
          that could not be read (its alert below) says nothing of who is invited. */}
      <Show when={ws.people.members().length > 0} fallback={<Show when={!ws.people.membersError()}><p class="muted">Nobody is invited by name.</p></Show>}>
        <TableScroll label="Members table">
          <table class="member-table phone-cards" aria-labelledby="members-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={ws.people.members()}>
                {(member) => (
                  <>
                    <tr data-testid="member-row" data-online={member.online ? '' : undefined}>
                      <th scope="row" class="card-title">
                        <span class="member-name">{member.name}</span>
                        <Show when={member.email}>
                          <span class="muted member-email">{member.email}</span>
                        </Show>
                      </th>
                      <td data-label="Role">
                        {/* One's own role is another facilitator's to change, as one's removal is. */}
                        <Show when={member.id !== ws.identity.memberId} fallback={ROLE_LABEL[member.role]}>
                          <select
                            aria-label={`Role of ${member.name}`}
                            value={shownRole(member)}
                            disabled={task.busy()}
                            onChange={(event) => {
                              const role = event.currentTarget.value as Role;
                              setPending(role === member.role ? null : { member, what: 'role', role });
                            }}
                          >
                            <For each={ROLES}>{(role) => <option value={role}>{ROLE_LABEL[role]}</option>}</For>
                          </select>
                        </Show>
                      </td>
                      <td data-label="Joined">{timeAgo(member.joinedAt, props.now)}</td>
                      <td data-label="Last seen" data-testid="member-seen">
                        {member.online ? (
                          <span class="online">
                            <span class="online-dot" aria-hidden="true" />
                            Here now
                          </span>
                        ) : (
                          timeAgo(member.lastSeenAt, props.now, 'never')
                        )}
                      </td>
                      <td class="member-actions">
                        <button type="button" aria-label={`New link for ${member.name}`} disabled={task.busy()} onClick={() => setPending({ member, what: 'reissue' })}>
                          New link
                        </button>
                        {/* Removing oneself would close this very dialog: another facilitator does that. */}
                        <Show when={member.id !== ws.identity.memberId} fallback={<span class="muted">You</span>}>
                          <button type="button" class="danger" aria-label={`Remove ${member.name}`} disabled={task.busy()} onClick={() => setPending({ member, what: 'revoke' })}>
                            Remove
                          </button>
                        </Show>
                      </td>
                    </tr>
                    <Show when={pending()?.member.id === member.id ? pending() : null} keyed>
                      {(asked) => (
                        <tr>
                          <td colSpan={5}>
                            <ConfirmStep
                              message={message(asked)}
                              confirmLabel={confirmLabel(asked)}
                              busy={task.busy()}
                              onConfirm={() => void confirm(asked)}
                              onCancel={() => setPending(null)}
                              // Keyed, so `asked` is still there to read once the step has gone.
                              returnFocus={() => returnFocus(asked)}
                            />
                          </td>
                        </tr>
                      )}
                    </Show>
                  </>
                )}
              </For>
            </tbody>
          </table>
        </TableScroll>
      </Show>
      {/* Always there, so that screen readers announce the sentence it gets. */}
      <div class="muted" role="status">
        {done()}
      </div>
      <AlertLine message={task.error() ?? ws.people.membersError()} />
      <Show when={props.notice?.fresh === 'reissued' ? props.notice : null}>{(shown) => <PersonalLinkNotice personal={shown().personal} fresh="reissued" />}</Show>
    </section>
  );
}
