import { createEffect, createSignal, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import type { PersonalLink } from '../../sync/people-api';
import { CopyField } from '../common/CopyField';

/** A personal link just made, and why: for a member just invited, or a new one for a member. */
export interface LinkNotice {
  readonly personal: PersonalLink;
  readonly fresh: 'invited' | 'reissued';
}

/**
 * A member's personal link, shown once (SPEC A2): copy it now, send it yourself. Once the member
 * list has shown them, it goes when they leave it (removed, here or by another facilitator): a
 * link that no longer works must not be offered for sending.
 */
export function PersonalLinkNotice(props: { personal: PersonalLink; fresh: 'invited' | 'reissued' }) {
  const ws = useWorkspace();
  const name = () => props.personal.member.name;
  const listed = () => ws.people.members().some((member) => member.id === props.personal.member.id);
  const [seen, setSeen] = createSignal(false);
  createEffect(() => {
    if (listed()) setSeen(true);
  });
  return (
    <Show when={!seen() || listed()}>
      <div class="personal-link" data-testid="personal-link">
        <p>
          <strong>{props.fresh === 'invited' ? `${name()} is invited.` : `A new link for ${name()}; the old one no longer works.`}</strong>
        </p>
        <CopyField value={props.personal.link} label={`${name()}’s personal link`} />
        <p class="muted">
          This link is shown only this once: copy it now and send it to {name()} yourself (Throughline sends no email). It signs them in as{' '}
          {name()}; if it gets lost, make a new one from the member list.
        </p>
      </div>
    </Show>
  );
}
