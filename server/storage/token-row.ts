import type { RevokedWhy, Role, TokenGrant } from './store';

/** A link's row as both stores read it for `findToken`: the token joined to its member, if any. */
export interface TokenRow {
  workspace: string;
  role: Role;
  memberId: string | null;
  memberName: string | null;
  revokedAt: string | null;
  revokedWhy: RevokedWhy | null;
  revokedBy: string | null;
  roleChangedBy: string | null;
}

/** What a link grants, from its row. */
export function tokenGrantOf(row: TokenRow): TokenGrant {
  return {
    workspace: row.workspace,
    role: row.role,
    member: row.memberId ? { id: row.memberId, name: row.memberName ?? '' } : null,
    revoked: row.revokedAt ? { at: row.revokedAt, why: row.revokedWhy ?? 'replaced', by: row.revokedBy } : null,
    roleChangedBy: row.roleChangedBy,
  };
}
