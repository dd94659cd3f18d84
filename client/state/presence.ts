import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '../../shared/schema/constants';
import { readPeers, updateLocalState, type Peer, type PeerState } from '../sync/awareness-state';
import { colorAmong, SHARED_SCREEN_NAME, type Identity } from './identity';

export interface Presence {
  /** Everyone here, this person included (flagged `local`). */
  peers: Accessor<readonly Peer[]>;
  /** The people here: every peer but the shared screens. */
  people: Accessor<readonly Peer[]>;
  /** The shared screens following the meeting. */
  screens: Accessor<readonly Peer[]>;
  /** The facilitator whose lead "follow" tracks: the first one present, if any. */
  facilitator: Accessor<Peer | null>;
  /** Others editing the item with this id right now. */
  editorsOf(id: string): readonly Peer[];
  publish(change: Partial<PeerState>): void;
}

/**
 * A shared screen: one that says so, or, from a page loaded before this release (a wall screen is
 * seldom reloaded), a guest going by the screen's name.
 */
function isScreen(peer: Peer): boolean {
  return peer.screen === true || (peer.user.guest === true && peer.user.name === SHARED_SCREEN_NAME);
}

/**
 * Presence over the provider's awareness: who is here, where they are, what they edit. The
 * meeting itself (current item, timer, votes revealed) is in the document, not here, so it
 * outlives any one tab (DESIGN §3 `meeting`).
 */
export function createPresence(awareness: Awareness, identity: Identity, role: Role, screen: boolean): Presence {
  const since = Date.now();
  updateLocalState(awareness, {
    // What this screen shows of itself; the server writes the same for everyone else (SPEC A3).
    user: {
      id: identity.id,
      name: identity.name,
      color: identity.color,
      role,
      ...(identity.memberId ? { memberId: identity.memberId, guest: false } : { guest: true }),
    },
    view: 'tree',
    selection: null,
    editing: null,
    since,
    ...(screen ? { screen: true } : {}),
  });
  /** Here before this screen: joined earlier, or in the same millisecond with a lower client id. */
  const before = (peer: Peer) => {
    const at = typeof peer.since === 'number' ? peer.since : -Infinity;
    return at < since || (at === since && peer.clientId < awareness.clientID);
  };
  const [peers, setPeers] = createSignal<readonly Peer[]>(readPeers(awareness));
  const onChange = () => {
    const all = readPeers(awareness);
    const mine = all.find((peer) => peer.local);
    // A screen has no avatar to tell apart; this person's other tabs share their colour, the one
    // the first of them settled on.
    if (mine && !screen) {
      const earlierTab = all.find((peer) => !peer.local && peer.user.id === identity.id && before(peer));
      const taken = new Set(all.filter((peer) => !peer.local && !isScreen(peer) && peer.user.id !== identity.id && before(peer)).map((peer) => peer.user.color));
      const color = earlierTab ? earlierTab.user.color : colorAmong(mine.user.color, identity.color, taken);
      // Setting it is a change too, which reads the peers again with this colour.
      if (color !== mine.user.color) return updateLocalState(awareness, { user: { ...mine.user, color } });
    }
    setPeers(all);
  };
  awareness.on('change', onChange);
  // Those already here when this screen arrived.
  onChange();
  // Leaving the page says goodbye at once instead of after the 30 s awareness timeout.
  const onUnload = () => awareness.setLocalState(null);
  window.addEventListener('pagehide', onUnload);
  onCleanup(() => {
    awareness.off('change', onChange);
    window.removeEventListener('pagehide', onUnload);
  });
  const people = createMemo(() => peers().filter((peer) => !isScreen(peer)));
  const screens = createMemo(() => peers().filter(isScreen));
  // A screen opened on a facilitator's link is a facilitator to the server, but it leads nobody:
  // followed, it would hold its followers on the view it opened with.
  const facilitator = createMemo(() => {
    const leads = people().filter((peer) => peer.user.role === 'facilitator');
    return leads.find((peer) => !peer.local) ?? leads[0] ?? null;
  });
  const editing = createMemo(() => {
    const map = new Map<string, Peer[]>();
    for (const peer of peers()) {
      if (peer.local || !peer.editing) continue;
      map.set(peer.editing, [...(map.get(peer.editing) ?? []), peer]);
    }
    return map;
  });
  return {
    peers,
    people,
    screens,
    facilitator,
    editorsOf: (id) => editing().get(id) ?? [],
    publish: (change) => updateLocalState(awareness, change),
  };
}
