import { accessEnded, roleChanged } from '../auth/access-close';
import type { AccessControl } from '../auth/access-control';
import type { ConnectionCutter, Grant } from '../auth/grant';
import type { LinkSealer } from '../auth/link-sealer';
import { revokedSentence } from '../auth/revoked-sentence';
import { hashToken, newMemberId, newToken } from '../auth/tokens';
import { DomainError } from '../errors';
import { nameKey } from '../../shared/text/name-key';
import type { MemberView } from '../../shared/api/people';
import { ROLES, type MemberRecord, type NewToken, type Role, type Catalogue } from '../storage/store';

/** A workspace's shared link for one role: its token, or null when it predates sealed links (rotate to show one). */
export interface RoleToken {
  role: Role;
  token: string | null;
  createdAt: string;
}

export interface Invitation {
  name: string;
  email: string | null;
  role: Role;
}

/**
 * Members, personal links and shared role links of a workspace (DESIGN §5 "People", SPEC A2,
 * A4). Whatever ends a link ends it everywhere at once: the stored row is revoked in the same
 * transaction that stores its replacement, and every live connection it let in is closed with
 * 4401 and a sentence naming whom to ask.
 */
export class PeopleService {
  constructor(
    private readonly store: Catalogue,
    private readonly sealer: LinkSealer,
    private readonly access: AccessControl,
    private readonly cutter: ConnectionCutter,
    private readonly clock: () => Date,
  ) {}

  async list(workspace: string): Promise<MemberView[]> {
    return (await this.store.listMembers(workspace)).map((member) => this.view(member));
  }

  /** Invites a person with a personal link; answers the member and the link's token, shown this once. */
  async invite(workspace: string, invitation: Invitation, actor: Grant): Promise<{ member: MemberView; token: string }> {
    const email = invitation.email?.toLowerCase() ?? null;
    const members = await this.store.listMembers(workspace);
    if (email && members.some((member) => member.email?.toLowerCase() === email)) {
      throw new DomainError('conflict', 'member_exists', `${invitation.email} is already a member of this review; revoke them first to invite them again.`);
    }
    // A second member of the same name, neither with an email (which the member list shows under
    // the name), is two rows, two "Remove Maya Lindqvist" buttons and two faces nobody can tell
    // apart (A2): most often the facilitator meant to send a lost link again, which "New link"
    // does. An email on either row tells them apart; nothing adds one to a member already in, so
    // the new invitation is where it can be given.
    const key = nameKey(invitation.name);
    const namesake = email ? undefined : members.find((member) => nameKey(member.name) === key && !member.email);
    if (namesake) {
      throw new DomainError(
        'conflict',
        'member_exists',
        `${namesake.name} is already a member of this review. To send them their link again, make a new link from the member list; to invite another person of that name, give their email.`,
      );
    }
    const id = newMemberId();
    const token = newToken();
    const added = await this.store.addMember(
      { id, workspace, name: invitation.name, email: invitation.email, role: invitation.role, invitedBy: actor.member?.id ?? null },
      { hash: hashToken(token), workspace, role: invitation.role, member: id, sealed: null },
      this.now(),
      this.access.actingLink(actor),
    );
    if (!added) throw noLongerFacilitator();
    return { member: this.view((await this.store.getMember(workspace, id))!), token };
  }

  /** Removes a member (A4): their links stop working and their open connections close at once. */
  async revoke(workspace: string, memberId: string, actor: Grant): Promise<{ member: MemberView; closedConnections: number }> {
    const member = await this.activeMember(workspace, memberId);
    if (actor.member?.id === memberId) {
      throw new DomainError('conflict', 'cannot_remove_self', 'You cannot remove yourself; ask another facilitator of the review to do it.');
    }
    // Stored with the revocation and said in the close alike: whoever the screen hears from first, it reads one sentence.
    const by = actor.member?.name ?? null;
    const revoked = await this.store.revokeMember(workspace, memberId, { at: this.now(), by }, this.access.actingLink(actor));
    if (!revoked) throw noLongerFacilitator();
    const hashes = new Set(revoked);
    const closedConnections = this.cutter.cut(
      workspace,
      (grant) => grant.member?.id === memberId || hashes.has(grant.tokenHash),
      accessEnded(revokedSentence('removed', by)),
    );
    return { member: this.view((await this.store.getMember(workspace, member.id))!), closedConnections };
  }

