import { describe, expect, it, vi } from 'vitest';
import { seededRandom, testSeed } from '../../support/random';
import { useWorkspace } from '../support/fixture';
import { RawConnection } from '../support/http-connection';
import { refusalCount } from '../support/metrics';
import { invite, sessionCookie } from '../support/people';
import { ADMIN_TOKEN, createWorkspace, startTestServer } from '../support/test-server';

interface Operation {
  method: string;
  path: string;
  query: string[];
  bodySchema: JsonSchema | null;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
}

/** Ids no workspace, KPI, member or snapshot has, several of which no cookie can be named after. */
const HOSTILE_IDS = ['nope', '%20', 'a%2Fb', '%C3%A9', '%00', '__proto__', 'constructor', '..%2F..', 'x'.repeat(300), 'y'.repeat(5000)];

/** Bodies that are not the JSON object any route wants. */
const HOSTILE_BODIES = ['{', '', 'null', '[]', '"text"', '12', '{"__proto__":{"polluted":true}}', `${'['.repeat(100_000)}${']'.repeat(100_000)}`];

/** Values of every type, for any field. */
const HOSTILE_VALUES: unknown[] = [null, true, 0, -1, 1e308, 0.5, '', ' ', 'x', '\u0000', '2026-02-30', '9999-12-31', [], [1], {}, { a: 1 }, 'é'.repeat(500), 'z'.repeat(5000)];

/** The longest error message or detail (SPEC H15), whatever it repeats of what it refuses. */
const MAX_MESSAGE = 1000;

