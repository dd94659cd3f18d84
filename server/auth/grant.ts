import type { Role } from '../storage/store';

/** The person a credential speaks for: a member, by the name the server knows. */
export interface MemberRef {
  id: string;
  name: string;
}

/**
 * What a request or a connection may do in one workspace, as the server checked it just now.
 * Connections keep theirs, so that revocation, rotation and logout can find them (SPEC A4, A5).
 */
export interface Grant {
  workspace: string;
  role: Role;
  /** The member it speaks for; null for a guest on a shared role link, or the instance admin. */
  member: MemberRef | null;
  /** The SHA-256 of the link token (or the admin token) that let it in: what rotation and revocation match. */
  tokenHash: string;
  /** The SHA-256 of the session id, when it came with a session cookie: what logout matches. */
  sessionHash: string | null;
}

/**
 * Ends live connections at once (SPEC A4, A5): each whose grant matches is closed with 4401 and
 * `reason`, a sentence for the person saying their access ended and whom to ask. The transport
 * implements it; answers how many it closed.
 */
export interface ConnectionCutter {
  cut(workspace: string, match: (grant: Grant) => boolean, reason: string): number;
  /** The caller's own session moved onto their link's replacement: its connections stay, under the new link. */
  rebind(workspace: string, sessionHash: string, tokenHash: string): void;
}
