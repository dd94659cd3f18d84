import type { PersonalLink } from '../../sync/people-api';
import { CopyField } from '../common/CopyField';

/** A member's personal link, shown once (SPEC A2): copy it now, send it yourself. */
export function PersonalLinkNotice(props: { personal: PersonalLink; fresh: 'invited' | 'reissued' }) {
  const name = () => props.personal.member.name;
  return (
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
  );
}