function operationsOf(spec: { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> }): Operation[] {
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      query: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
      bodySchema: operation.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

describe('hostile requests', () => {
  it('[H15] every operation of /api/openapi.json answers hostile ids, bodies, values, queries and cookies with a 4xx and the error shape, messages of at most 1,000 characters, never a 500', async () => {
    const seed = testSeed('hostile-requests');
    const random = seededRandom(seed);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const server = await startTestServer();
    const { url } = server;
    try {
      const workspace = await createWorkspace(url, 'Hostile review', 'demo');
      const facilitator = workspace.tokens.facilitator;
      const exported = (await (await fetch(`${url}/api/workspaces/${workspace.id}/export?format=json`, { headers: { authorization: `Bearer ${facilitator}` } })).json()) as { kpis: Record<string, unknown> };
      const snapshot = (await (
        await fetch(`${url}/api/workspaces/${workspace.id}/snapshots`, { method: 'POST', headers: { authorization: `Bearer ${facilitator}`, 'content-type': 'application/json' }, body: '{"label":"Before"}' })
      ).json()) as { id: string };
      const member = await invite(url, workspace.id, { token: facilitator }, { name: 'Ada Lovelace', role: 'editor' });
      // Real ids where a route wants them, so the hostile parts reach past the lookups. Only the
      // viewer link is rotated: the callers below keep working throughout.
      const real: Record<string, string> = { id: workspace.id, workspace: workspace.id, kpiId: Object.keys(exported.kpis)[0]!, sid: snapshot.id, memberId: member.member.id, role: 'viewer' };
      let cookie = await sessionCookie(url, facilitator);
      const callers: (() => Record<string, string>)[] = [
        () => ({ authorization: `Bearer ${facilitator}` }),
        () => ({ authorization: `Bearer ${ADMIN_TOKEN}` }),
        () => ({ cookie, origin: url }),
      ];

      const spec = (await (await fetch(`${url}/api/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
      const operations = operationsOf(spec);
      expect(operations.length).toBeGreaterThan(20);
      const failures: string[] = [];
      let sent = 0;
      const send = async (operation: Operation, params: Record<string, string>, init: { headers: Record<string, string>; body?: string; query?: string }) => {
        const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? real[name]!);
        const label = `${operation.method} ${path.slice(0, 120)}${init.query ? `?${init.query.slice(0, 120)}` : ''} ${init.body?.slice(0, 60) ?? ''}`;
        let response: Response;
        try {
          response = await fetch(`${url}${path}${init.query ? `?${init.query}` : ''}`, {
            method: operation.method,
            headers: init.headers,
            body: operation.method === 'GET' ? undefined : init.body,
          });
        } catch (error) {
          failures.push(`${label} → ${(error as Error).message} ${String((error as Error).cause)} ${init.body?.length}`);
          return;
        }
        sent++;
        const text = await response.text();
        if (response.status >= 500) failures.push(`${label} → ${response.status} ${text.slice(0, 200)}`);
        else if (response.status >= 400) {
          let error: unknown;
          try {
            error = (JSON.parse(text) as { error?: unknown }).error;
          } catch {
            error = undefined;
          }
          const shaped = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { message?: unknown }).message === 'string';
          if (!shaped) failures.push(`${label} → ${response.status} without {error:{code,message}}: ${text.slice(0, 200)}`);
          else {
            const { message, details } = error as { message: string; details?: unknown[] };
            const longest = Math.max(message.length, ...(details ?? []).map((detail) => String(detail).length));
            if (longest > MAX_MESSAGE) failures.push(`${label} → ${response.status} with a message or detail of ${longest} characters`);
            // What it refuses is repeated to its first 80 characters at most: the long hostile id and value are runs of y and z.
            if ([message, ...(details ?? [])].some((line) => /y{81}|z{81}/.test(String(line)))) failures.push(`${label} → ${response.status} repeats more than 80 characters of what it refuses`);
          }
        }
        // Signing out ends the cookie's session: the cookie caller signs in again.
        if (operation.method === 'DELETE' && operation.path.startsWith('/api/session') && response.status === 204) cookie = await sessionCookie(url, facilitator);
      };
      const json = (caller: () => Record<string, string>) => ({ ...caller(), 'content-type': 'application/json' });

      for (const operation of operations) {
        const params = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
        for (const caller of callers) {
          for (const param of params) {
            for (const id of HOSTILE_IDS) await send(operation, { [param]: id }, { headers: json(caller), body: '{}' });
          }
          if (operation.method === 'GET') continue;
          for (const body of HOSTILE_BODIES) await send(operation, {}, { headers: json(caller), body });
          await send(operation, {}, { headers: { ...caller(), 'content-type': 'text/plain' }, body: '{}' });
        }
        for (const name of operation.query) {
          for (const value of HOSTILE_VALUES) await send(operation, {}, { headers: json(pick(callers)), query: new URLSearchParams({ [name]: String(value) }).toString() });
        }
        // The documented body with a value of another type in each field, one field at a time and all at once.
        const fields = Object.keys(operation.bodySchema?.properties ?? {});
        for (let round = 0; round < 3 * fields.length; round++) {
          const body: Record<string, unknown> = {};
          for (const field of fields) body[field] = random() < 0.5 ? pick(HOSTILE_VALUES) : plausible(operation.bodySchema!.properties![field]!, pick);
          await send(operation, {}, { headers: json(pick(callers)), body: JSON.stringify(body) });
        }
      }
      // Cookies a browser might send whose names could never have been set.
      for (const name of ['tl_session_a/b', 'tl_session_%zz', 'tl_session_', `tl_session_${workspace.id}"`]) {
        for (const operation of operations.filter((candidate) => candidate.method === 'DELETE' || candidate.method === 'GET')) {
          await send(operation, {}, { headers: { cookie: `${name}=x; ${cookie}`, origin: url } });
        }
      }

      console.log(`[H15] ${sent} hostile requests over ${operations.length} operations`);
      expect(failures).toEqual([]);
      // Nothing above stopped the server or cost the workspace its document.
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      const read = await fetch(`${url}/api/workspaces/${workspace.id}/export?format=json`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(read.status).toBe(200);
      expect(Object.keys(((await read.json()) as { kpis: Record<string, unknown> }).kpis)).toEqual(Object.keys(exported.kpis));
    } finally {
      await server.close();
    }
  });
});

describe('hostile upgrades', () => {
  const room = useWorkspace();

  it('[H15] an upgrade to another protocol is answered with a 400 and its connection closed, not left open', async () => {
    const { url } = room.server;
    const connection = new RawConnection(url);
    try {
      const answer = await connection.send(`GET /ws/${room.workspace.id}?token=${room.workspace.tokens.editor} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n`);
      expect(answer?.status).toBe(400);
      expect(JSON.parse(answer!.body)).toEqual({ error: { code: 'unsupported_upgrade', message: expect.stringContaining('Only WebSocket upgrades') } });
      await connection.whenClosed();
    } finally {
      connection.close();
    }
    // Unanswered, the request would wait forever: fail well before the suite's minute.
  }, 10_000);

  it('[H15] a WebSocket upgrade header without Connection: Upgrade is a plain GET, answered 426 with the error shape rather than an empty 500', async () => {
    const { url } = room.server;
    const connection = new RawConnection(url);
    try {
      const answer = await connection.send(`GET /ws/${room.workspace.id}?token=${room.workspace.tokens.editor} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      expect(answer?.status).toBe(426);
      expect(JSON.parse(answer!.body).error.code).toBe('upgrade_required');
    } finally {
      connection.close();
    }
  });

  it('[H15] a WebSocket upgrade to an address that serves none is answered 404 with the error shape, and closed', async () => {
    const { url } = room.server;
    for (const address of ['/', '/api/health', `/w/${room.workspace.id}`, '/ws', `/ws/${room.workspace.id}/more`, '/nowhere']) {
      const connection = new RawConnection(url);
      try {
        const answer = await connection.send(`GET ${address} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
        expect(answer?.status, address).toBe(404);
        expect(JSON.parse(answer!.body).error, address).toEqual({ code: 'not_found', message: expect.stringContaining('/ws/') });
        await connection.whenClosed();
      } finally {
        connection.close();
      }
    }
  }, 10_000);
});

describe('requests HTTP itself refuses', () => {
  const room = useWorkspace();

  /** What the server answers on a fresh connection to `request`, which must then be closed. */
  const answerTo = async (request: string) => {
    const connection = new RawConnection(room.server.url);
    try {
      const answer = await connection.send(request);
      await connection.whenClosed();
      return answer;
    } finally {
      connection.close();
    }
  };

  it('[H15] [H14] a request that is not HTTP/1.1 is answered 400 with the error shape, not a bare status line, and counted', async () => {
    const before = await refusalCount(room.server.url, 'http_malformed_request');
    const answer = await answerTo('HELLO THERE\r\n\r\n');
    expect(answer?.status).toBe(400);
    expect(answer!.headers).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
    expect(JSON.parse(answer!.body)).toEqual({ error: { code: 'malformed_request', message: expect.stringContaining('not well-formed') } });
    expect(await refusalCount(room.server.url, 'http_malformed_request')).toBe(before + 1);
  }, 10_000);

  it('[H15] headers over the size limit (a browser carrying too many cookies) are answered 431 with a sentence saying what to do', async () => {
    const cookies = Array.from({ length: 400 }, (_, i) => `tl_session_w${i}=${'x'.repeat(43)}`).join('; ');
    const answer = await answerTo(`GET /api/health HTTP/1.1\r\nHost: ${new URL(room.server.url).host}\r\nCookie: ${cookies}\r\n\r\n`);
    expect(answer?.status).toBe(431);
    // The connection is read as latin1, a byte a character: the sentence is UTF-8.
    expect(JSON.parse(Buffer.from(answer!.body, 'latin1').toString())).toEqual({ error: { code: 'headers_too_large', message: expect.stringContaining('clear this site’s cookies') } });
    // The server goes on answering.
    expect((await fetch(`${room.server.url}/api/health`)).status).toBe(200);
  }, 10_000);

  it('[H15] chunk extensions over the size limit are answered 413, as Node answers them, with the error shape, and log no server error', async () => {
    const errors = vi.spyOn(console, 'error');
    const host = new URL(room.server.url).host;
    const extensions = `;${'x'.repeat(20_000)}`;
    const answer = await answerTo(`POST /api/health HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n1${extensions}\r\na\r\n0\r\n\r\n`);
    expect(answer?.status).toBe(413);
    expect(JSON.parse(Buffer.from(answer!.body, 'latin1').toString())).toEqual({ error: { code: 'chunk_extensions_too_large', message: expect.stringContaining('chunk extensions') } });
    expect((await fetch(`${room.server.url}/api/health`)).status).toBe(200);
    // The body limit was still reading the chunked body when the connection closed: the client
    // left, which is no server error (this logged "[http] POST /api/health: Error: aborted").
    expect(errors.mock.calls.filter(([line]) => String(line).startsWith('[http]'))).toEqual([]);
    errors.mockRestore();
  }, 10_000);
});

/** A value of the field's own type, so that the other fields' wrong types are what the route meets. */
function plausible(schema: JsonSchema, pick: <T>(values: readonly T[]) => T): unknown {
  if (schema.enum) return pick(schema.enum);
  if (schema.anyOf) return plausible(pick(schema.anyOf), pick);
  switch (schema.type) {
    case 'string':
      return pick(['2026-11-30', 'Ada Lovelace', 'editor', 'http://127.0.0.1:9/hook', 'Q4']);
    case 'number':
    case 'integer':
      return pick([0, 1, 42.5]);
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [plausible(schema.items, pick)] : [];
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, plausible(value, pick)]));
    default:
      return null;
  }
}
