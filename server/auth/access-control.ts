import { DomainError } from '../errors';
import { quoted } from '../../shared/text/quoted';
import type { ActingLink, Catalogue, Role, TokenGrant } from '../storage/store';
import { writeQuietly } from '../storage/bookkeeping';
import type { AccessEpoch } from './access-epoch';
import { accessEnded, roleChanged } from './access-close';
import type { AccessClose, ConnectionCutter, Grant, MemberRef } from './grant';
import type { Sessions } from './sessions';
import { revokedSentence } from './revoked-sentence';
import { hashToken, sameHash } from './tokens';

/**
 * A caller: the instance admin (any workspace, as its facilitator), or the holder of one
 * workspace's link, a shared role link (a guest) or a member's personal link.
 */
export type Access =
  | { kind: 'admin'; tokenHash: string; sessionHash: string | null }
  | {
      kind: 'link';
      workspace: string;
      role: Role;
      member: MemberRef | null;
      roleChangedBy: string | null;
      tokenHash: string;
      sessionHash: string | null;
      /** A cookie of the previous release, which held the link token itself; converted to a session on the next GET /api/session. */
      legacyCookie?: true;
    };

const RANK: Record<Role, number> = { viewer: 0, editor: 1, facilitator: 2 };

const atLeast = (role: Role, minimum: Role): boolean => RANK[role] >= RANK[minimum];

/** Members' last-seen times are written at most this often per member, and when they leave. */
const SEEN_WRITE_INTERVAL_MS = 60_000;

/**
 * Who a credential belongs to, and what it may do in a workspace (SPEC A1–A5). The admin token
 * is the instance's; every other token is a link of one workspace and one role, shared or a
 * member's own. Every check reads the link's row afresh, so a revoked or replaced link, and every
 * session opened with it, stops working at once.
 */
export class AccessControl {
  private readonly adminHash: string;
  /** Open WebSockets per member id, for "online" and last-seen. */
  private readonly online = new Map<string, number>();
  private readonly seenWritten = new Map<string, number>();

  constructor(
    private readonly store: Catalogue,
    adminToken: string,
    readonly sessions: Sessions,
    private readonly cutter: ConnectionCutter,
    private readonly clock: () => Date,
    /** Moves whenever access may have ended somewhere (Q6): a join reads its grant again only then. */
    readonly epoch: AccessEpoch,
  ) {
    this.adminHash = hashToken(adminToken);
  }

  /** A bearer or query token. */
  async identify(token: string | null): Promise<Access> {
    if (!token) throw new DomainError('unauthenticated', 'unauthenticated', 'You are not signed in to this review. Open the link you were given for it.');
    return this.fromTokenHash(hashToken(token), null);
  }

  /**
   * A session cookie of `workspace`. A cookie that is no session may be one of the previous
   * release, which held the link token itself: it is honoured as that link (A6).
   */
  async identifySession(sessionId: string, workspace: string): Promise<Access> {
    const session = await this.sessions.find(sessionId, workspace);
    if (session) {
      const access = await this.fromTokenHash(session.tokenHash, session.hash);
      if (access.kind === 'link' && access.workspace !== workspace) throw sessionUnknown();
      return access;
    }
    const hash = hashToken(sessionId);
    if (!(await this.store.findToken(hash))) throw sessionUnknown();
    const access = await this.fromTokenHash(hash, null);
    return access.kind === 'link' ? { ...access, legacyCookie: true } : access;
  }

  /** The link a grant's changes to people are made on (A20): its token, or null for the instance admin's. */
  actingLink(grant: Grant): ActingLink {
    return sameHash(grant.tokenHash, this.adminHash) ? null : grant.tokenHash;
  }

  requireAdmin(access: Access): void {
    if (access.kind !== 'admin') throw new DomainError('forbidden', 'forbidden', 'Only the instance admin can do this.');
  }

  /** What the caller may do in `workspace`, or a DomainError (forbidden, not found) that says why it may do nothing. */
  async grantIn(access: Access, workspace: string, minimum: Role = 'viewer'): Promise<Grant> {
    let grant: Grant;
    if (access.kind === 'admin') {
      if (!(await this.store.getWorkspace(workspace))) throw new DomainError('not-found', 'not_found', `There is no workspace ${quoted(workspace)}.`);
      grant = { workspace, role: 'facilitator', member: null, roleChangedBy: null, tokenHash: access.tokenHash, sessionHash: access.sessionHash };
    } else if (access.workspace !== workspace) {
      throw new DomainError('forbidden', 'forbidden', 'This link belongs to another workspace.');
    } else {
      const { kind: _kind, legacyCookie: _legacy, ...rest } = access;
      grant = rest;
    }
    if (!atLeast(grant.role, minimum)) {
      throw new DomainError('forbidden', 'forbidden', `This needs the ${minimum} role; your link gives ${grant.role}.`);
    }
    return grant;
  }

  async roleIn(access: Access, workspace: string, minimum: Role = 'viewer'): Promise<Role> {
    return (await this.grantIn(access, workspace, minimum)).role;
  }

  /** Exchanges a checked credential for a server-side session; answers the session id, for the cookie only. */
  openSession(grant: Grant): Promise<string> {
    return this.sessions.open(grant.workspace, grant.tokenHash);
  }

