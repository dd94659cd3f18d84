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
  /**
   * Who gave the member this role, when a member changed it (A17), as read when the grant was
   * checked: a join whose screen shows another role names them. A connection already open keeps
   * the value it joined with, so a later change is named from a fresh read or by its actor.
   */
  roleChangedBy: string | null;
  /** The SHA-256 of the link token (or the admin token) that let it in: what rotation and revocation match. */
  tokenHash: string;
  /** The SHA-256 of the session id, when it came with a session cookie: what logout matches. */
  sessionHash: string | null;
}

/**
 * Why a connection is closed: 4401 and a sentence saying its access ended and whom to ask (SPEC
 * A4, A5), or 4303 and a sentence saying its member's role changed, after which it may come back
 * in the new role (A17).
 */
export interface AccessClose {
  code: number;
  reason: string;
}

/**
 * Ends live connections at once: each whose grant matches is closed as `close` says. The
 * transport implements it; answers how many it closed.
 */
export interface ConnectionCutter {
  cut(workspace: string, match: (grant: Grant) => boolean, close: AccessClose): number;
  /** The caller's own session moved onto their link's replacement: its connections stay, under the new link. */
  rebind(workspace: string, sessionHash: string, tokenHash: string): void;
}
