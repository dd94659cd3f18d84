import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { ServerConfig } from '../../../server/config';
import type { Grant } from '../../../server/auth/grant';
import { CloseCode } from '../../../shared/protocol/close-codes';
import { dropsCopy, problemOfClose } from '../../../client/sync/access-problem';
import { createDatabase } from '../../../scripts/local-services';
import { waitFor, type Client } from '../support/clients';
import { openDatabase } from '../support/database';
import { useWorkspace } from '../support/fixture';
import { call, connectWithCookie, nextClose, sessionCookie } from '../support/people';
import { createWorkspace, startTestServer, tempDataDir, type CreatedWorkspace, type TestServer } from '../support/test-server';

/**
 * SPEC A5 and A9: a session can leave the database without its browser signing out (the idle
 * sweep, a restored database). A connection of such a session must not close with "You signed
 * out…", which makes the browser drop its copy of the review and the edits it has not sent yet;
 * only a real sign-out says that. On a real SQLite file and a real PostgreSQL database.
 */
const SIGNED_OUT = 'You signed out of this review. Open your link again to come back.';
const SESSION_ENDED = 'Your session in this review has ended. Open your link again to come back.';
const IDLE_MS = 60_000;

/** The value of a `name=value` session cookie. */
const idOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

for (const store of ['SQLite', 'PostgreSQL'] as const) {
  describe(`sessions gone from the database (${store})`, () => {
    // The server's clock, moved on by the test instead of waiting.
    let offset = 0;
    const overrides: Partial<ServerConfig> = { sessionIdleMs: IDLE_MS, clock: () => new Date(Date.now() + offset) };
    beforeAll(async () => {
      if (store === 'PostgreSQL') overrides.databaseUrl = await createDatabase(inject('postgresUrl'));
    });
    beforeEach(() => {
      offset = 0;
    });
    const room = useWorkspace(overrides);

    it(`[A5][A9][Q6] a session the idle sweep took reads "your session has ended", one signed out "You signed out" until the sweep passes the sign-out (${store})`, async () => {
      const { url } = room.server;
      const id = room.workspace.id;
      const { access } = room.server.server.services;
      // Each grant as its upgrade checked it; the join reads it again once access may have changed.
      const checked = async (cookie: string): Promise<Grant> => access.grantIn(await access.identifySession(idOf(cookie), id), id);
      const idle = await checked(await sessionCookie(url, room.workspace.tokens.editor));
      offset += IDLE_MS + 1000;
      const signingOut = await sessionCookie(url, room.workspace.tokens.editor);
      const signedOut = await checked(signingOut);
      expect(await Promise.all([access.endedSince(idle), access.endedSince(signedOut)])).toEqual([null, null]);
      expect((await call(url, 'DELETE', `/api/session/${id}`, { cookie: signingOut })).status).toBe(204);

      // The sweep takes the idle session, and keeps the sign-out an idle time yet.
      access.sessions.sweep();
      await waitFor('the sweep to take the idle session', async () => (await access.endedSince(idle)) !== null);
      expect(await access.endedSince(idle)).toEqual({ code: CloseCode.accessEnded, reason: SESSION_ENDED });
      expect(await access.endedSince(signedOut)).toEqual({ code: CloseCode.accessEnded, reason: SIGNED_OUT });

      // Once the sweep passes the sign-out too, a copy of that cookie reads as its REST call does
      // (`session_unknown`): the browser that signed out has its answer long since.
      offset += IDLE_MS + 1000;
      access.sessions.sweep();
      await waitFor('the sweep to forget the sign-out', async () => (await access.endedSince(signedOut))?.reason !== SIGNED_OUT);
      expect(await access.endedSince(signedOut)).toEqual({ code: CloseCode.accessEnded, reason: SESSION_ENDED });
      expect((await call<{ error: { code: string; message: string } }>(url, 'GET', `/api/session/${id}`, { cookie: signingOut })).json.error).toEqual({
        code: 'session_unknown',
        message: SESSION_ENDED,
      });
    });

    it(`[A5] a database the previous release left (no sign-outs kept) opens, its sessions still work, and a sign-out there is remembered (${store})`, async () => {
      const id = room.workspace.id;
      const cookie = await sessionCookie(room.server.url, room.workspace.tokens.editor);
      await room.server.stop();
      // The tables of the release before sign-outs were kept (SQLite storage version 8, PostgreSQL
      // 2): the steps are a ladder, and those since add only this table, who changed a role and (in
      // PostgreSQL) when a claimed delivery was due.
      await onDatabase(room.server.dataDir, overrides.databaseUrl, {
        SQLite: (db) => {
          db.exec('DROP TABLE signed_out_sessions; ALTER TABLE members DROP COLUMN role_changed_by');
          db.pragma('user_version = 8');
        },
        PostgreSQL: async (db) => {
          await db.query(
            'DROP TABLE signed_out_sessions; ALTER TABLE members DROP COLUMN role_changed_by; ALTER TABLE outbox DROP COLUMN due_at, DROP COLUMN claimed_next_at',
          );
          await db.query('UPDATE throughline_storage SET version = 2');
        },
      });
      await room.server.restart();

      const { url } = room.server;
      const { access } = room.server.server.services;
      expect((await call(url, 'GET', `/api/session/${id}`, { cookie })).status).toBe(200);
      const grant = await access.grantIn(await access.identifySession(idOf(cookie), id), id);
      expect((await call(url, 'DELETE', `/api/session/${id}`, { cookie })).status).toBe(204);
      expect(await access.endedSince(grant)).toEqual({ code: CloseCode.accessEnded, reason: SIGNED_OUT });
      await room.server.stop();
      const version = await onDatabase(room.server.dataDir, overrides.databaseUrl, {
        SQLite: (db) => db.pragma('user_version', { simple: true }),
        PostgreSQL: async (db) => (await db.query<{ version: number }>('SELECT version FROM throughline_storage')).rows[0]!.version,
      });
      expect(version).toBe(store === 'SQLite' ? 10 : 5);
    });
  });
}

