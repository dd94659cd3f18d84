import { ApiError } from '../errors';
import type { Role, Store } from '../storage/store';
import { hashToken } from './tokens';

export type Access = { kind: 'admin' } | { kind: 'member'; workspace: string; role: Role };

const RANK: Record<Role, number> = { viewer: 0, editor: 1, facilitator: 2 };

export const atLeast = (role: Role, minimum: Role): boolean => RANK[role] >= RANK[minimum];

/**
 * Who a credential belongs to, and what it may do in a workspace. The admin token is the
 * instance's; every other token belongs to one workspace and one role.
 */
export class AccessControl {
  private readonly adminHash: string;

  constructor(
    private readonly store: Store,
    adminToken: string,
  ) {
    this.adminHash = hashToken(adminToken);
  }

  identify(token: string | null): Access {
    if (!token) throw new ApiError(401, 'unauthenticated', 'This needs a token: send "Authorization: Bearer <token>".');
    const hash = hashToken(token);
    if (hash === this.adminHash) return { kind: 'admin' };
    const grant = this.store.findToken(hash);
    if (!grant) throw new ApiError(401, 'invalid_token', 'The token is not valid for this Throughline instance.');
    return { kind: 'member', workspace: grant.workspace, role: grant.role };
  }

  requireAdmin(access: Access): void {
    if (access.kind !== 'admin') throw new ApiError(403, 'forbidden', 'Only the instance admin can do this.');
  }

  /** The caller's role in `workspace`, or a 403/404 that says why there is none. */
  roleIn(access: Access, workspace: string, minimum: Role = 'viewer'): Role {
    let role: Role;
    if (access.kind === 'admin') {
      if (!this.store.getWorkspace(workspace)) throw new ApiError(404, 'not_found', `There is no workspace ${workspace}.`);
      role = 'facilitator';
    } else if (access.workspace !== workspace) {
      throw new ApiError(403, 'forbidden', 'This token belongs to another workspace.');
    } else {
      role = access.role;
    }
    if (!atLeast(role, minimum)) {
      throw new ApiError(403, 'forbidden', `This needs the ${minimum} role; the token has ${role}.`);
    }
    return role;
  }
}
