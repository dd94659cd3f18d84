import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { SqliteStore } from '../../../server/storage/sqlite-store';
import { storageContract } from './storage-contract';

describe('storage contract: SQLite', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  storageContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'throughline-contract-'));
    dirs.push(dir);
    return SqliteStore.open(join(dir, 'throughline.db'));
  });
});
