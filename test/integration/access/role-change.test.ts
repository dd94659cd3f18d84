import { beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import WebSocket from 'ws';
import type { ServerConfig } from '../../../server/config';
import { CloseCode } from '../../../shared/protocol/close-codes';
import { createDatabase } from '../../../scripts/local-services';
import { connectSynced, waitFor, waitForSync } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { refusalCount } from '../support/metrics';
import { call, invite, memberOnTwoScreens, nextClose, sessionCookie, type ErrorJson, type MemberJson } from '../support/people';

type Changed = { member: MemberJson; closedConnections: number };

/** What a raw socket hears first: the room's first message (it entered), or its close. */
function firstWord(socket: WebSocket): Promise<'message' | { code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    socket.once('message', () => resolve('message'));
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.once('error', reject);
  });
}

describe('changing a member’s role', () => {
  const room = useWorkspace();
  const facilitator = () => ({ token: room.workspace.tokens.facilitator });

  it('[A17] closes the member’s sockets with 4303 naming who did it; they come back in the new role, which the server enforces, and back again', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const { lead, member, token, cookie, byToken, byCookie } = await memberOnTwoScreens(room.server, id, facilitator());
    const watcher = await room.connect('viewer');
    const { access } = room.server.server.services;
    const anaGrant = await access.grantIn(await access.identify(token), id);
    try {
      byToken.doc.getMap('scratch').set('as editor', 1);
      await waitFor('the watcher to have Ana’s edit as an editor', () => watcher.doc.getMap('scratch').get('as editor') === 1);

      const closes = [nextClose(byToken), nextClose(byCookie)];
      const demoted = await call<Changed>(url, 'PATCH', `/api/workspaces/${id}/members/${member.id}`, { token: lead.token }, { role: 'viewer' });
      expect(demoted.status).toBe(200);
      expect(demoted.json.member).toMatchObject({ id: member.id, name: 'Ana Diaz', role: 'viewer' });
      expect(demoted.json.closedConnections).toBe(2);
      for (const closed of await Promise.all(closes)) {
        expect(closed.code).toBe(CloseCode.roleChanged);
        expect(closed.reason).toBe('Maya Lindqvist made you a viewer of this review.');
      }

      // Another node, told only that access in this workspace changed, closes hers the same way,
      // naming Maya from what was stored (N12).
      expect(await access.endedSince(anaGrant)).toEqual({ code: CloseCode.roleChanged, reason: 'Maya Lindqvist made you a viewer of this review.' });

      // The stock provider comes back by itself, and the same link and session now grant viewer.
      await waitForSync(byToken);
      expect(byToken.provider.wsconnected).toBe(true);
      const session = await call<{ role: string }>(url, 'GET', `/api/session/${id}`, { cookie });
      expect(session.json.role).toBe('viewer');
      const members = await call<{ members: MemberJson[] }>(url, 'GET', `/api/workspaces/${id}/members`, facilitator());
      expect(members.json.members.find((listed) => listed.id === member.id)?.role).toBe('viewer');
      const refusedBefore = await refusalCount(url, 'viewer_write');
      byToken.doc.getMap('scratch').set('as viewer', 1);
      await waitFor('the server to refuse the viewer’s write', async () => (await refusalCount(url, 'viewer_write')) > refusedBefore);
      expect(watcher.doc.getMap('scratch').has('as viewer')).toBe(false);

      // Back to editor: the next socket is closed the same way, and her edits reach the others again.
      const again = nextClose(byToken);
      const promoted = await call<Changed>(url, 'PATCH', `/api/workspaces/${id}/members/${member.id}`, { token: lead.token }, { role: 'editor' });
      expect(promoted.json.member.role).toBe('editor');
      expect(await again).toMatchObject({ code: CloseCode.roleChanged, reason: 'Maya Lindqvist made you an editor of this review.' });
      await waitForSync(byToken);
      byToken.doc.getMap('scratch').set('editor again', 1);
      await waitFor('the watcher to have Ana’s edit as an editor again', () => watcher.doc.getMap('scratch').get('editor again') === 1);
      // What she typed as a viewer was never stored; her reconnect as an editor sent it along.
      expect(watcher.doc.getMap('scratch').get('as viewer')).toBe(1);
      expect(watcher.provider.wsconnected).toBe(true);
    } finally {
      byToken.destroy();
      byCookie.destroy();
    }
  });

  it('[A17] is the facilitators’ alone, never one’s own, for a member there is, to a role there is; the same role closes nothing', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const lead = await invite(url, id, facilitator(), { name: 'Maya Lindqvist', role: 'facilitator' });
    const { member, token } = await invite(url, id, facilitator(), { name: 'Ana Diaz', role: 'editor' });
    const path = `/api/workspaces/${id}/members/${member.id}`;

    const own = await call<ErrorJson>(url, 'PATCH', `/api/workspaces/${id}/members/${lead.member.id}`, { token: lead.token }, { role: 'viewer' });
    expect(own.status).toBe(409);
    expect(own.json.error.code).toBe('cannot_change_own_role');
    const byEditor = await call<ErrorJson>(url, 'PATCH', path, { token: room.workspace.tokens.editor }, { role: 'viewer' });
    expect(byEditor.status).toBe(403);
    const badRole = await call<ErrorJson>(url, 'PATCH', path, { token: lead.token }, { role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.json.error.message).toContain('role');
    const unknown = await call<ErrorJson>(url, 'PATCH', `/api/workspaces/${id}/members/nobody`, { token: lead.token }, { role: 'viewer' });
    expect(unknown.status).toBe(404);
    const members = await call<{ members: MemberJson[] }>(url, 'GET', `/api/workspaces/${id}/members`, facilitator());
    expect(members.json.members.map((listed) => [listed.name, listed.role])).toEqual([
      ['Maya Lindqvist', 'facilitator'],
      ['Ana Diaz', 'editor'],
    ]);

    const ana = await connectSynced(wsUrl, id, token);
    try {
      const same = await call<Changed>(url, 'PATCH', path, { token: lead.token }, { role: 'editor' });
      expect(same.status).toBe(200);
      expect(same.json.closedConnections).toBe(0);
      expect(ana.provider.wsconnected).toBe(true);
    } finally {
      ana.destroy();
    }
  });

  it('[A17] a screen that was away when its role changed is told as it comes back: saying the old role, by link or by session, it is closed with 4303 naming who changed it; saying the new one, it enters', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const lead = await invite(url, id, facilitator(), { name: 'Maya Lindqvist', role: 'facilitator' });
    const { member, token } = await invite(url, id, facilitator(), { name: 'Ana Diaz', role: 'editor' });
    const cookie = await sessionCookie(url, token);
    const changed = await call<Changed>(url, 'PATCH', `/api/workspaces/${id}/members/${member.id}`, { token: lead.token }, { role: 'viewer' });
    expect(changed.json.closedConnections).toBe(0);

    // The link in the query takes the server's direct upgrade; the session cookie, the Hono route.
    const byLink = (role: string) => new WebSocket(`${wsUrl}/${id}?token=${token}&role=${role}`);
    const bySession = (role: string) => new WebSocket(`${wsUrl}/${id}?role=${role}`, { headers: { cookie, origin: url } });
    for (const open of [byLink, bySession]) {
      expect(await firstWord(open('editor'))).toEqual({ code: CloseCode.roleChanged, reason: 'Maya Lindqvist made you a viewer of this review.' });
      const current = open('viewer');
      expect(await firstWord(current)).toBe('message');
      current.close();
    }
  });
});

