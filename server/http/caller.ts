import type { Context } from 'hono';
import type { Access } from '../auth/access-control';
import type { Grant } from '../auth/grant';
import type { Role } from '../storage/store';
import type { Services } from './app-env';
import { publicOrigin, readCredential } from './credentials';

/**
 * Who the caller is, for a workspace's route: a bearer (or, for WebSocket upgrades, query) token,
 * or that workspace's session cookie, checked afresh against storage on every request (SPEC A5).
 */
export function callerAccess(c: Context, services: Services, workspace: string | null, { allowQuery = false } = {}): Promise<Access> {
  const { access, publicOrigin: configured } = services;
  const credential = readCredential(c, workspace, { allowQuery, origin: publicOrigin(c, configured) });
  if (credential?.via === 'cookie' && workspace) return access.identifySession(credential.token, workspace);
  return access.identify(credential?.token ?? null);
}

/** What the caller may do in `workspace`, or the 401/403/404 that explains why it may do nothing. */
export async function requireGrant(c: Context, services: Services, workspace: string, minimum: Role = 'viewer', options: { allowQuery?: boolean } = {}): Promise<Grant> {
  return services.access.grantIn(await callerAccess(c, services, workspace, options), workspace, minimum);
}

/** The caller's role in `workspace`, or the 401/403/404 that explains why it has none. */
export async function requireRole(c: Context, services: Services, workspace: string, minimum: Role = 'viewer', options: { allowQuery?: boolean } = {}): Promise<Role> {
  return (await requireGrant(c, services, workspace, minimum, options)).role;
}

/** Passes only the instance admin's bearer token. */
export async function requireAdmin(c: Context, services: Services): Promise<void> {
  services.access.requireAdmin(await callerAccess(c, services, null));
}
