import { describe, expect, it } from 'vitest';
import { configFromEnvironment } from '../../../server/config';
import { upgradeStatus, waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call, connectWithCookie, nextClose, sessionCookie, type ErrorJson } from '../support/people';

describe('logging out', () => {
  const room = useWorkspace();

  it('[A5] ends the session on the server: the old cookie is refused on REST and WebSocket, and its sockets close with 4401', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const cookie = await sessionCookie(url, room.workspace.tokens.editor);
    const otherTab = await sessionCookie(url, room.workspace.tokens.editor);
    const open = connectWithCookie(wsUrl, id, cookie, url);
    const other = connectWithCookie(wsUrl, id, otherTab, url);
    try {
      await waitFor('both to sync', () => open.provider.synced && other.provider.synced);
      const closed = nextClose(open);
      const logout = await call(url, 'DELETE', `/api/session/${id}`, { cookie });
      expect(logout.status).toBe(204);
      expect(logout.headers.get('set-cookie')).toMatch(new RegExp(`^tl_session_${id}=;.*Max-Age=0`));
      expect(await closed).toMatchObject({ code: 4401, reason: 'You signed out of this review. Open your link again to come back.' });

      // The cookie as it was, replayed (a copy kept somewhere): the server no longer knows it.
      const replayed = await call<ErrorJson>(url, 'GET', `/api/workspaces/${id}`, { cookie });
      expect(replayed.status).toBe(401);
      expect(replayed.json.error.code).toBe('session_unknown');
      expect(await upgradeStatus(`${wsUrl}/${id}`, { cookie, origin: url })).toBe(401);
      // Another session of the same link is another browser: untouched.
      expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie: otherTab })).status).toBe(200);
      expect(other.provider.wsconnected).toBe(true);
    } finally {
      open.destroy();
      other.destroy();
    }
  });

  it('[A5] DELETE /api/session ends every workspace session the browser sends', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const cookie = await sessionCookie(url, room.workspace.tokens.viewer);
    expect((await call(url, 'DELETE', '/api/session', { cookie })).status).toBe(204);
    expect((await call(url, 'GET', `/api/session/${id}`, { cookie })).status).toBe(401);
    // Signed out already: still 204.
    expect((await call(url, 'DELETE', '/api/session', { cookie })).status).toBe(204);
  });

  it('[A5][H15] signing out of an address no cookie can be named after is 204, and the sessions beside it still end', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const cookie = await sessionCookie(url, room.workspace.tokens.editor);
    // A space or a slash cannot be part of a cookie's name, so no session cookie was ever set for it.
    for (const path of ['/api/session/%20', '/api/session/a%2Fb', '/api/session/%C3%A9']) {
      const answer = await call(url, 'DELETE', path, { cookie });
      expect(answer.status, path).toBe(204);
      expect(answer.headers.get('set-cookie'), path).toBeNull();
    }
    expect((await call(url, 'GET', `/api/session/${id}`, { cookie })).status).toBe(200);

    // A browser may send a cookie whose name could not be set back: the real session still ends.
    const answer = await call(url, 'DELETE', '/api/session', { cookie: `tl_session_a/b=x; ${cookie}` });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('set-cookie')).toMatch(new RegExp(`^tl_session_${id}=;.*Max-Age=0`));
    expect((await call(url, 'GET', `/api/session/${id}`, { cookie })).status).toBe(401);
  });
});

describe('idle sessions', () => {
  const IDLE_MS = 60_000;
  // The server's clock, moved on by the test instead of waiting.
  let offset = 0;
  const room = useWorkspace({ sessionIdleMs: IDLE_MS, clock: () => new Date(Date.now() + offset) });
  const later = (ms: number) => (offset += ms);

  it('[A5] ends a session unused for the configured idle time; each use starts the idle time again', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const cookie = await sessionCookie(url, room.workspace.tokens.editor);
    const read = () => call<ErrorJson>(url, 'GET', `/api/workspaces/${id}`, { cookie });
    later(IDLE_MS - 1000);
    expect((await read()).status).toBe(200);
    later(IDLE_MS - 1000);
    expect((await read()).status).toBe(200);
    later(IDLE_MS + 1000);
    const expired = await read();
    expect(expired.status).toBe(401);
    expect(expired.json.error).toEqual({ code: 'session_expired', message: 'You were signed out of this review after 1 minute without using it. Open your link again to come back.' });
    expect(await upgradeStatus(`${wsUrl}/${id}`, { cookie, origin: url })).toBe(401);
    // Asked again (another tab), the session is gone: that must not read as signing out, which
    // would drop the browser's unsent edits (A9).
    expect((await read()).json.error.code).toBe('session_unknown');
    // The link itself still works: a new session.
    expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie: await sessionCookie(url, room.workspace.tokens.editor) })).status).toBe(200);
  });

  it('[A5] counts an open WebSocket as use, however long the meeting runs', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const cookie = await sessionCookie(url, room.workspace.tokens.editor);
    const client = connectWithCookie(wsUrl, id, cookie, url);
    try {
      await waitFor('the client to sync', () => client.provider.synced);
      later(3 * IDLE_MS);
      expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie })).status).toBe(200);
      client.destroy();
      await waitFor('the server to see the socket close', () => room.server.server.services.rooms.connectionCount === 0);
      later(IDLE_MS - 1000);
      expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie })).status).toBe(200);
      later(IDLE_MS + 1000);
      expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie })).status).toBe(401);
    } finally {
      client.destroy();
    }
  });

  it('[A5] reads the idle time from THROUGHLINE_SESSION_IDLE_MINUTES', () => {
    expect(configFromEnvironment({ THROUGHLINE_SESSION_IDLE_MINUTES: '45' }, '/').sessionIdleMs).toBe(45 * 60_000);
    expect(configFromEnvironment({}, '/').sessionIdleMs).toBe(7 * 24 * 60 * 60_000);
    expect(() => configFromEnvironment({ THROUGHLINE_SESSION_IDLE_MINUTES: '0' }, '/')).toThrow(/at least 1/);
  });
});
