import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createDatabase } from '../../../scripts/local-services';
import { STORAGE_VERSION } from '../../../server/storage/schema';
import { CloseCode } from '../../../shared/protocol/close-codes';
import { openDatabase } from '../support/database';
import { call, type ErrorJson, type MemberJson } from '../support/people';
import { startTestServer, tempDataDir, type TestServer } from '../support/test-server';

interface Person {
  id: string;
  token: string;
}
interface Fixture {
  adminToken: string;
  workspace: { id: string; title: string };
  members: { maya: Person; chen: Person; ana: Person; lee: Person };
  roles: Record<string, string>;
}

const fixtureDir = fileURLToPath(new URL('../../fixtures/storage9/', import.meta.url));
const fixtureOf = (file: string) => JSON.parse(readFileSync(join(fixtureDir, file), 'utf8')) as Fixture;

/** How a socket opened by a screen showing `role` is first answered: a message (it entered) or a close. */
function firstWord(wsUrl: string, workspace: string, person: Person, role: string): Promise<'message' | { code: number; reason: string }> {
  const socket = new WebSocket(`${wsUrl}/${workspace}?token=${person.token}&role=${role}`);
  return new Promise((resolve, reject) => {
    socket.once('message', () => {
      socket.close();
      resolve('message');
    });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.once('error', reject);
  });
}

/**
 * SPEC A17 on the people the release before storage version 10 stored, in each store
 * (test/fixtures/storage9/README.md): its role changes were stored without who made them.
 * `stored` answers the members' names beside who gave each their role, read from the database.
 */
function opensPeopleOfTheLastRelease(fixture: Fixture, start: () => Promise<TestServer>, stored: (server: TestServer) => Promise<unknown>) {
  const { id } = fixture.workspace;
  const { maya, chen, ana, lee } = fixture.members;
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server.close());

  it('[A17] opens with every member, role and link as they were; a change stored then says "a facilitator", one made now names who made it', async () => {
    const { url, wsUrl } = server;
    const members = await call<{ members: MemberJson[] }>(url, 'GET', `/api/workspaces/${id}/members`, { token: maya.token });
    expect(members.status).toBe(200);
    expect(Object.fromEntries(members.json.members.map((member) => [member.name, member.role]))).toEqual(fixture.roles);
    const removed = await call<ErrorJson>(url, 'GET', `/api/workspaces/${id}`, { token: lee.token });
    expect([removed.status, removed.json.error.code]).toEqual([401, 'access_removed']);

    // Chen was made an editor by Maya before the upgrade; a screen of his still showing viewer hears so.
    expect(await firstWord(wsUrl, id, chen, 'viewer')).toEqual({ code: CloseCode.roleChanged, reason: 'A facilitator made you an editor of this review.' });
    expect(await firstWord(wsUrl, id, chen, 'editor')).toBe('message');

    // Maya makes Ana a viewer now: Ana's screen that was away is told it was Maya.
    const changed = await call(url, 'PATCH', `/api/workspaces/${id}/members/${ana.id}`, { token: maya.token }, { role: 'viewer' });
    expect(changed.status).toBe(200);
    expect(await firstWord(wsUrl, id, ana, 'editor')).toEqual({ code: CloseCode.roleChanged, reason: 'Maya Lindqvist made you a viewer of this review.' });
  });

  it('[A17] keeps who made each change from the upgrade on, and opens again', async () => {
    await server.stop();
    expect(await stored(server)).toEqual([
      { name: 'Ana Diaz', roleChangedBy: 'Maya Lindqvist' },
      { name: 'Chen Wu', roleChangedBy: null },
      { name: 'Lee Park', roleChangedBy: null },
      { name: 'Maya Lindqvist', roleChangedBy: null },
    ]);
    await server.restart();
    expect(await firstWord(server.wsUrl, id, ana, 'viewer')).toBe('message');
  });
}

const PEOPLE = 'SELECT name, role_changed_by AS "roleChangedBy" FROM members ORDER BY name';

describe('people stored in SQLite by the release before role changes were signed', () => {
  const fixture = fixtureOf('expected.json');
  opensPeopleOfTheLastRelease(
    fixture,
    async () => {
      const dataDir = tempDataDir();
      copyFileSync(join(fixtureDir, 'throughline.db'), join(dataDir, 'throughline.db'));
      return startTestServer({ dataDir, adminToken: fixture.adminToken });
    },
    async (server) => {
      const db = openDatabase(server.dataDir);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(STORAGE_VERSION);
        return db.prepare(PEOPLE).all();
      } finally {
        db.close();
      }
    },
  );
});

describe('people stored in PostgreSQL by the release before role changes were signed', () => {
  const fixture = fixtureOf('expected-postgres.json');
  let databaseUrl: string;
  opensPeopleOfTheLastRelease(
    fixture,
    async () => {
      databaseUrl = await createDatabase(inject('postgresUrl'));
      // pg_dump's plain format, less psql's own commands (`\restrict`), which the server never sees.
      const dump = readFileSync(join(fixtureDir, 'throughline-postgres.sql'), 'utf8');
      const statements = dump
        .split('\n')
        .filter((line) => !line.startsWith('\\'))
        .join('\n');
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(statements);
      } finally {
        await client.end();
      }
      return startTestServer({ adminToken: fixture.adminToken, databaseUrl });
    },
    async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        expect((await client.query('SELECT version FROM throughline_storage')).rows).toEqual([{ version: 5 }]);
        return (await client.query(PEOPLE)).rows;
      } finally {
        await client.end();
      }
    },
  );
});
