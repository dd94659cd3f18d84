import type { Awareness } from 'y-protocols/awareness';
import { isOneOf, ROLES, type Role } from '../../shared/schema/constants';
import type { FieldEdit } from '../../shared/schema/field-edits';

const VIEW_NAMES = ['tree', 'kpis', 'deps', 'agenda', 'actions', 'history'] as const;

/** The views of a workspace (DESIGN §7). */
export type ViewName = (typeof VIEW_NAMES)[number];

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

/**
 * Every awareness state with a name, the local one included (flagged), as a screen can show it
 * (SPEC H21). Another connection's state reaches every screen as it was sent, but for the role
 * and guest flag the server writes, and a member's name (A3): any field of another type (a colour,
 * a view or an edited item no text can be made of) threw where the people list and the "is editing
 * this" badges render it, on every screen in the room. Such a field reads as the one a fresh screen
 * publishes (no selection, the objectives, no summons: a summons to no view of ours too), a colour
 * that is not one as a neutral one.
 */
export function readPeers(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const peer = asPeerState(state);
    if (peer) peers.push({ ...peer, clientId, local: clientId === awareness.clientID });
  }
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/**
 * A colour for an avatar whose own is not one: slate, which white initials read on (WCAG AA). A
 * name CSS does not know ("x") paints nothing, and one it knows may be white: white initials
 * on no background, invisible in the bar. Every screen of ours sends one of its palette's.
 */
const NO_COLOR = '#475569';
const HEX_COLOR = /^#(?:[0-9a-f]{3}){1,2}$/i;

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const viewName = (value: unknown): ViewName => (isOneOf(VIEW_NAMES, value) ? value : 'tree');
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `state` as PeerState, each field of the wrong type read as said above; null without a name. */
function asPeerState(state: unknown): PeerState | null {
  const raw = fields(state);
  const user = fields(raw?.user);
  if (!raw || !user || typeof user.name !== 'string') return null;
  const summon = fields(raw.summon);
  return {
    user: {
      id: textOrNull(user.id) ?? '',
      name: user.name,
      color: typeof user.color === 'string' && HEX_COLOR.test(user.color) ? user.color : NO_COLOR,
      role: isOneOf(ROLES, user.role) ? user.role : 'viewer',
      ...(typeof user.memberId === 'string' ? { memberId: user.memberId } : {}),
      ...(typeof user.guest === 'boolean' ? { guest: user.guest } : {}),
    },
    view: viewName(raw.view),
    selection: textOrNull(raw.selection),
    editing: textOrNull(raw.editing),
    ...(raw.screen === true ? { screen: true } : {}),
    ...(isTime(raw.since) ? { since: raw.since } : {}),
    summon: summon && isTime(summon.at) && isOneOf(VIEW_NAMES, summon.view) ? { view: summon.view, selection: textOrNull(summon.selection), at: summon.at } : null,
    // Read entry by entry where it is used (unseen-overwrite-watch), which reads the raw states.
    ...(Array.isArray(raw.offlineEdits) ? { offlineEdits: raw.offlineEdits as OfflineEditMark[] } : {}),
  };
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
