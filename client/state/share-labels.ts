import type { Role } from '../../shared/schema/constants';
import type { Peer } from '../sync/awareness-state';

/** Role names as the share dialog says them. */
export const ROLE_LABEL: Record<Role, string> = { facilitator: 'Facilitator', editor: 'Editor', viewer: 'Viewer' };

/**
 * When something happened, as a member list says it: "just now", "5 min ago", "3 h ago",
 * "yesterday", "4 days ago", then the date. `never` for a member who has not come yet.
 *
 * @example timeAgo('2026-03-10T11:55:00Z', new Date('2026-03-10T12:00:00Z')) // '5 min ago'
 */
export function timeAgo(iso: string | null, now: Date, never = 'not yet'): string {
  if (iso === null) return never;
  const at = new Date(iso);
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  if (Number.isNaN(minutes)) return never;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return at.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: at.getFullYear() === now.getFullYear() ? undefined : 'numeric' });
}

/** "Ben Okafor", "Ben Okafor and Cy Park", "Ben Okafor, Cy Park and Dee Ray". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What the confirm step of rotating a shared link says (SPEC A4): everyone who came in with it
 * loses access at once, naming the guests on it who are here now; people invited by name keep
 * their own links.
 */
export function rotationWarning(role: Role, peers: readonly Peer[]): string {
  const here = [...new Set(peers.filter((peer) => !peer.local && peer.user.guest && peer.user.role === role).map((peer) => peer.user.name))];
  const who = here.length === 0 ? '' : ` ${listNames(here)} ${here.length === 1 ? 'is' : 'are'} here now on it and will see a page saying so.`;
  const self = role === 'facilitator' ? ' You stay signed in.' : '';
  return (
    `Everyone who opened the current ${role} link loses access at once, here or not.${who}${self} ` +
    'People invited by name keep their own links. Share the new link again with whoever should still have it.'
  );
}
