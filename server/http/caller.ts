import type { Context } from 'hono';
import type { AccessControl } from '../auth/access-control';
import type { Role } from '../storage/store';
import { readCredential } from './credentials';

/** The caller's role in `workspace`, or the 401/403/404 that explains why it has none. */
export function requireRole(
  c: Context,
  access: AccessControl,
  workspace: string,
  minimum: Role = 'viewer',
  { allowQuery = false } = {},
): Role {
  const credential = readCredential(c, workspace, { allowQuery });
  return access.roleIn(access.identify(credential?.token ?? null), workspace, minimum);
}

/** Passes only the instance admin's bearer token. */
export function requireAdmin(c: Context, access: AccessControl): void {
  access.requireAdmin(access.identify(readCredential(c, null, { allowQuery: false })?.token ?? null));
}
