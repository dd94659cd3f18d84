import { describe, expect, it } from 'vitest';
import { connectSynced, upgradeStatus, waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { CloseCode } from '../../../shared/protocol/close-codes';
import { call, connectWithCookie, invite, memberOnTwoScreens, nextClose, sessionCookie, type ErrorJson, type MemberJson } from '../support/people';
import { ADMIN_TOKEN } from '../support/test-server';

/** A close within a second of the request that ended access, measured from just before it was sent. */
const WITHIN_MS = 1000;

describe('revoking a member', () => {
  const room = useWorkspace();
  const facilitator = () => ({ token: room.workspace.tokens.facilitator });

  it('[A4] closes the member’s open WebSockets with 4401 within a second, answers 401 on REST with the same sentence, and keeps what they committed', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    // The facilitator who removes Ana is a member too: Ana is told whom to ask by name.
    const { lead, member, token, cookie, byToken, byCookie } = await memberOnTwoScreens(room.server, id, facilitator());
    const watcher = await room.connect('viewer');
    try {
      // An edit of Ana's, committed: another client has it, and nothing is relayed before it is stored (S1).
      byToken.doc.getMap('scratch').set('ana', 'kept');
      await waitFor('the watcher to have Ana’s edit', () => watcher.doc.getMap('scratch').get('ana') === 'kept');

      const closes = [nextClose(byToken), nextClose(byCookie)];
      const sent = performance.now();
      const revoked = await call<{ member: MemberJson; closedConnections: number }>(url, 'DELETE', `/api/workspaces/${id}/members/${member.id}`, {
        token: lead.token,
      });
      expect(revoked.status).toBe(200);
      expect(revoked.json.closedConnections).toBe(2);
      const removed = 'Your access to this review was removed. Ask Maya Lindqvist or another facilitator if you need it back.';
      for (const closed of await Promise.all(closes)) {
        expect(closed.code).toBe(4401);
        expect(closed.reason).toBe(removed);
        expect(closed.at - sent).toBeLessThan(WITHIN_MS);
      }

      // A screen that learns it from its next request rather than the close reads the same sentence.
      const rest = await call<ErrorJson>(url, 'GET', `/api/workspaces/${id}`, { token });
      expect(rest.status).toBe(401);
      expect(rest.json.error).toMatchObject({ code: 'access_removed', message: removed });
      // And so does the browser's, which asks with its session cookie.
      const byBrowser = await call<ErrorJson>(url, 'GET', `/api/session/${id}`, { cookie });
      expect(byBrowser.status).toBe(401);
      expect(byBrowser.json.error).toMatchObject({ code: 'access_removed', message: removed });
      expect(await upgradeStatus(`${wsUrl}/${id}?token=${token}`)).toBe(401);
      expect(await upgradeStatus(`${wsUrl}/${id}`, { cookie, origin: url })).toBe(401);
      // The stock provider does not reconnect after a 44xx close.
      expect(byToken.provider.shouldConnect).toBe(false);

      const members = await call<{ members: MemberJson[] }>(url, 'GET', `/api/workspaces/${id}/members`, facilitator());
      expect(members.json.members.map((listed) => listed.name)).toEqual(['Maya Lindqvist']);
      const read = await call<{ scratch?: unknown }>(url, 'GET', `/api/workspaces/${id}`, facilitator());
      expect(read.status).toBe(200);
      expect(watcher.doc.getMap('scratch').get('ana')).toBe('kept');
      expect(watcher.provider.wsconnected).toBe(true);
    } finally {
      byToken.destroy();
      byCookie.destroy();
    }
    // The edit is in storage: a fresh client syncing from the server has it.
    const fresh = await room.connect('viewer');
    expect(fresh.doc.getMap('scratch').get('ana')).toBe('kept');
  });

  it('[A4][Q6] a connection whose access ends as it joins is told what ended it, as one already in is', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const { access } = room.server.server.services;
    const lead = await invite(url, id, facilitator(), { name: 'Maya Lindqvist', role: 'facilitator' });
    const [ana, ben, chen] = await Promise.all(
      ['Ana Diaz', 'Ben Okafor', 'Chen Wu'].map((name) => invite(url, id, facilitator(), { name, role: 'editor' })),
    );
    const chenCookie = await sessionCookie(url, chen!.token);
    // Each grant as its upgrade checked it, just before what ends it lands; the join reads it again.
    const grants = [
      await access.grantIn(await access.identify(ana!.token), id),
      await access.grantIn(await access.identify(ben!.token), id),
      await access.grantIn(await access.identifySession(chenCookie.split('=')[1]!, id), id),
    ];
    expect(await Promise.all(grants.map((grant) => access.endedSince(grant)))).toEqual([null, null, null]);

    expect((await call(url, 'DELETE', `/api/workspaces/${id}/members/${ana!.member.id}`, { token: lead.token })).status).toBe(200);
    expect((await call(url, 'POST', `/api/workspaces/${id}/members/${ben!.member.id}/link`, { token: lead.token })).status).toBe(200);
    expect((await call(url, 'DELETE', `/api/session/${id}`, { cookie: chenCookie })).status).toBeLessThan(300);
    expect(await Promise.all(grants.map((grant) => access.endedSince(grant)))).toEqual(
      [
        'Your access to this review was removed. Ask Maya Lindqvist or another facilitator if you need it back.',
        'This link was replaced by a new one. Ask Maya Lindqvist or another facilitator for the new link.',
        'You signed out of this review. Open your link again to come back.',
      ].map((reason) => ({ code: CloseCode.accessEnded, reason })),
    );

    // Maya replaces her own link from this browser: its session moves to the new link, and a tab
    // of hers joining meanwhile goes in with it.
    const mayaCookie = await sessionCookie(url, lead.token);
    const mayaTab = await access.grantIn(await access.identifySession(mayaCookie.split('=')[1]!, id), id);
    expect((await call(url, 'POST', `/api/workspaces/${id}/members/${lead.member.id}/link`, { cookie: mayaCookie })).status).toBe(200);
    const before = mayaTab.tokenHash;
    expect(await access.endedSince(mayaTab)).toBeNull();
    expect(mayaTab.tokenHash).not.toBe(before);
  });

  it('[A4] refuses removing oneself, and a removed member’s other tabs cannot come back', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const lead = await invite(url, id, facilitator(), { name: 'Lead', role: 'facilitator' });
    const self = await call<ErrorJson>(url, 'DELETE', `/api/workspaces/${id}/members/${lead.member.id}`, { token: lead.token });
    expect(self.status).toBe(409);
    expect(self.json.error.code).toBe('cannot_remove_self');
    const removed = await call(url, 'DELETE', `/api/workspaces/${id}/members/${lead.member.id}`, { token: ADMIN_TOKEN });
    expect(removed.status).toBe(200);
    expect((await call(url, 'DELETE', `/api/workspaces/${id}/members/${lead.member.id}`, { token: ADMIN_TOKEN })).status).toBe(404);
    expect((await call(url, 'POST', '/api/session', null, { token: lead.token })).status).toBe(403);
  });
});

