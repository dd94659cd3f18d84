import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Refusals } from '../observability/refusals';

/** What Node's HTTP parser refused, in the error shape every other refusal has (DESIGN §5). */
interface ParserRefusal {
  status: number;
  statusText: string;
  code: string;
  message: string;
}

/** How long a refused client has to read the answer and close its side before the server closes it. */
const CLOSE_AFTER_MS = 1_000;

const HEADERS_TOO_LARGE: ParserRefusal = {
  status: 431,
  statusText: 'Request Header Fields Too Large',
  code: 'headers_too_large',
  message: 'The request’s headers are larger than Throughline accepts, usually from too many cookies: clear this site’s cookies, then open your link again.',
};
const TIMED_OUT: ParserRefusal = {
  status: 408,
  statusText: 'Request Timeout',
  code: 'request_timeout',
  message: 'The request took too long to arrive. Try again.',
};
const CHUNK_EXTENSIONS_TOO_LARGE: ParserRefusal = {
  status: 413,
  statusText: 'Payload Too Large',
  code: 'chunk_extensions_too_large',
  message: 'The request’s chunk extensions are larger than Throughline accepts. Send the body without them.',
};
const MALFORMED: ParserRefusal = {
  status: 400,
  statusText: 'Bad Request',
  code: 'malformed_request',
  message: 'The request is not well-formed HTTP/1.1, so it could not be read.',
};

/**
 * Answers the requests Node's HTTP parser refuses before any route sees them (a bad request
 * line, headers or chunk extensions over the size limit, a request that never finished
 * arriving) with a status and a JSON sentence, where Node would answer a bare status line, and
 * counts each in `/metrics` (H14).
 * Node leaves the socket to whoever listens for `clientError`: it is always closed after.
 */
export function answerClientErrors(server: Server, refusals: Refusals): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Socket & { _httpMessage?: { headersSent?: boolean } }) => {
    // Nobody to answer (the client went), or a response already begun on this connection.
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = refusalOf(error.code);
    refusals.count(`http_${refusal.code}`);
    const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.statusText}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
    // Node keeps a client's half of the connection open and no longer times it out: a client
    // that never closes its side would hold the socket for good (the stall the timeouts exist for).
    socket.setTimeout(CLOSE_AFTER_MS, () => socket.destroy());
  });
}

function refusalOf(code: string | undefined): ParserRefusal {
  if (code === 'HPE_HEADER_OVERFLOW') return HEADERS_TOO_LARGE;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return TIMED_OUT;
  // Node's own answer to it is 413: the request is well-formed, only too large to read.
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return CHUNK_EXTENSIONS_TOO_LARGE;
  return MALFORMED;
}
