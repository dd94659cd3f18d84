import type { Context } from 'hono';
import type { Role } from '../storage/store';
import type { Services } from './app-env';
import { publicOrigin, readCredential } from './credentials';

/** The caller's role in `workspace`, or the 401/403/404 that explains why it has none. */
export function requireRole(
  c: Context,
  { access, publicOrigin: configured }: Services,
  workspace: string,
  minimum: Role = 'viewer',
  { allowQuery = false } = {},
): Role {
  const credential = readCredential(c, workspace, { allowQuery, origin: publicOrigin(c, configured) });
  return access.roleIn(access.identify(credential?.token ?? null), workspace, minimum);
}

/** Passes only the instance admin's bearer token. */
export function requireAdmin(c: Context, { access, publicOrigin: configured }: Services): void {
  const credential = readCredential(c, null, { allowQuery: false, origin: publicOrigin(c, configured) });
  access.requireAdmin(access.identify(credential?.token ?? null));
}
