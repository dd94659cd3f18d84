import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../../scripts/local-services';
import type { LinkSealer } from '../../../server/auth/link-sealer';
import { PostgresStore } from '../../../server/storage/postgres-store';
import type { WebhookAddressPolicy } from '../../../server/webhooks/address-policy';
import { WebhookService } from '../../../server/webhooks/webhook-service';

interface Fixture {
  workspace: { id: string };
  urls: { delivered: string; answers500: string; holds: string; removed: string };
  deliveries: Array<Record<string, unknown>>;
  outbox: Array<Record<string, unknown> & { id: string; next_at: string }>;
}

const fixtureDir = fileURLToPath(new URL('../../fixtures/postgres4-outbox/', import.meta.url));
const fixture = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as Fixture;
/** The delivery its receiver held open, claimed by that release's way when its server was killed. */
const claimedThen = fixture.outbox.find((row) => row.id === '3')!;

/**
 * SPEC M30 on the outbox PostgreSQL stored for the release before it (storage version 4,
 * test/fixtures/postgres4-outbox/README.md): that release claimed a delivery by moving its next_at
 * and kept nothing else.
 */
describe('the outbox PostgreSQL stored for the release before M30', () => {
  let databaseUrl: string;
  let db: pg.Client;
  let store: PostgresStore | undefined;
  beforeEach(async () => {
    databaseUrl = await createDatabase(inject('postgresUrl'));
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    // pg_dump's plain format, less psql's own commands (`\restrict`), which the server never sees.
    const dump = readFileSync(join(fixtureDir, 'throughline-postgres.sql'), 'utf8');
    await db.query(dump.split('\n').filter((line) => !line.startsWith('\\')).join('\n'));
    // The dump empties this session's search_path; the queries below name tables plainly.
    await db.query('RESET search_path');
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await db.end();
  });

  const outbox = async () => (await db.query('SELECT * FROM outbox ORDER BY id')).rows;

  it('[M30] opens at storage version 5 with every delivery as it was stored; the one claimed then is listed as that release listed it', async () => {
    expect((await db.query('SELECT version FROM throughline_storage')).rows).toEqual([{ version: 4 }]);
    expect(await outbox()).toEqual(fixture.outbox);
    store = await PostgresStore.open(databaseUrl, { max: 2 });
    expect((await db.query('SELECT version FROM throughline_storage')).rows).toEqual([{ version: 5 }]);
    // Nothing moved, and nothing is made up: no delivery stored then has a due time of a claim.
    expect(await outbox()).toEqual(fixture.outbox.map((row) => ({ ...row, due_at: null, claimed_next_at: null })));
    const stored = await store.listDeliveries(fixture.workspace.id, 10);
    expect(stored.map(({ body: _, claimedDueAt: __, ...delivery }) => delivery)).toEqual(fixture.deliveries);
    expect(stored.map((delivery) => delivery.claimedDueAt)).toEqual([null, null, null, null]);
    // That release kept no due time for the delivery it had claimed, so its log entry stays as
    // that release gave it (the claim's end) until an upgraded node claims it: not in flight as far
    // as this release can tell, alike while that claim holds (1 ms before its end) and once it lapsed.
    for (const now of [Date.parse(claimedThen.next_at) - 1, Date.parse(claimedThen.next_at)]) {
      const service = new WebhookService(store, {} as LinkSealer, () => new Date(now), {} as WebhookAddressPolicy, null);
      expect(await service.deliveries(fixture.workspace.id)).toEqual(fixture.deliveries.map((delivery) => ({ ...delivery, inFlight: false })));
    }
  });

  it('[M30][N10] a delivery claimed the old way before the upgrade is taken by no upgraded node until that claim ends, and then keeps the time it became due', async () => {
    store = await PostgresStore.open(databaseUrl, { max: 2 });
    const justBefore = new Date(Date.parse(claimedThen.next_at) - 1).toISOString();
    // Only the 500's retry is due: the held delivery's claim (next_at) still gates it.
    expect((await store.dueDeliveries(justBefore, 10)).map((delivery) => delivery.url)).toEqual([fixture.urls.answers500]);
    const [taken] = await store.dueDeliveries(claimedThen.next_at, 10);
    expect(taken).toMatchObject({ id: 3, url: fixture.urls.holds, status: 'pending', attempts: 0, claimedDueAt: claimedThen.next_at });
    expect(await store.dueDeliveries(claimedThen.next_at, 10)).toEqual([]);
  });
});