describe('rotating a shared role link', () => {
  const room = useWorkspace();

  it('[A4] refuses the old link at once, closes the sockets it let in with 4401, and the new link works', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const old = room.workspace.tokens.editor;
    const cookie = await sessionCookie(url, old);
    const guests: Client[] = [await connectSynced(wsUrl, id, old), connectWithCookie(wsUrl, id, cookie, url)];
    const viewer = await room.connect('viewer');
    try {
      await waitFor('the cookie guest to sync', () => guests[1]!.provider.synced);
      guests[0]!.doc.getMap('scratch').set('guest', 'kept');
      await waitFor('the viewer to have the guest’s edit', () => viewer.doc.getMap('scratch').get('guest') === 'kept');

      const closes = guests.map(nextClose);
      const sent = performance.now();
      const rotated = await call<{ role: string; token: string; link: string; closedConnections: number }>(
        url,
        'POST',
        `/api/workspaces/${id}/links/editor/rotate`,
        { token: room.workspace.tokens.facilitator },
      );
      expect(rotated.status).toBe(200);
      expect(rotated.json).toMatchObject({ role: 'editor', closedConnections: 2, link: `${url}/w/${id}#token=${rotated.json.token}` });
      const replaced = 'This link was replaced by a new one. Ask a facilitator of the review for the new link.';
      for (const closed of await Promise.all(closes)) {
        expect(closed.code).toBe(4401);
        expect(closed.reason).toBe(replaced);
        expect(closed.at - sent).toBeLessThan(WITHIN_MS);
      }

      const refused = await call<ErrorJson>(url, 'GET', `/api/workspaces/${id}`, { token: old });
      expect(refused.status).toBe(401);
      expect(refused.json.error).toMatchObject({ code: 'link_replaced', message: replaced });
      expect((await call(url, 'GET', `/api/workspaces/${id}`, { cookie })).status).toBe(401);
      expect(await upgradeStatus(`${wsUrl}/${id}?token=${old}`)).toBe(401);
      expect(await upgradeStatus(`${wsUrl}/${id}`, { cookie, origin: url })).toBe(401);
      expect((await call(url, 'POST', '/api/session', null, { token: old })).status).toBe(403);

      const fresh = await room.connect('viewer');
      expect(fresh.doc.getMap('scratch').get('guest')).toBe('kept');
      expect(viewer.provider.wsconnected).toBe(true);
      const renewed = await connectSynced(wsUrl, id, rotated.json.token);
      expect(renewed.doc.getMap('scratch').get('guest')).toBe('kept');
      renewed.destroy();
      expect((await call(url, 'GET', `/api/workspaces/${id}`, { token: rotated.json.token })).status).toBe(200);

      // The share dialog and the admin page show the new link, and the others as they were.
      const links = await call<{ links: { role: string; link: string | null }[] }>(url, 'GET', `/api/workspaces/${id}/links`, {
        token: room.workspace.tokens.facilitator,
      });
      expect(links.json.links).toEqual([
        { role: 'facilitator', link: room.workspace.links.facilitator, createdAt: expect.any(String) },
        { role: 'editor', link: rotated.json.link, createdAt: expect.any(String) },
        { role: 'viewer', link: room.workspace.links.viewer, createdAt: expect.any(String) },
      ]);
      const listed = await call<{ workspaces: { id: string; links: { role: string; link: string | null }[] }[] }>(url, 'GET', '/api/workspaces', {
        token: ADMIN_TOKEN,
      });
      expect(listed.json.workspaces.find((workspace) => workspace.id === id)!.links).toEqual(links.json.links);
    } finally {
      for (const guest of guests) guest.destroy();
    }
  });

  it('[Q6] removing a member, replacing a link and signing out each move the access epoch; reading a workspace does not', async () => {
    const { url } = room.server;
    const id = room.workspace.id;
    const { epoch } = room.server.server.services.access;
    const moves = async (change: () => Promise<{ status: number }>) => {
      const before = epoch.current;
      expect((await change()).status).toBeLessThan(300);
      return epoch.current !== before;
    };
    const { member, token } = await invite(url, id, { token: room.workspace.tokens.facilitator }, { name: 'Ana Diaz', role: 'editor' });
    const cookie = await sessionCookie(url, token);
    expect(await moves(() => call(url, 'GET', `/api/workspaces/${id}`, { cookie }))).toBe(false);
    expect(await moves(() => call(url, 'DELETE', `/api/session/${id}`, { cookie }))).toBe(true);
    expect(await moves(() => call(url, 'DELETE', `/api/workspaces/${id}/members/${member.id}`, { token: ADMIN_TOKEN }))).toBe(true);
    expect(await moves(() => call(url, 'POST', `/api/workspaces/${id}/links/viewer/rotate`, { token: room.workspace.tokens.facilitator }))).toBe(true);
  });

  it('[A4] a facilitator who rotates the link they came in with keeps their session and connection', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const cookie = await sessionCookie(url, room.workspace.tokens.facilitator);
    const other = await sessionCookie(url, room.workspace.tokens.facilitator);
    const mine = connectWithCookie(wsUrl, id, cookie, url);
    const theirs = connectWithCookie(wsUrl, id, other, url);
    try {
      await waitFor('both to sync', () => mine.provider.synced && theirs.provider.synced);
      const closed = nextClose(theirs);
      const rotated = await call<{ closedConnections: number }>(url, 'POST', `/api/workspaces/${id}/links/facilitator/rotate`, { cookie });
      expect(rotated.status).toBe(200);
      expect(rotated.json.closedConnections).toBe(1);
      expect((await closed).code).toBe(4401);
      expect((await call(url, 'GET', `/api/workspaces/${id}/members`, { cookie })).status).toBe(200);
      expect((await call(url, 'GET', `/api/workspaces/${id}/members`, { cookie: other })).status).toBe(401);
      expect(mine.provider.wsconnected).toBe(true);
      // Still rotatable from the same session: the connection now counts under the new link.
      const again = await call<{ closedConnections: number }>(url, 'POST', `/api/workspaces/${id}/links/facilitator/rotate`, { cookie });
      expect(again.json.closedConnections).toBe(0);
      expect(mine.provider.wsconnected).toBe(true);
    } finally {
      mine.destroy();
      theirs.destroy();
    }
  });
});
