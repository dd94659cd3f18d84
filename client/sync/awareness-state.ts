import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '../../shared/schema/constants';
import type { FieldEdit } from '../../shared/schema/field-edits';

/** The four views of a workspace (DESIGN §7). */
export type ViewName = 'tree' | 'kpis' | 'deps' | 'agenda' | 'actions' | 'history';

/** Where someone is and what they have in hand, as everyone else sees it. */
export interface PeerState {
  /**
   * Who this is. The server rewrites it on the way through (SPEC A3): a member's `name` and
   * `role` are the ones the server knows, with their `memberId`; a guest on a shared role link
   * keeps the name they typed, with the link's role and `guest: true`. What a client sets here is
   * only what its own screen shows of itself.
   */
  user: { id: string; name: string; color: string; role: Role; memberId?: string; guest?: boolean };
  view: ViewName;
  /** The selected node, KPI, dependency or agenda item, by id. */
  selection: string | null;
  /** The item whose fields this person is typing in, shown on that item for others. */
  editing: string | null;
  /**
   * A shared screen (`/w/:id/present`), not a person: nobody follows it, it is not listed among
   * the people here, and the server does not register it as an attendee.
   */
  screen?: boolean;
  /**
   * When this screen joined (epoch ms, its own clock): who was here first keeps their colour
   * (`colorAmong`). A page from before this release sends none and counts as here first.
   */
  since?: number;
  /** Facilitators only: "bring everyone here", stamped so a repeat is a new request. */
  summon?: { view: ViewName; selection: string | null; at: number } | null;
  /**
   * The fields this person changed in their latest spell offline, each with the Yjs client id it
   * was written with and when (epoch ms): how a colleague whose value one of them replaced is told
   * whose edit it was and when it was made (SPEC U75). Kept after they reconnect, since their
   * presence and their edits reach others in either order.
   */
  offlineEdits?: OfflineEditMark[];
}

/** One field changed offline, as `PeerState.offlineEdits` carries it. */
export interface OfflineEditMark {
  edit: FieldEdit;
  client: number;
  at: number;
}

export interface Peer extends PeerState {
  clientId: number;
  local: boolean;
}

/** Every well-formed awareness state, the local one included (flagged). */
export function readPeers(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as Partial<PeerState>).user;
    if (!user || typeof user.name !== 'string') continue;
    peers.push({ ...(state as PeerState), clientId, local: clientId === awareness.clientID });
  }
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/** Merges fields into the local state; awareness sends only when something changed. */
export function updateLocalState(awareness: Awareness, change: Partial<PeerState>): void {
  const current = (awareness.getLocalState() ?? {}) as Partial<PeerState>;
  const next = { ...current, ...change };
  const changed = Object.keys(change).some(
    (key) => JSON.stringify(current[key as keyof PeerState]) !== JSON.stringify(next[key as keyof PeerState]),
  );
  if (changed) awareness.setLocalState(next);
}
