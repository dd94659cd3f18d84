import type { Session } from './session';

/**
 * The last session this browser opened on each workspace: its role, title and member, never a
 * credential (the cookie stays HttpOnly). When a reload cannot reach the server, the workspace
 * opens with it from IndexedDB instead of a page saying the server is unreachable (SPEC U21); the
 * socket's own reconnect then checks the session as usual and ends access if it no longer stands.
 */
const key = (workspaceId: string) => `throughline:session:${workspaceId}`;

export function rememberSession(session: Session): void {
  localStorage.setItem(key(session.workspace), JSON.stringify(session));
}

export function rememberedSession(workspaceId: string): Session | null {
  try {
    const session = JSON.parse(localStorage.getItem(key(workspaceId)) ?? 'null') as Session | null;
    return session?.workspace === workspaceId ? session : null;
  } catch {
    // Unreadable (written by hand, or by an older client): as if there were none.
    return null;
  }
}

export function forgetSession(workspaceId: string): void {
  localStorage.removeItem(key(workspaceId));
}
