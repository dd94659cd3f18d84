import type { AwarenessEntry } from '../protocol/awareness-update';
import type { Peer } from './peer';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A presence entry as the room keeps it, and the name its person is present under (null for none). */
export interface TruthfulEntry {
  readonly entry: AwarenessEntry;
  readonly name: string | null;
}

/**
 * SPEC A3: the `user` field of a presence state says who the server let in, whatever the client
 * wrote there. A member's carries the name and role the server knows and their `memberId`,
 * `guest: false`; a guest's (a shared role link) keeps the name they typed, with the link's role
 * and `guest: true`, and can claim no member id. The client's own fields (`id`, `color`, and
 * everything outside `user`) pass as sent; a guest state with no `user` is left as it is.
 *
 * The name comes back beside the entry (trimmed; null when blank or absent, or for a guest's
 * shared screen) for the attendance register (M21), which would otherwise parse every state a
 * second time.
 *
 * @example truthfulEntry(memberPeer, { clientId: 7, clock: 1, state: '{"user":{"name":"Someone else"}}' })
 *   // entry.state: '{"user":{"name":"Ana Diaz","role":"editor","memberId":"m_…","guest":false}}', name: 'Ana Diaz'
 */
export function truthfulEntry(peer: Peer, entry: AwarenessEntry): TruthfulEntry {
  if (entry.state === 'null') return { entry, name: null };
  const state: unknown = JSON.parse(entry.state);
  if (!isObject(state)) return { entry, name: null };
  const claimed = isObject(state.user) ? state.user : null;
  let user: JsonObject;
  if (peer.member) {
    user = { ...claimed, name: peer.member.name, role: peer.role, memberId: peer.member.id, guest: false };
  } else if (claimed) {
    const { memberId: _claimedMember, ...typed } = claimed;
    user = { ...typed, role: peer.role, guest: true };
  } else {
    return { entry, name: null };
  }
  const name = typeof user.name === 'string' ? user.name.trim() : '';
  // A guest's shared screen (`screen: true`) is a wall, not an attendee. Only a guest's: a
  // guest can type any name anyway, while a member is who the server knows, screen or not.
  const attends = name !== '' && !(state.screen === true && !peer.member);
  return { entry: { ...entry, state: JSON.stringify({ ...state, user }) }, name: attends ? name : null };
}
