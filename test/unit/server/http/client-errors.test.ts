import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../../../../server/http/client-errors';
import { Refusals } from '../../../../server/observability/refusals';

/**
 * [H15] What Node's HTTP parser refuses is answered and its connection closed, even when the
 * client keeps its own half open and says nothing more: Node no longer times such a socket out,
 * so without the server closing it, it would be held for good. A real HTTP server on loopback.
 */
describe('a client refused by the HTTP parser', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('[H15] that never closes its side still has its connection closed by the server', async () => {
    server = createServer((_request, response) => response.end());
    answerClientErrors(server, new Refusals());
    const serverSide = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', allowHalfOpen: true });
    let answer = '';
    client.setEncoding('latin1');
    client.on('data', (chunk: string) => (answer += chunk));
    client.write('HELLO THERE\r\n\r\n');
    const socket = await serverSide;
    await new Promise((resolve) => socket.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    client.destroy();
  }, 5_000);
});
