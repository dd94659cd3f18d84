import { rmSync } from 'node:fs';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { configFromEnvironment } from '../../../server/config';
import { startServer } from '../../../server/server';
import { createDatabase, freePort } from '../../../scripts/local-services';
import { tempDataDir, testConfig } from '../support/test-server';

describe('starting with DATABASE_URL and REDIS_URL', () => {
  it('[N11] refuses REDIS_URL without DATABASE_URL, and URLs of the wrong kind, with a sentence saying why', () => {
    expect(() => configFromEnvironment({ REDIS_URL: 'redis://127.0.0.1:6379' }, '.')).toThrow(/REDIS_URL needs DATABASE_URL too/);
    expect(() => configFromEnvironment({ DATABASE_URL: 'mysql://db/x' }, '.')).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => configFromEnvironment({ DATABASE_URL: 'postgres://db/x', REDIS_URL: 'http://cache' }, '.')).toThrow(/REDIS_URL must be a redis:\/\/ URL/);
    expect(configFromEnvironment({}, '.')).toMatchObject({ databaseUrl: null, redisUrl: null });
  });

  it('[N11] refuses to start when PostgreSQL or Redis cannot be reached, saying which', async () => {
    const nobody = await freePort();
    const dataDir = tempDataDir();
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(startServer(testConfig(dataDir, { databaseUrl: `postgres://postgres@127.0.0.1:${nobody}/x` }))).rejects.toThrow(
      /Cannot use the PostgreSQL database in DATABASE_URL/,
    );
    const databaseUrl = await createDatabase(inject('postgresUrl'));
    await expect(startServer(testConfig(dataDir, { databaseUrl, redisUrl: `redis://127.0.0.1:${nobody}` }))).rejects.toThrow(/Cannot reach Redis at REDIS_URL/);
  });
});
