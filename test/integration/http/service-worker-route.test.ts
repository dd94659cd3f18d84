import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the app shell’s service worker script', () => {
  const clientDir = mkdtempSync(join(tmpdir(), 'throughline-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Throughline</title>');
  writeFileSync(join(clientDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clientDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('[U20] is served at the root, as JavaScript, revalidated on every visit so a release reaches every browser', async () => {
    const response = await fetch(`${server.url}/sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('addEventListener("fetch"');
  });
});
