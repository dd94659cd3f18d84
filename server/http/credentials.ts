import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../errors';

export type CredentialSource = 'bearer' | 'query' | 'cookie';

export interface Credential {
  token: string;
  via: CredentialSource;
}

export const SESSION_COOKIE_PREFIX = 'tl_session_';

/** One session cookie per workspace, so a person can be in two reviews with different roles. */
export const sessionCookieName = (workspace: string): string => `${SESSION_COOKIE_PREFIX}${workspace}`;

/** RFC 6265's token: the characters a cookie's name may hold, and so the only names one was ever set under. */
const COOKIE_NAME = /^[\w!#$%&'*.^`|~+-]+$/;

/**
 * Whether a session cookie can be named after this workspace (an address typed by hand, or a
 * cookie a browser sent under a name it could never have been set with, cannot): nothing to clear.
 */
export const canHoldSessionCookie = (workspace: string): boolean => COOKIE_NAME.test(sessionCookieName(workspace));

/**
 * The caller's credential: a token in `Authorization: Bearer` (a malformed one is none); for
 * WebSocket upgrades (which cannot carry headers from a browser) the `token` query parameter;
 * or, for a workspace's routes, the session id in the cookie the browser got from
 * `POST /api/session`.
 */
export function readCredential(
  c: Context,
  workspace: string | null,
  { allowQuery, origin }: { allowQuery: boolean; origin: string },
): Credential | null {
  // Only the Bearer scheme is ours. Another (Basic, added to every request by a proxy that asks
  // for a password in front of the server) is the proxy's, and the session cookie still counts.
  const [scheme, ...parameters] = c.req.header('authorization')?.trim().split(/\s+/) ?? [];
  if (scheme?.toLowerCase() === 'bearer') return parameters.length === 1 ? { token: parameters[0]!, via: 'bearer' } : null;
  const query = allowQuery ? c.req.query('token') : undefined;
  if (query) return { token: query, via: 'query' };
  const cookie = workspace ? getCookie(c, sessionCookieName(workspace)) : undefined;
  if (cookie) {
    assertSameOrigin(c, origin);
    return { token: cookie, via: 'cookie' };
  }
  return null;
}

/** Where people reach us: the configured public URL, else what the request itself says. */
export function publicOrigin(c: Context, configured: string | null): string {
  return configured ?? new URL(c.req.url).origin;
}

/**
 * A cookie is sent whoever made the page, so cookie-authenticated requests must come from our
 * own pages (DESIGN §5): the Origin header when the browser sends one, else Fetch Metadata.
 */
export function assertSameOrigin(c: Context, expected: string): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const sameOrigin = origin ? origin === expected : site === 'same-origin';
  if (!sameOrigin) {
    throw new ApiError(403, 'cross_origin', 'Session cookies are only accepted from Throughline’s own pages.');
  }
}
