import { chmodSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/server';
import { STORAGE_VERSION, StorageVersionError } from '../../../server/storage/schema';
import { launchServer, type ServerProcess } from '../support/child-server';
import { waitFor } from '../support/clients';
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

describe('a database the server cannot write', () => {
  // Root ignores file modes, and CI runs the tests as root: the server then runs without that power.
  const boundByFileModes = process.getuid?.() === 0;
  const dataDirs: string[] = [];
  const launched: ServerProcess[] = [];
  afterEach(async () => {
    for (const server of launched.splice(0)) {
      server.process.kill('SIGKILL');
      await server.exited;
    }
    for (const dataDir of dataDirs.splice(0)) {
      chmodSync(dataDir, 0o700);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  /** A data directory holding a database a server wrote and closed. */
  async function writtenDataDir(): Promise<string> {
    const server = await startTestServer();
    await server.stop();
    dataDirs.push(server.dataDir);
    return server.dataDir;
  }

  const cases = [
    { what: 'a read-only database file (which SQLite would silently open read-only)', lock: (dir: string) => chmodSync(join(dir, 'throughline.db'), 0o444) },
    { what: 'a read-only data directory', lock: (dir: string) => chmodSync(dir, 0o555) },
  ];
  for (const { what, lock } of cases) {
    it(`[H9] refuses to start on ${what}, saying so`, async () => {
      const dataDir = await writtenDataDir();
      lock(dataDir);
      const server = launchServer(dataDir, { boundByFileModes });
      launched.push(server);
      let exitCode: number | null | undefined;
      void server.exited.then((code) => (exitCode = code));
      await waitFor('the server to exit or listen', () => exitCode !== undefined || server.output().includes('listening on'), 30_000);
      expect(exitCode).toBe(1);
      expect(server.output()).toContain(`Throughline could not start: The database ${join(dataDir, 'throughline.db')} cannot be written`);
      expect(server.output()).toMatch(/so every edit would be refused\. Make the data directory and the files in it writable by the user the server runs as\./);
    });
  }
});
