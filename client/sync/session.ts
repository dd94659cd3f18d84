import type { Role } from '../../shared/schema/constants';

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

export interface Session {
  workspace: string;
  role: Role;
  title: string;
}

/** Why a workspace could not be opened, in words for the person holding the link. */
export class SessionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opens a session on a workspace. A fresh link's token is exchanged for the HttpOnly cookie
 * (DESIGN §5); without one, the cookie from an earlier visit is asked what role it carries.
 */
export async function openSession(workspaceId: string, token: string | null): Promise<Session> {
  const response = token
    ? await exchangeToken({ token })
    : await fetch(`/api/session/${encodeURIComponent(workspaceId)}`, { credentials: 'same-origin' });
  if (!response.ok) throw new SessionError(response.status, await errorMessage(response));
  const session = (await response.json()) as Session;
  if (session.workspace !== workspaceId) {
    throw new SessionError(400, 'This link opens a different workspace than the address says.');
  }
  return session;
}

/** Opens a workspace as its facilitator with the admin token: the same session cookie a link gives. */
export async function openAsFacilitator(adminToken: string, workspaceId: string): Promise<void> {
  const response = await exchangeToken({ token: adminToken, workspace: workspaceId });
  if (!response.ok) throw new SessionError(response.status, await errorMessage(response));
}

/** `POST /api/session`: a token exchanged for the HttpOnly session cookie. */
function exchangeToken(body: { token: string; workspace?: string }): Promise<Response> {
  return fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON (a proxy's error page, say): the status line below says enough.
  }
  if (response.status === 401 || response.status === 403) {
    return 'You have no access to this workspace yet. Open the link the facilitator shared with you.';
  }
  return `The server answered ${response.status} ${response.statusText}.`;
}
