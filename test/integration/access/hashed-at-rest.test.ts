import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../../server/auth/tokens';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call, connectWithCookie, invite, sessionCookie } from '../support/people';
import { ADMIN_TOKEN } from '../support/test-server';

describe('credentials at rest', () => {
  const room = useWorkspace();

  it('[A1] no link token, session id or admin token appears in the database file in clear; their hashes do', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const facilitator = { token: room.workspace.tokens.facilitator };
    const member = await invite(url, id, facilitator, { name: 'Ana Diaz', email: 'ana@example.com', role: 'editor' });
    const reissued = (await call<{ token: string }>(url, 'POST', `/api/workspaces/${id}/members/${member.member.id}/link`, facilitator)).json.token;
    const rotated = (await call<{ token: string }>(url, 'POST', `/api/workspaces/${id}/links/viewer/rotate`, facilitator)).json.token;
    const cookies = [await sessionCookie(url, room.workspace.tokens.editor), await sessionCookie(url, reissued), await sessionCookie(url, rotated)];
    // A session in use writes its last use; a member's link its member's.
    const client = connectWithCookie(wsUrl, id, cookies[1]!, url);
    await waitFor('the member to sync', () => client.provider.synced);
    client.destroy();
    await waitFor('the socket to close on the server', () => room.server.server.services.rooms.connectionCount === 0);

    const sessionIds = cookies.map((cookie) => decodeURIComponent(cookie.split('=')[1]!));
    const secrets = { ...room.workspace.tokens, member: member.token, reissued, rotated, admin: ADMIN_TOKEN, ...Object.fromEntries(sessionIds.map((s, i) => [`session${i}`, s])) };
    await room.server.stop();

    const files = readdirSync(room.server.dataDir).filter((name) => name.startsWith('throughline.db'));
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(room.server.dataDir, name))));
    expect(bytes.length).toBeGreaterThan(0);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(bytes.includes(Buffer.from(secret)), `${name} in clear`).toBe(false);
      // Nor its 32 random bytes, nor in hex.
      const raw = Buffer.from(secret, 'base64url');
      if (raw.length === 32) {
        expect(bytes.includes(raw), `${name}'s bytes`).toBe(false);
        expect(bytes.includes(Buffer.from(raw.toString('hex'))), `${name} in hex`).toBe(false);
      }
    }
    // The file is the right one: every link and session is there, as its SHA-256.
    for (const secret of [member.token, reissued, rotated, ...sessionIds, ...Object.values(room.workspace.tokens)]) {
      expect(bytes.includes(Buffer.from(hashToken(secret)))).toBe(true);
    }
    expect(bytes.includes(Buffer.from('Ana Diaz'))).toBe(true);
  });
});
