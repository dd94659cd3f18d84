import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/** OpenAPI writes `:id` as `{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('GET /api/openapi.json (DESIGN §5)', () => {
  let server: TestServer;
  let spec: any;

  beforeAll(async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    spec = await response.json();
  });
  afterAll(() => server.close());

  it('is OpenAPI 3.1', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info.title).toBe('Throughline API');
  });

  it('describes every REST route the app serves', async () => {
    const { createApp } = await import('../../../server/http/app');
    const app = createApp(server.server.services, '/nowhere');
    const served = app.routes
      .filter((route) => route.method !== 'ALL' && (route.path.startsWith('/api/') || route.path === '/metrics') && route.path !== '/api/openapi.json')
      .map((route) => `${route.method} ${openApiPath(route.path)}`);
    const described = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(served.length).toBeGreaterThan(20);
    expect(described).toEqual(expect.arrayContaining([...new Set(served)]));
  });

  it('documents bodies and queries from the zod schemas that validate them', () => {
    const snapshots = spec.paths['/api/workspaces/{id}/snapshots'].post;
    expect(snapshots.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', properties: { label: { type: 'string', minLength: 1, description: 'One line of at most 200 characters as a person sees them (grapheme clusters).' } }, required: ['label'] });
    // Not maxLength: JSON Schema counts code points there, and a label counts what a person sees (U87).
    expect(snapshots.requestBody.content['application/json'].schema.properties.label).not.toHaveProperty('maxLength');
    const webhooks = spec.paths['/api/workspaces/{id}/webhooks'].put.requestBody.content['application/json'].schema;
    expect(webhooks.properties.secret).toMatchObject({ minLength: 16 });
    // M29: only a save without a secret answers 503 when Redis cannot say who holds the key; the log says secretSet null.
    expect(spec.paths['/api/workspaces/{id}/webhooks'].put.responses['503'].description).toContain('key_holders_unknown');
    expect(spec.paths['/api/workspaces/{id}/webhooks/deliveries'].get.description).toContain('null when this server cannot tell');
    const changes = spec.paths['/api/workspaces/{id}/changes'].get.parameters;
    expect(changes).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'since', in: 'query', required: true }), expect.objectContaining({ name: 'until', in: 'query', required: false })]));
    expect(spec.paths['/api/workspaces/{id}/import'].post.requestBody.content).toHaveProperty('text/csv');
  });

  it('documents the people and session bodies, and gives every REST route a summary', () => {
    const invite = spec.paths['/api/workspaces/{id}/invites'].post.requestBody.content['application/json'].schema;
    expect(invite).toMatchObject({ type: 'object', required: expect.arrayContaining(['name', 'role']) });
    expect(invite.properties.role.enum).toEqual(['facilitator', 'editor', 'viewer']);
    const session = spec.paths['/api/session'].post.requestBody.content['application/json'].schema;
    expect(session).toMatchObject({ type: 'object', properties: { token: { type: 'string', minLength: 1 } }, required: ['token'] });
    const unsummarised = Object.entries(spec.paths as Record<string, Record<string, { summary?: string }>>)
      .filter(([path]) => path.startsWith('/api/') && path !== '/api/health')
      .flatMap(([path, methods]) => Object.entries(methods).filter(([, operation]) => !operation.summary).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(unsummarised).toEqual([]);
  });

  it('[H15] documents the status each operation answers with, the refusals of a body it takes, and a conflict where one can happen', () => {
    const statuses = (path: string, method: string) => Object.keys(spec.paths[path][method].responses);
    expect(statuses('/api/workspaces/{id}/kpis/{kpiId}/readings', 'post')).toEqual(['201', '400', '401', '403', '404', '405', '413', '415', '503']);
    expect(statuses('/api/session/{workspace}', 'delete')).toEqual(['204', '400', '401', '403', '404', '405', '503']);
    expect(statuses('/api/workspaces/{id}/import', 'post')).toEqual(expect.arrayContaining(['200', '413', '415']));
    expect(spec.paths['/api/workspaces/{id}/import'].post.responses['415'].description).toMatch(/^A body not sent as text\/csv/);
    expect(statuses('/api/workspaces/{id}/invites', 'post')).toEqual(['201', '400', '401', '403', '404', '405', '409', '413', '415', '503']);
    expect(spec.paths['/api/workspaces/{id}/members/{memberId}'].delete.responses['409'].description).toMatch(/remove themself/);
    // A17: a member's role, a body with a conflict of its own.
    expect(statuses('/api/workspaces/{id}/members/{memberId}', 'patch')).toEqual(['200', '400', '401', '403', '404', '405', '409', '413', '415', '503']);
    expect(spec.paths['/api/workspaces/{id}/members/{memberId}'].patch.responses['409'].description).toMatch(/their own role/);
  });
});