  /**
   * Gives a member another role (A17): their link and every session opened with it grant it at
   * once, and their open connections close with 4303 and come back in it. Answers the member as
   * the list shows them, and how many connections closed (none when the role is the same).
   */
  async changeRole(workspace: string, memberId: string, role: Role, actor: Grant): Promise<{ member: MemberView; closedConnections: number }> {
    const member = await this.activeMember(workspace, memberId);
    if (actor.member?.id === memberId) {
      throw new DomainError('conflict', 'cannot_change_own_role', 'You cannot change your own role; ask another facilitator of the review to do it.');
    }
    if (member.role === role) return { member: this.view(member), closedConnections: 0 };
    const by = actor.member?.name ?? null;
    if (!(await this.store.changeMemberRole(workspace, memberId, role, by, this.access.actingLink(actor)))) throw noLongerFacilitator();
    const closedConnections = this.cutter.cut(workspace, (grant) => grant.member?.id === memberId, roleChanged(role, by));
    return { member: this.view((await this.store.getMember(workspace, memberId))!), closedConnections };
  }

  /** A new personal link for a member (theirs was lost or leaked); the old one stops working at once. */
  async reissue(workspace: string, memberId: string, actor: Grant): Promise<{ member: MemberView; token: string; closedConnections: number }> {
    const member = await this.activeMember(workspace, memberId);
    const old = (await this.store.memberTokenHash(workspace, memberId)) ?? null;
    const { token, closedConnections } = await this.replace(workspace, old, { role: member.role, member: member.id, sealed: false }, actor);
    return { member: this.view(member), token, closedConnections };
  }

  /** A new shared link for `role` (A4): the old one, and every session opened with it, stop working at once. */
  async rotate(workspace: string, role: Role, actor: Grant): Promise<{ role: Role; token: string; closedConnections: number }> {
    const old = (await this.store.roleLinks(workspace)).find((link) => link.role === role)?.tokenHash ?? null;
    return { role, ...(await this.replace(workspace, old, { role, member: null, sealed: true }, actor)) };
  }

  /** The shared role links, to be shown again (A1); a link stored before links were sealed has no token. */
  async roleTokens(workspace: string): Promise<RoleToken[]> {
    const links = await this.store.roleLinks(workspace);
    return ROLES.flatMap((role) => {
      const link = links.find((candidate) => candidate.role === role);
      if (!link) return [];
      return [{ role, token: link.sealed ? this.sealer.open(link.sealed, link.tokenHash) : null, createdAt: link.createdAt }];
    });
  }

  private async replace(
    workspace: string,
    oldHash: string | null,
    next: { role: Role; member: string | null; sealed: boolean },
    actor: Grant,
  ): Promise<{ token: string; closedConnections: number }> {
    const token = newToken();
    const hash = hashToken(token);
    const stored: NewToken = { hash, workspace, role: next.role, member: next.member, sealed: next.sealed ? this.sealer.seal(token, hash) : null };
    // Replacing the link one came in with keeps one's own session, on the new link.
    const keepSession = oldHash && actor.tokenHash === oldHash ? actor.sessionHash : null;
    const by = actor.member?.name ?? null;
    if (!(await this.store.replaceToken(oldHash, stored, { at: this.now(), by, keepSession }, this.access.actingLink(actor)))) throw noLongerFacilitator();
    if (keepSession) this.cutter.rebind(workspace, keepSession, hash);
    const closedConnections = oldHash
      ? this.cutter.cut(workspace, (grant) => grant.tokenHash === oldHash, accessEnded(revokedSentence('replaced', by)))
      : 0;
    return { token, closedConnections };
  }

  private async activeMember(workspace: string, memberId: string): Promise<MemberRecord> {
    const member = await this.store.getMember(workspace, memberId);
    if (!member || member.revokedAt) throw new DomainError('not-found', 'not_found', 'There is no such member of this review (already removed?).');
    return member;
  }

  private view(member: MemberRecord): MemberView {
    const online = this.access.isOnline(member.id);
    return {
      id: member.id,
      name: member.name,
      email: member.email,
      role: member.role,
      invitedAt: member.invitedAt,
      joinedAt: member.joinedAt,
      lastSeenAt: online ? this.now() : member.lastSeenAt,
      online,
    };
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/**
 * The caller was a facilitator when the request was checked, but another facilitator's change
 * (a demotion, a removal, a replaced link) landed before this one was written (A20).
 */
function noLongerFacilitator(): DomainError {
  return new DomainError(
    'forbidden',
    'forbidden',
    'Another facilitator changed your access while this was being done, and your link no longer gives the facilitator role, so nothing was changed.',
  );
}
