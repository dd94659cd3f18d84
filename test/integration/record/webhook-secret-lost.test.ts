import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createDatabase } from '../../../scripts/local-services';
import { LinkSealer } from '../../../server/auth/link-sealer';
import { PostgresStore } from '../../../server/storage/postgres-store';
import { SqliteStore } from '../../../server/storage/sqlite-store';
import type { Store } from '../../../server/storage/store';
import { WebhookAddressPolicy } from '../../../server/webhooks/address-policy';
import { WebhookSender } from '../../../server/webhooks/webhook-sender';
import { WebhookService } from '../../../server/webhooks/webhook-service';
import { storedWorkspace } from '../../support/stored-workspace';
import { waitFor } from '../support/clients';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const SECRET = 'a-webhook-secret-of-some-length';
/** Later than any delivery this file stores, so each is due at once. */
const T0 = Date.parse('2999-01-01T00:00:00.000Z');
const LOST = "Not sent: the webhook secret can no longer be opened (the server's key was replaced); set the secret again.";

const stores: Record<string, () => Promise<Store>> = {
  SQLite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'throughline-secret-lost-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return SqliteStore.open(join(dir, 'throughline.db'));
  },
  PostgreSQL: async () => PostgresStore.open(await createDatabase(inject('postgresUrl')), { max: 3 }),
};
const cleanups: Array<() => unknown> = [];

describe.each(Object.keys(stores))('a webhook secret the server can no longer open, with %s (SPEC M29, M11)', (kind) => {
  let store: Store;
  let receiver: Receiver;
  let now = T0;
  afterEach(async () => {
    vi.restoreAllMocks();
    await receiver.close();
    await store.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /**
   * Webhooks to a live receiver set with one key, and a sender whose server has another (its key
   * file replaced); answers that sender, and the service it reads the log with; one change stored one delivery.
   */
  async function replacedKey(): Promise<{ sender: WebhookSender; service: WebhookService }> {
    store = await stores[kind]!();
    receiver = await startReceiver();
    now = T0;
    const addresses = new WebhookAddressPolicy(['127.0.0.1']);
    const doc = new Y.Doc();
    await store.createWorkspace(storedWorkspace('w', doc));
    await new WebhookService(store, new LinkSealer(randomBytes(32)), () => new Date(now), addresses).configure('w', [receiver.url], SECRET, []);
    doc.getText('t').insert(0, 'x');
    await store.commit([{ workspace: 'w', updates: [Y.encodeStateAsUpdate(doc)], deliveries: [{ workspace: 'w', event: 'pivot', url: receiver.url, body: '{}' }] }]);
    const service = new WebhookService(store, new LinkSealer(randomBytes(32)), () => new Date(now), addresses);
    const sender = new WebhookSender(store, service, { backoffMs: [1_000], pollMs: 60_000, timeoutMs: 5_000, clock: () => new Date(now), addresses, sharedOutbox: kind === 'PostgreSQL' });
    return { sender, service };
  }

  // A lone server: the only one that could send it.
  if (kind === 'SQLite') it('[M29][M11] each try is an attempt that failed, saying why, retried and given up as any other; nothing goes out unsigned', async () => {
    const { sender, service } = await replacedKey();
    await sender.poll();
    await waitFor('the first attempt recorded', async () => (await service.deliveries('w'))[0]!.attempts === 1, 3_000);
    expect((await service.deliveries('w'))[0]).toMatchObject({ status: 'pending', attempts: 1, codes: [0], lastError: LOST, inFlight: false, nextAt: new Date(T0 + 1_000).toISOString() });
    now = T0 + 1_000;
    await sender.poll();
    await waitFor('the delivery given up', async () => (await service.deliveries('w'))[0]!.status === 'failed', 3_000);
    expect((await service.deliveries('w'))[0]).toMatchObject({ status: 'failed', attempts: 2, codes: [0, 0], lastError: LOST, inFlight: false });
    expect(receiver.received).toEqual([]);
  });

  // Nodes sharing an outbox: another may hold the key this one lacks.
  if (kind === 'PostgreSQL') it('[M29][N10] a node that cannot open the secret leaves the delivery to a node that can: no attempt recorded, nothing sent, claimed again once its claim lapses', async () => {
    const { sender, service } = await replacedKey();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const leftAlone = () => errors.mock.calls.filter(([line]) => String(line).includes('left to a node that can')).length;
    await sender.poll();
    await waitFor('the delivery left to another node', () => leftAlone() === 1, 3_000);
    expect((await service.deliveries('w'))[0]).toMatchObject({ status: 'pending', attempts: 0, codes: [], inFlight: true });
    // Its claim lapsed, as a node's that died: due again, and left again by this node.
    now = T0 + 61_000;
    expect((await service.deliveries('w'))[0]).toMatchObject({ status: 'pending', attempts: 0, inFlight: false });
    await sender.poll();
    await waitFor('the delivery left again', () => leftAlone() === 2, 3_000);
    expect((await service.deliveries('w'))[0]).toMatchObject({ status: 'pending', attempts: 0, codes: [] });
    expect(receiver.received).toEqual([]);
  });

  it('[M28] a delivery whose URL was removed meanwhile still ends unsent with no attempt, as its URL says, not its secret', async () => {
    const { sender, service } = await replacedKey();
    // Taken off without the withdrawal a Save makes, as if the sender read it just before.
    await store.setWebhooks('w', [], null, new Date(now).toISOString());
    await sender.poll();
    await waitFor('the delivery ended', async () => (await service.deliveries('w'))[0]!.status === 'failed', 3_000);
    expect((await service.deliveries('w'))[0]).toMatchObject({ attempts: 0, codes: [], lastError: 'Not sent: its URL was removed from the webhooks.' });
    expect(receiver.received).toEqual([]);
  });
});