/** Runs the way for its store on a stopped test server's database (a running one holds its SQLite file locked). */
async function onDatabase<T>(
  dataDir: string,
  databaseUrl: string | null | undefined,
  ways: { SQLite: (db: Database.Database) => T; PostgreSQL: (db: pg.Client) => Promise<T> },
): Promise<T> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await ways.PostgreSQL(client);
    } finally {
      await client.end();
    }
  }
  const db = openDatabase(dataDir);
  try {
    return ways.SQLite(db);
  } finally {
    db.close();
  }
}

/**
 * Two nodes on one PostgreSQL database and one Redis (N12): the first node's idle sweep takes a
 * session whose socket is on the second (its clock ahead, as a node's may be), and a sign-out
 * through the first node then makes the second recheck every connection of the workspace.
 */
describe('a live socket whose session another node swept (PostgreSQL, two nodes)', () => {
  let offset = 0;
  let first: TestServer;
  let second: TestServer;
  let workspace: CreatedWorkspace;
  const clients: Client[] = [];

  beforeEach(async () => {
    offset = 0;
    const dataDir = tempDataDir();
    const shared: Partial<ServerConfig> = { dataDir, databaseUrl: await createDatabase(inject('postgresUrl')), redisUrl: inject('redisUrl'), sessionIdleMs: IDLE_MS };
    first = await startTestServer({ ...shared, clock: () => new Date(Date.now() + offset) });
    second = await startTestServer(shared);
    workspace = await createWorkspace(first.url);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await second.close();
    await first.close();
  });

  const socketOnSecond = async (cookie: string) => {
    const client = connectWithCookie(second.wsUrl, workspace.id, cookie, second.url);
    clients.push(client);
    await waitFor('the socket to sync on the second node', () => client.provider.synced);
    return { client, closed: nextClose(client) };
  };

  it('[A5][A9][N12] closes the swept session’s socket with a sentence that keeps the browser’s copy, and the signed-out one’s with "You signed out"', async () => {
    const sweptCookie = await sessionCookie(first.url, workspace.tokens.editor);
    const swept = await socketOnSecond(sweptCookie);

    offset = 3 * IDLE_MS;
    first.server.services.access.sessions.sweep();
    // Asked through the second node, whose clock finds nothing idle: no use that would keep or end it.
    const askSecond = () => call<{ error: { code: string } }>(second.url, 'GET', `/api/session/${workspace.id}`, { cookie: sweptCookie });
    await waitFor('the sweep to take the session', async () => (await askSecond()).status === 401);
    expect((await askSecond()).json.error.code).toBe('session_unknown');
    offset = 0;
    // A sweep is no access news: the socket stays until something makes its node look again.
    expect(swept.client.provider.wsconnected).toBe(true);

    const signingOut = await sessionCookie(first.url, workspace.tokens.editor);
    const signedOut = await socketOnSecond(signingOut);
    expect((await call(first.url, 'DELETE', `/api/session/${workspace.id}`, { cookie: signingOut })).status).toBe(204);

    const [sweptClose, signedOutClose] = await Promise.all([swept.closed, signedOut.closed]);
    expect(sweptClose).toMatchObject({ code: 4401, reason: SESSION_ENDED });
    expect(signedOutClose).toMatchObject({ code: 4401, reason: SIGNED_OUT });
    // And the browser reads them so: an ended session keeps its copy, a sign-out drops it.
    expect([problemOfClose(sweptClose.reason).kind, dropsCopy(problemOfClose(sweptClose.reason))]).toEqual(['expired', false]);
    expect([problemOfClose(signedOutClose.reason).kind, dropsCopy(problemOfClose(signedOutClose.reason))]).toEqual(['signed-out', true]);
  });
});
