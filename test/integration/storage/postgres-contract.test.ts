import { describe, inject } from 'vitest';
import { PostgresStore } from '../../../server/storage/postgres-store';
import { createDatabase } from '../../../scripts/local-services';
import { storageContract } from './storage-contract';

describe('storage contract: PostgreSQL', () => {
  // A database of its own per test: the run's PostgreSQL is shared by every test file.
  storageContract(async () => PostgresStore.open(await createDatabase(inject('postgresUrl')), { max: 2 }));
});
