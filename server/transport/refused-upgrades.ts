import { STATUS_CODES } from 'node:http';
import { finished } from 'node:stream/promises';
import type { Duplex } from 'node:stream';
import type { Http2Bindings, HttpBindings } from '@hono/node-server';

type Fetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/**
 * @hono/node-server answers a refused WebSocket upgrade with the status and headers of the app's
 * response but an empty body, so `{error: {code, message}}`, the sentence saying why (DESIGN §5),
 * would never reach the client. This sends such a response whole, then closes the socket, which
 * tells the adapter the request has been answered.
 */
export function sendRefusedUpgradesWhole(fetch: Fetch): Fetch {
  return async (request, env) => {
    const response = await fetch(request, env);
    // Plain HTTP/1.1 (see server.ts). An upgrade request has no ServerResponse to write to.
    const { incoming, outgoing } = env as HttpBindings;
    const socket = incoming.socket;
    if (response.status < 400 || outgoing !== undefined || socket.destroyed) return response;
    const body = Buffer.from(await response.arrayBuffer());
    const head = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`, 'Connection: close', `Content-Length: ${body.length}`];
    response.headers.forEach((value, name) => {
      if (name !== 'connection' && name !== 'content-length') head.push(`${name}: ${value}`);
    });
    socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
    // A client that went away meanwhile needs no answer.
    await finished(socket, { readable: false }).catch(() => {});
    socket.destroy();
    return response;
  };
}

const OTHER_UPGRADE = errorResponse(400, 'unsupported_upgrade', 'Only WebSocket upgrades are served here; send the request again without the Upgrade header.');
const NO_WEBSOCKET_HERE = errorResponse(404, 'not_found', 'No WebSocket is served at this address; a workspace is opened at /ws/:workspaceId.');

/**
 * Answers a request that asks to upgrade to anything but WebSocket (h2c, say) with a 400 and
 * closes its connection. Node hands every request with an Upgrade header to the 'upgrade'
 * listeners and stops timing it out; the adapter's listener looks only at WebSocket ones, so such
 * a request was never answered and held its socket for as long as the client liked (H15).
 */
export function refuseOtherUpgrade(socket: Duplex): void {
  answerAndClose(socket, OTHER_UPGRADE);
}

/**
 * Answers a WebSocket upgrade to an address with no WebSocket route with a 404 and closes its
 * connection. Through the adapter it reached whatever page or operation serves that address, and
 * a 200 came back empty, as if the upgrade had half worked (H15).
 */
export function refuseUpgradeElsewhere(socket: Duplex): void {
  answerAndClose(socket, NO_WEBSOCKET_HERE);
}

/** Whether an upgrade's request target is `/ws/:workspaceId`, the one address a WebSocket is served at. */
export function isWebSocketAddress(target: string | undefined): boolean {
  return /^\/ws\/[^/?#]+(?:[?#]|$)/.test(target ?? '');
}

function errorResponse(status: number, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, 'Connection: close', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

function answerAndClose(socket: Duplex, response: string): void {
  socket.on('error', () => socket.destroy());
  // Once written, the socket goes whether or not the client ever closes its side, as above.
  socket.end(response, () => socket.destroy());
}
