import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/** A built client in miniature: an index.html and one hashed asset, as `vite build` leaves them. */
const clientDir = mkdtempSync(join(tmpdir(), 'throughline-client-'));
mkdirSync(join(clientDir, 'assets'));
writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Throughline</title><script type="module" src="/assets/index-abc123.js"></script>');
writeFileSync(join(clientDir, 'assets', 'index-abc123.js'), 'document.title = "loaded";');

/** The Content-Security-Policy's directives, each with its sources. */
function policy(response: Response): Record<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('security headers on the client', () => {
  let server: TestServer;
  afterEach(() => server.close());
  afterAll(() => rmSync(clientDir, { recursive: true, force: true }));

  it('[H13] serves the page and its assets under a Content-Security-Policy that allows only the server itself', async () => {
    server = await startTestServer({ clientDir });
    for (const path of ['/', '/w/some-workspace', '/assets/index-abc123.js']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(policy(response), path).toEqual({
        'default-src': ["'self'"],
        'connect-src': ["'self'", server.url.replace('http:', 'ws:')],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      });
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
    }
  });

  it('[H13] names the public address’s WebSocket origin when the server sits behind a TLS proxy', async () => {
    server = await startTestServer({ clientDir, publicUrl: 'https://review.example.com' });
    const response = await fetch(`${server.url}/`);
    expect(policy(response)['connect-src']).toEqual(["'self'", 'wss://review.example.com']);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });

  it('[H13] sends the same headers with the API’s answers, errors included', async () => {
    server = await startTestServer({ clientDir });
    for (const [path, status] of [['/api/health', 200], ['/api/workspaces', 401]] as const) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(status);
      expect(policy(response)['default-src'], path).toEqual(["'self'"]);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
