import { describe, expect, it } from 'vitest';
import { connectSynced, upgradeStatus, waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call, invite, sessionCookie, tokenOf, type ErrorJson, type MemberJson } from '../support/people';
import { ADMIN_TOKEN } from '../support/test-server';

describe('members and personal links', () => {
  const room = useWorkspace();
  const as = (role: 'facilitator' | 'editor' | 'viewer') => ({ token: room.workspace.tokens[role] });
  const members = async (caller = as('facilitator')) =>
    (await call<{ members: MemberJson[] }>(room.server.url, 'GET', `/api/workspaces/${room.workspace.id}/members`, caller)).json.members;

  it('[A2] a facilitator invites a person by name with a role and gets their personal link, shown once', async () => {
    const { url } = room.server;
    const { member, token, link } = await invite(url, room.workspace.id, as('facilitator'), { name: ' Ana Diaz ', email: 'ana@example.com', role: 'editor' });
    expect(member).toMatchObject({ name: 'Ana Diaz', email: 'ana@example.com', role: 'editor', joinedAt: null, lastSeenAt: null, online: false });
    expect(member.id).toMatch(/^m_[\w-]+$/);
    expect(link).toBe(`${url}/w/${room.workspace.id}#token=${token}`);
    expect(new Set([token, ...Object.values(room.workspace.tokens)]).size).toBe(4);

    expect(await members()).toEqual([member]);
    // The listing never shows a personal link again.
    expect(JSON.stringify(await members())).not.toContain(token);
  });

  it('[A2] a member joins with the personal link, by session and by WebSocket, and is listed as joined, seen and online', async () => {
    const { url, wsUrl } = room.server;
    const { member, token } = await invite(url, room.workspace.id, as('facilitator'), { name: 'Ben Okafor', role: 'viewer' });
    const exchange = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { origin: url, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(exchange.status).toBe(200);
    expect(await exchange.json()).toEqual({ workspace: room.workspace.id, role: 'viewer', title: 'Test review', member: { id: member.id, name: 'Ben Okafor' } });
    const cookie = exchange.headers.get('set-cookie')!.split(';')[0]!;
    // The cookie holds a session id, not the link's token.
    expect(cookie).not.toContain(token);
    const me = await call(url, 'GET', `/api/session/${room.workspace.id}`, { cookie });
    expect(me.json).toMatchObject({ role: 'viewer', member: { id: member.id, name: 'Ben Okafor' } });
    expect(await upgradeStatus(`${wsUrl}/${room.workspace.id}`, { cookie, origin: url })).toBe(101);

    const listed = (await members()).find((candidate) => candidate.id === member.id)!;
    expect(listed.joinedAt).not.toBeNull();
    expect(listed.lastSeenAt).not.toBeNull();

    const ben = await connectSynced(wsUrl, room.workspace.id, token);
    try {
      await waitFor('Ben to be online', async () => (await members()).find((candidate) => candidate.id === member.id)!.online);
      ben.destroy();
      await waitFor('Ben to be offline', async () => !(await members()).find((candidate) => candidate.id === member.id)!.online);
    } finally {
      ben.destroy();
    }
    expect((await members()).find((candidate) => candidate.id === member.id)!.joinedAt).toBe(listed.joinedAt);
  });

  it('[A2] keeps people to the facilitators and the admin, and says what is wrong with an invitation', async () => {
    const { url } = room.server;
    const path = `/api/workspaces/${room.workspace.id}`;
    expect((await call(url, 'GET', `${path}/members`, as('editor'))).status).toBe(403);
    expect((await call(url, 'POST', `${path}/invites`, as('editor'), { name: 'X', role: 'viewer' })).status).toBe(403);
    expect((await call(url, 'POST', `${path}/links/viewer/rotate`, as('editor'))).status).toBe(403);
    expect((await call(url, 'GET', `${path}/members`, null)).status).toBe(401);
    expect((await call(url, 'GET', `${path}/members`, { token: ADMIN_TOKEN })).status).toBe(200);

    const bad = await call<ErrorJson>(url, 'POST', `${path}/invites`, as('facilitator'), { name: '', email: 'nope', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_body');
    expect(bad.json.error.message).toMatch(/name: a member needs a name/);
    expect(bad.json.error.message).toMatch(/email: not an email address/);
    expect(bad.json.error.message).toMatch(/role:/);

    await invite(url, room.workspace.id, as('facilitator'), { name: 'Cleo', email: 'cleo@example.com', role: 'viewer' });
    const twice = await call<ErrorJson>(url, 'POST', `${path}/invites`, as('facilitator'), { name: 'Cleo', email: 'Cleo@Example.com', role: 'editor' });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('member_exists');
    expect((await call(url, 'POST', `${path}/links/owner/rotate`, as('facilitator'))).status).toBe(400);
    expect((await call(url, 'DELETE', `${path}/members/m_nobody`, as('facilitator'))).status).toBe(404);
  });

  it('[A2] refuses a second member of a name already in with nothing to tell them apart, saying how to send a link again', async () => {
    const { url } = room.server;
    const path = `/api/workspaces/${room.workspace.id}/invites`;
    const first = await invite(url, room.workspace.id, as('facilitator'), { name: 'Omar Haddad', role: 'editor' });
    const before = await members();
    // The same name typed again, in other case and spacing, neither with an email.
    for (const again of [{ name: 'Omar Haddad' }, { name: '  omar   haddad ' }]) {
      const twice = await call<ErrorJson>(url, 'POST', path, as('facilitator'), { ...again, role: 'viewer' });
      expect(twice.status).toBe(409);
      expect(twice.json.error).toEqual({
        code: 'member_exists',
        message:
          'Omar Haddad is already a member of this review. To send them their link again, make a new link from the member list; to invite another person of that name, give their email.',
      });
    }
    expect(await members()).toEqual(before);
    // An email on either of the two tells them apart (the member list shows it under the name):
    // the new one's, the member's already in, or both.
    const withEmail = await call(url, 'POST', path, as('facilitator'), { name: 'Omar Haddad', email: 'omar.h@example.com', role: 'viewer' });
    expect(withEmail.status).toBe(201);
    await invite(url, room.workspace.id, as('facilitator'), { name: 'Lee Park', email: 'lee.park@example.com', role: 'editor' });
    expect((await call(url, 'POST', path, as('facilitator'), { name: 'Lee Park', role: 'viewer' })).status).toBe(201);
    await invite(url, room.workspace.id, as('facilitator'), { name: 'Lee Park', email: 'lee.p@example.org', role: 'viewer' });
    expect((await members()).filter((member) => member.name === 'Lee Park')).toHaveLength(3);
    // Two without an email are two too many: Lee Park without one is in now.
    expect((await call<ErrorJson>(url, 'POST', path, as('facilitator'), { name: 'Lee Park', role: 'viewer' })).status).toBe(409);
    // Once removed, the name is free again.
    expect((await call(url, 'DELETE', `/api/workspaces/${room.workspace.id}/members/${first.member.id}`, as('facilitator'))).status).toBe(200);
    expect((await call(url, 'POST', path, as('facilitator'), { name: 'Omar Haddad', role: 'viewer' })).status).toBe(201);
  });

  it('[U87] counts a name in the characters a person sees: 100 skin-toned hands are a name, 101 are refused in words', async () => {
    const { url } = room.server;
    const hands = (count: number) => '👍🏽'.repeat(count);
    const { member } = await invite(url, room.workspace.id, as('facilitator'), { name: hands(100), role: 'viewer' });
    expect(member.name).toBe(hands(100));
    const long = await call<ErrorJson>(url, 'POST', `/api/workspaces/${room.workspace.id}/invites`, as('facilitator'), { name: hands(101), role: 'viewer' });
    expect(long.status).toBe(400);
    expect(long.json.error.message).toBe('name: the name may have at most 100 characters; this one has 101');
  });

  it('[A2] a member who lost their link gets a new one; the old one stops working', async () => {
    const { url } = room.server;
    const { member, token } = await invite(url, room.workspace.id, as('facilitator'), { name: 'Dan', role: 'editor' });
    const reissued = await call<{ token: string; link: string; member: MemberJson }>(
      url,
      'POST',
      `/api/workspaces/${room.workspace.id}/members/${member.id}/link`,
      as('facilitator'),
    );
    expect(reissued.status).toBe(200);
    expect(tokenOf(reissued.json.link)).toBe(reissued.json.token);
    const old = await call<ErrorJson>(url, 'GET', `/api/workspaces/${room.workspace.id}`, { token });
    expect(old.status).toBe(401);
    expect(old.json.error.code).toBe('link_replaced');
    await sessionCookie(url, reissued.json.token);
    expect((await members()).map((candidate) => candidate.id)).toContain(member.id);
  });
});
