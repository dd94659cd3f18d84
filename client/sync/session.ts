import type { Role } from '../../shared/schema/constants';
import { endsAccess, problemOf, problemOfError, type AccessProblem } from './access-problem';
import { readApiError } from './api-error';
import { forgetSession, rememberSession, rememberedSession } from './session-memory';

/**
 * A link carries its token in the URL fragment (`/w/:id#token=...`, `/#admin=...`), which
 * browsers never send to a server. The client takes it once and removes it from the address bar,
 * so it does not end up in screenshots, history or a link pasted into chat; a workspace link's is
 * then exchanged for a session cookie.
 */
export function takeFragmentToken(name: 'token' | 'admin'): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get(name);
  if (!token) return null;
  history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return token;
}

/** A member invited by name (DESIGN §5 "People"): their name is the one the server knows. */
export interface SessionMember {
  id: string;
  name: string;
}

/** What `POST /api/session` and `GET /api/session/:workspace` answer. */
export interface Session {
  workspace: string;
  role: Role;
  title: string;
  /** Null for a guest on a shared role link, who says who they are at the name prompt, or the admin. */
  member: SessionMember | null;
}

/** Why a workspace could not be opened, in words for the person holding the link (SPEC A10). */
export class SessionError extends Error {
  constructor(readonly problem: AccessProblem) {
    super(problem.sentence);
  }
}

/**
 * How long the session is waited for before the server counts as unreached. A review opening again
 * in a new role (A17) shows the old screen, inert and "Opening again…", until the answer: a
 * connection lost meanwhile must end in the page saying so, not in that screen for ever.
 */
const SESSION_ANSWER_MS = 10_000;

/**
 * Opens a session on a workspace. A fresh link's token is exchanged for the HttpOnly cookie
 * (DESIGN §5); without one, the cookie from an earlier visit is asked what role it carries.
 * Every failure is a SessionError whose problem a person can read.
 */
export async function openSession(workspaceId: string, token: string | null): Promise<Session> {
  let response: Response;
  try {
    response = await reach(() => (token ? exchangeToken({ token }) : fetch(sessionPath(workspaceId), { credentials: 'same-origin', signal: AbortSignal.timeout(SESSION_ANSWER_MS) })));
  } catch (error) {
    // No network, or the server is down: that is being offline, not being refused (SPEC U21).
    const remembered = rememberedSession(workspaceId);
    if (remembered) return remembered;
    throw error;
  }
  if (!response.ok) {
    forgetSession(workspaceId);
    throw new SessionError(problemOfError(await readApiError(response)));
  }
  const session = (await response.json()) as Session;
  if (session.workspace !== workspaceId) {
    throw new SessionError(problemOf('other', 'This link opens a different review than the address says. Open the link exactly as you were given it.'));
  }
  const opened = { ...session, member: session.member ?? null };
  rememberSession(opened);
  return opened;
}

/**
 * Asks the server whether this browser's session on a workspace still stands: the problem when it
 * answers 401 with a reason, null when it stands or the server cannot be asked (offline).
 */
export async function checkSession(workspaceId: string): Promise<AccessProblem | null> {
  try {
    const response = await fetch(sessionPath(workspaceId), { credentials: 'same-origin', cache: 'no-store' });
    if (response.ok) return null;
    const error = await readApiError(response);
    return endsAccess(error) ? problemOfError(error) : null;
  } catch {
    return null;
  }
}

/** Logging out (SPEC A5): ends the session on the server, which closes its sockets with 4401. */
export async function signOut(workspaceId: string): Promise<void> {
  const response = await fetch(sessionPath(workspaceId), { method: 'DELETE', credentials: 'same-origin' });
  if (!response.ok) throw await readApiError(response);
}

/** Opens a workspace as its facilitator with the admin token: the same session cookie a link gives. */
export async function openAsFacilitator(adminToken: string, workspaceId: string): Promise<void> {
  const response = await exchangeToken({ token: adminToken, workspace: workspaceId });
  if (!response.ok) throw await readApiError(response);
}

const sessionPath = (workspaceId: string) => `/api/session/${encodeURIComponent(workspaceId)}`;

/** `POST /api/session`: a token exchanged for the HttpOnly session cookie. */
function exchangeToken(body: { token: string; workspace?: string }): Promise<Response> {
  return fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
}

/**
 * Statuses a proxy in front of a stopped server answers with: the server was not reached. (A 503
 * is the server's own, with a sentence saying why.)
 */
const UNREACHED = new Set([502, 504]);

/** A fetch that could not reach the server at all (offline, or the server is down). */
async function reach(request: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await request();
  } catch {
    throw new SessionError(problemOf('unreachable'));
  }
  if (UNREACHED.has(response.status)) throw new SessionError(problemOf('unreachable'));
  return response;
}