  /**
   * Logout (A5): the session ends on the server and its open WebSockets close. Answers whether
   * there was a session to end.
   */
  async endSession(sessionId: string, workspace: string): Promise<boolean> {
    const hash = await this.sessions.end(sessionId);
    if (!hash) return false;
    this.cutter.cut(workspace, (grant) => grant.sessionHash === hash, accessEnded(SIGNED_OUT));
    return true;
  }

  /**
   * Why a grant checked moments ago no longer holds, as its connection closes (A4; A17 when only
   * its member's role changed), or null while it holds: a connection re-checks it as it joins its
   * room when a revocation may have landed between the upgrade's check and the socket opening
   * (Q6), and an open connection after another node changed who may be in its workspace (N12). A session moved
   * onto its link's replacement (the facilitator rotated their own link) follows it, as the
   * rebind does for the connections already open.
   */
  async endedSince(grant: Grant): Promise<AccessClose | null> {
    if (grant.sessionHash) {
      const session = await this.store.findSession(grant.sessionHash);
      // Only a sign-out says so: the browser then drops its copy of the review and its unsent
      // edits (A9), which a session that vanished otherwise must not cost.
      if (!session) return accessEnded((await this.store.wasSignedOut(grant.sessionHash)) ? SIGNED_OUT : SESSION_UNKNOWN);
      grant.tokenHash = session.tokenHash;
    }
    return this.tokenEnded(grant);
  }

  /**
   * Why the grant's link no longer gives it its role (the admin token always does), or null. Only
   * a member's link changes role (A17), and the sentence names who changed it as stored.
   */
  private async tokenEnded(grant: Grant): Promise<AccessClose | null> {
    try {
      const access = await this.fromTokenHash(grant.tokenHash, grant.sessionHash, { touch: false });
      return access.kind === 'admin' || access.role === grant.role ? null : roleChanged(access.role, access.roleChangedBy);
    } catch (error) {
      // Removed or replaced, by whom (A4): the sentence the REST error carries.
      if (error instanceof DomainError) return accessEnded(error.message);
      throw error;
    }
  }

  /** A WebSocket opened with `grant`: its session is in use and its member online until the returned function runs. */
  connectionOpened(grant: Grant): () => void {
    if (grant.sessionHash) this.sessions.attach(grant.sessionHash);
    const member = grant.member?.id;
    if (member) this.online.set(member, (this.online.get(member) ?? 0) + 1);
    return () => {
      if (grant.sessionHash) this.sessions.detach(grant.sessionHash);
      if (!member) return;
      const count = (this.online.get(member) ?? 1) - 1;
      if (count > 0) this.online.set(member, count);
      else this.online.delete(member);
      this.seen(member, true);
    };
  }

  isOnline(memberId: string): boolean {
    return this.online.has(memberId);
  }

  private async fromTokenHash(tokenHash: string, sessionHash: string | null, { touch = true } = {}): Promise<Access> {
    if (sameHash(tokenHash, this.adminHash)) return { kind: 'admin', tokenHash, sessionHash };
    const grant = await this.store.findToken(tokenHash);
    if (!grant) {
      throw new DomainError('unauthenticated', 'invalid_token', 'This link does not open anything here: it may be cut short or mistyped. Ask a facilitator of the review for it again.');
    }
    if (grant.revoked) throw revokedError(grant.revoked);
    if (grant.member && touch) this.seen(grant.member.id, false);
    return { kind: 'link', workspace: grant.workspace, role: grant.role, member: grant.member, roleChangedBy: grant.roleChangedBy, tokenHash, sessionHash };
  }

  /** Records a member's use of their link: the first is when they joined; later ones at most once a minute. */
  private seen(memberId: string, always: boolean): void {
    const now = this.clock().getTime();
    const last = this.seenWritten.get(memberId);
    if (!always && last !== undefined && now - last < SEEN_WRITE_INTERVAL_MS) return;
    this.seenWritten.set(memberId, now);
    writeQuietly('access', () => this.store.markMemberSeen(memberId, new Date(now).toISOString()));
  }
}

/**
 * What the connections of a session its browser signed out of close with (A5), on every node.
 * A REST call with that cookie reads SESSION_UNKNOWN: the tab that signed out has its own answer.
 */
const SIGNED_OUT = 'You signed out of this review. Open your link again to come back.';

/**
 * A session that left the database without its browser signing out (swept, a restored database),
 * on REST and in the close of its connections alike: it reads as expired, never as signing out.
 */
const SESSION_UNKNOWN = 'Your session in this review has ended. Open your link again to come back.';

/**
 * A cookie naming no session: signed out (that browser's cookie was cleared, so this is a copy),
 * swept after idling out, or lost with the database. Not "you signed out", which makes a browser
 * drop its copy of the review and the edits that have not reached the server yet (A9).
 */
function sessionUnknown(): DomainError {
  return new DomainError('unauthenticated', 'session_unknown', SESSION_UNKNOWN);
}

/** A link that stopped working: what happened, and whom to ask (A4). */
function revokedError(revoked: NonNullable<TokenGrant['revoked']>): DomainError {
  const code = revoked.why === 'removed' ? 'access_removed' : 'link_replaced';
  return new DomainError('unauthenticated', code, revokedSentence(revoked.why, revoked.by));
}
