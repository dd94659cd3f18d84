import { describe, expect, it } from 'vitest';
import { useWorkspace } from '../support/fixture';
import { RawConnection } from '../support/http-connection';

describe('a request body the route does not read', () => {
  const room = useWorkspace();

  it('[H15] a refusal before a 200 KB body was read leaves the connection usable: the next request on it, a second later, is answered', async () => {
    const { url } = room.server;
    const host = new URL(url).host;
    const body = JSON.stringify({ label: 'x'.repeat(200_000) });
    const connection = new RawConnection(url);
    try {
      // No credential: refused before the body matters.
      const refused = await connection.send(`POST /api/workspaces/${room.workspace.id}/snapshots HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      expect(refused?.status).toBe(401);
      // The adapter gives an unread body half a second to be discarded, then drops the connection;
      // Node keeps an idle one for five. A person's next click lands in between.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await connection.send(`GET /api/health HTTP/1.1\r\nHost: ${host}\r\n\r\n`))?.status).toBe(200);
    } finally {
      connection.close();
    }
  });
});
