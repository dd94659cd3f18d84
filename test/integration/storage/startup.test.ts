import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/server';
import { STORAGE_VERSION, StorageVersionError } from '../../../server/storage/schema';
import { openDatabase } from '../support/database';
import { startTestServer, tempDataDir, testConfig, type TestServer } from '../support/test-server';

describe('start-up checks', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuses a second server on the same data directory, with a clear message', async () => {
    server = await startTestServer();
    await expect(startServer(testConfig(server.dataDir))).rejects.toThrow(/Another Throughline server is already using/);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('leaves the database in WAL mode with the storage version it wrote', async () => {
    server = await startTestServer();
    await server.stop();
    const db = openDatabase(server.dataDir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(STORAGE_VERSION);
    db.close();
  });

  it('refuses a database written by a newer release instead of touching it', async () => {
    const dataDir = tempDataDir();
    const db = new Database(join(dataDir, 'throughline.db'));
    db.pragma('user_version = 99');
    db.close();
    await expect(startServer(testConfig(dataDir))).rejects.toThrow(StorageVersionError);
    const after = new Database(join(dataDir, 'throughline.db'));
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
