import { initials } from '../../state/identity';
import type { Peer } from '../../sync/awareness-state';

/** A person's initials in their colour, named for screen readers; a guest's is marked as such. */
export function Avatar(props: { peer: Peer; small?: boolean; suffix?: string }) {
  return (
    <span
      class={props.small ? 'avatar small' : 'avatar'}
      style={{ 'background-color': props.peer.user.color }}
      title={`${props.peer.user.name}${props.suffix ?? ''}`}
      role="img"
      aria-label={`${props.peer.user.name}${props.suffix ?? ''}`}
      data-testid="avatar"
      data-guest={props.peer.user.guest ? '' : undefined}
    >
      {initials(props.peer.user.name)}
    </span>
  );
}
