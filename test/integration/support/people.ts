import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectSynced, stockClient, waitFor, type Client } from './clients';

/** A caller of the REST API: a bearer token, or a browser's session cookie (sent with our Origin). */
export type Caller = { token: string } | { cookie: string };

export interface MemberJson {
  id: string;
  name: string;
  email: string | null;
  role: string;
  invitedAt: string;
  joinedAt: string | null;
  lastSeenAt: string | null;
  online: boolean;
}

export interface ErrorJson {
  error: { code: string; message: string };
}

function headers(url: string, caller: Caller | null, body: unknown): Record<string, string> {
  return {
    ...(caller && 'token' in caller ? { authorization: `Bearer ${caller.token}` } : {}),
    ...(caller && 'cookie' in caller ? { cookie: caller.cookie, origin: url } : {}),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
}

/** One REST call; answers the status and the parsed JSON body (null when there is none). */
export async function call<T = unknown>(
  url: string,
  method: string,
  path: string,
  caller: Caller | null,
  body?: unknown,
): Promise<{ status: number; json: T; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: headers(url, caller, body),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

export async function invite(
  url: string,
  workspace: string,
  caller: Caller,
  body: { name: string; email?: string | null; role: string },
): Promise<{ member: MemberJson; token: string; link: string }> {
  const answer = await call<{ member: MemberJson; token: string; link: string }>(url, 'POST', `/api/workspaces/${workspace}/invites`, caller, body);
  if (answer.status !== 201) throw new Error(`invite: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** `POST /api/session` from our own page: a link's token exchanged for the session cookie, as `name=value`. */
export async function sessionCookie(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { origin: url, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`session: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** The token in a link's fragment (`/w/:id#token=…`). */
export const tokenOf = (link: string): string => new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;

/**
 * A stock provider that connects with a browser's session cookie and our Origin instead of a
 * token, as the web client does.
 */
export function connectWithCookie(wsUrl: string, workspace: string, cookie: string, origin: string, doc = new Y.Doc()): Client {
  class CookieSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie, origin } });
    }
  }
  return stockClient(wsUrl, workspace, doc, { socket: CookieSocket });
}

export interface Closed {
  code: number;
  reason: string;
  /** performance.now() when the client saw the close. */
  at: number;
}

/** The next close the provider's connection sees, with when it saw it; listen before causing it. */
export function nextClose(client: Client): Promise<Closed> {
  return new Promise((resolve) => {
    const onClose = (event: CloseEvent | null) => {
      if (!event) return;
      client.provider.off('connection-close', onClose);
      resolve({ code: event.code, reason: event.reason, at: performance.now() });
    };
    client.provider.on('connection-close', onClose);
  });
}

/**
 * What the access tests start from: Maya, a facilitator member (so sentences name her), and Ana,
 * an editor member with two screens open and synced, one on her link and one on her session.
 */
export async function memberOnTwoScreens(server: { url: string; wsUrl: string }, workspace: string, facilitator: Caller) {
  const lead = await invite(server.url, workspace, facilitator, { name: 'Maya Lindqvist', role: 'facilitator' });
  const { member, token } = await invite(server.url, workspace, facilitator, { name: 'Ana Diaz', role: 'editor' });
  const cookie = await sessionCookie(server.url, token);
  const byToken = await connectSynced(server.wsUrl, workspace, token);
  const byCookie = connectWithCookie(server.wsUrl, workspace, cookie, server.url);
  await waitFor('the cookie connection to sync', () => byCookie.provider.synced);
  return { lead, member, token, cookie, byToken, byCookie };
}