/**
 * On PostgreSQL each check and each write is a round trip of its own, so two requests interleave
 * between them, as requests on two nodes do; on SQLite the store answers at once, and one
 * request's calls rarely leave room for another's.
 */
describe('two facilitators changing each other at the same moment, on PostgreSQL', () => {
  const overrides: Partial<ServerConfig> = {};
  beforeAll(async () => {
    overrides.databaseUrl = await createDatabase(inject('postgresUrl'));
  });
  const room = useWorkspace(overrides);
  const facilitator = () => ({ token: room.workspace.tokens.facilitator });

  it('[A20] one of them wins: the other is refused (403, or 401 once removed) and nothing they asked is written, for a demotion and a removal alike', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const kinds = [
      { first: 'demote', second: 'demote' },
      { first: 'remove', second: 'remove' },
      { first: 'demote', second: 'remove' },
      { first: 'remove', second: 'demote' },
    ] as const;
    // Each pair three times: how the two interleave is up to the scheduler.
    const rounds = [...kinds, ...kinds, ...kinds];
    for (const [round, { first, second }] of rounds.entries()) {
      const maya = await invite(url, id, facilitator(), { name: `Maya ${round}`, role: 'facilitator' });
      const omar = await invite(url, id, facilitator(), { name: `Omar ${round}`, role: 'facilitator' });
      const act = (kind: 'demote' | 'remove', by: typeof maya, target: typeof maya) =>
        kind === 'demote'
          ? call<Changed | ErrorJson>(url, 'PATCH', `/api/workspaces/${id}/members/${target.member.id}`, { token: by.token }, { role: 'editor' })
          : call<Changed | ErrorJson>(url, 'DELETE', `/api/workspaces/${id}/members/${target.member.id}`, { token: by.token });
      // Both requests are on the wire before either is answered.
      const answers = await Promise.all([act(first, maya, omar), act(second, omar, maya)]);
      const won = answers.filter((answer) => answer.status === 200);
      expect(won, `round ${round}: ${first} and ${second}: ${JSON.stringify(answers.map((answer) => answer.status))}`).toHaveLength(1);
      const winner = answers[0]!.status === 200 ? maya : omar;
      const loser = winner === maya ? omar : maya;
      const winnerDid = winner === maya ? first : second;
      // The loser is refused by whichever check sees the winner's change first: the request's own
      // (before its write) or the write's. Demoted, that is 403; removed, their link answers 401 as
      // any removed link does (A4), or 403 if the removal landed between the two checks.
      const lost = answers.find((answer) => answer.status !== 200)!;
      const error = (lost.json as ErrorJson).error;
      if (winnerDid === 'demote' || lost.status === 403) {
        expect([lost.status, error.code]).toEqual([403, 'forbidden']);
        expect(error.message).toContain('facilitator role');
      } else {
        expect([lost.status, error.code]).toEqual([401, 'access_removed']);
      }
      // The winner is still a facilitator; the loser is what the winner made them.
      const members = (await call<{ members: MemberJson[] }>(url, 'GET', `/api/workspaces/${id}/members`, facilitator())).json.members;
      expect(members.find((listed) => listed.id === winner.member.id)?.role).toBe('facilitator');
      const loserNow = members.find((listed) => listed.id === loser.member.id);
      if (winnerDid === 'demote') expect(loserNow?.role).toBe('editor');
      else expect(loserNow).toBeUndefined();
    }
  });

  it('[A20] both past their request’s role check and waiting on the write, the second to write is refused by the write’s own check, and writes nothing', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const maya = await invite(url, id, facilitator(), { name: 'Maya Lindqvist', role: 'facilitator' });
    const omar = await invite(url, id, facilitator(), { name: 'Omar Haddad', role: 'facilitator' });
    // The workspace's people lock (postgres-store's PEOPLE_LOCK), held here so both requests pass
    // their own check and queue on it; released, they write one after the other.
    const holder = new pg.Client({ connectionString: overrides.databaseUrl ?? undefined });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x70706c, id]);
      const answers = Promise.all([
        call<Changed | ErrorJson>(url, 'PATCH', `/api/workspaces/${id}/members/${omar.member.id}`, { token: maya.token }, { role: 'viewer' }),
        call<Changed | ErrorJson>(url, 'PATCH', `/api/workspaces/${id}/members/${maya.member.id}`, { token: omar.token }, { role: 'viewer' }),
      ]);
      const waiting = async () =>
        Number((await holder.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0]!.n);
      await waitFor('both requests to wait on the lock', async () => (await waiting()) === 2);
      await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [0x70706c, id]);
      const [byMaya, byOmar] = await answers;
      const statuses = [byMaya.status, byOmar.status].sort();
      expect(statuses).toEqual([200, 403]);
      const refused = (byMaya.status === 403 ? byMaya : byOmar).json as ErrorJson;
      expect(refused.error).toEqual({
        code: 'forbidden',
        message: 'Another facilitator changed your access while this was being done, and your link no longer gives the facilitator role, so nothing was changed.',
      });
      const members = (await call<{ members: MemberJson[] }>(url, 'GET', `/api/workspaces/${id}/members`, facilitator())).json.members;
      const roles = Object.fromEntries(members.map((member) => [member.name, member.role]));
      expect([roles['Maya Lindqvist'], roles['Omar Haddad']].sort()).toEqual(['facilitator', 'viewer']);
    } finally {
      await holder.end();
    }
  });

  it('[A20] a change that cannot have its turn within 5 s is refused with 503 saying why, writes nothing, and the next change once it is free goes through', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const chen = await invite(url, id, facilitator(), { name: 'Chen Wu', role: 'editor' });
    const roleOf = async () =>
      (await call<{ members: MemberJson[] }>(url, 'GET', `/api/workspaces/${id}/members`, facilitator())).json.members.find((member) => member.id === chen.member.id)?.role;
    const holder = new pg.Client({ connectionString: overrides.databaseUrl ?? undefined });
    await holder.connect();
    try {
      // Held here for longer than a change waits (postgres-store's PEOPLE_LOCK_WAIT_MS).
      await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x70706c, id]);
      const demoted = await call<ErrorJson>(url, 'PATCH', `/api/workspaces/${id}/members/${chen.member.id}`, facilitator(), { role: 'viewer' });
      expect([demoted.status, demoted.json.error]).toEqual([
        503,
        {
          code: 'storage_unavailable',
          message: 'Another change to the people of this workspace is still being made, and this one could not wait longer for its turn; nothing was changed.',
        },
      ]);
      expect(await roleOf()).toBe('editor');
      await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [0x70706c, id]);
    } finally {
      await holder.end();
    }
    const again = await call<Changed>(url, 'PATCH', `/api/workspaces/${id}/members/${chen.member.id}`, facilitator(), { role: 'viewer' });
    expect(again.status).toBe(200);
    expect(await roleOf()).toBe('viewer');
  }, 20_000);
});
