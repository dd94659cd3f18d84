import type { Role } from '../schema/constants';

/** A member as the members route shows them (GET /api/workspaces/:id/members); client and server share it. */
export interface MemberView {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  invitedAt: string;
  /** When their personal link was first used; null until then. */
  joinedAt: string | null;
  /** When they last used the workspace (now, while online); null if never. */
  lastSeenAt: string | null;
  /** Whether they have a WebSocket open on the workspace right now. */
  online: boolean;
}

/** A role as a sentence names what someone is made: "made you a viewer", "is now an editor" (SPEC A17). */
export const ROLE_IN_A_SENTENCE: Readonly<Record<Role, string>> = { facilitator: 'a facilitator', editor: 'an editor', viewer: 'a viewer' };
