import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createDatabase } from '../../../scripts/local-services';
import { PostgresStore } from '../../../server/storage/postgres-store';
import { signature } from '../../../server/webhooks/webhook-service';
import { waitFor } from '../support/clients';
import { createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from '../support/test-server';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const SECRET = 'a-webhook-secret-of-some-length';
const KEY_GONE = 'Not sent: the webhook secret can no longer be opened (no running server holds the key it was sealed with); set the secret again.';
/** Past a claim (N10: a minute). */
const CLAIM_MS = 61_000;
/** Past the two minutes no node may have held a key before its secret counts as lost (M29). */
const KEY_ABSENCE_MS = 121_000;

interface LoggedDelivery {
  status: string;
  attempts: number;
  codes: number[];
  lastError: string | null;
}

/**
 * SPEC M29 as server.ts wires it: two nodes sharing one PostgreSQL database and the run's Redis,
 * each with a data directory, and so a link key, of its own (a node started without the shared
 * key file). Each node's sender polls as in production; a node's clock is moved only where the
 * test must choose which node reads a delivery first.
 */
describe('nodes whose key files differ, sending one outbox (SPEC M29)', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  let databaseUrl: string;
  let receiver: Receiver;
  let workspace: CreatedWorkspace;

  async function node(clock: () => Date = () => new Date()): Promise<TestServer> {
    const server = await startTestServer({ databaseUrl, redisUrl: inject('redisUrl'), webhookAllow: ['127.0.0.1'], webhookBackoffMs: [50], clock });
    cleanups.push(() => server.close());
    return server;
  }

  async function begin(): Promise<void> {
    databaseUrl = await createDatabase(inject('postgresUrl'));
    receiver = await startReceiver();
    cleanups.push(() => receiver.close());
  }

  /** Sets the receiver as the workspace's webhook through `through`, which seals the secret with its key. */
  async function setWebhook(through: TestServer): Promise<void> {
    workspace = await createWorkspace(through.url);
    const response = await fetch(`${through.url}/api/workspaces/${workspace.id}/webhooks`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${workspace.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ urls: [receiver.url], secret: SECRET }),
    });
    expect(response.status).toBe(200);
  }

  /** One change stored with one delivery, due at once, as a node's commit stores it (M9). */
  async function storeDelivery(): Promise<void> {
    const store = await PostgresStore.open(databaseUrl, { max: 1 });
    try {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'x');
      await store.commit([{ workspace: workspace.id, updates: [Y.encodeStateAsUpdate(doc)], deliveries: [{ workspace: workspace.id, event: 'pivot', url: receiver.url, body: '{"event":"pivot"}' }] }]);
    } finally {
      await store.close();
    }
  }

  async function log(through: TestServer): Promise<{ secretSet: boolean; deliveries: LoggedDelivery[] }> {
    const response = await fetch(`${through.url}/api/workspaces/${workspace.id}/webhooks/deliveries`, { headers: { authorization: `Bearer ${workspace.tokens.facilitator}` } });
    return (await response.json()) as { secretSet: boolean; deliveries: LoggedDelivery[] };
  }

  it('[M29][N10] the node whose key differs leaves the delivery, and the node that holds the key sends it: no failed attempt', async () => {
    await begin();
    // The holder's clock runs ten minutes behind until the other node has read the delivery, so
    // that the other node reads it first.
    let holderShift = -600_000;
    const holder = await node(() => new Date(Date.now() + holderShift));
    const other = await node();
    await setWebhook(holder);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const left = () => errors.mock.calls.filter(([line]) => String(line).includes('left to a node that can')).length;
    await storeDelivery();

    await waitFor('the other node to read the delivery', async () => left() > 0 || (await log(other)).deliveries[0]!.attempts > 0);
    expect((await log(other)).deliveries[0]).toMatchObject({ status: 'pending', attempts: 0, codes: [], lastError: null });

    holderShift = CLAIM_MS;
    await waitFor('the holder to send it', async () => (await log(holder)).deliveries[0]!.status !== 'pending');
    expect((await log(holder)).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1, codes: [200], lastError: null });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-throughline-signature']).toBe(signature(SECRET, receiver.received[0]!.body));
  });

  it('[M29][M11] with the key gone from every node, the delivery fails as attempts saying so and is given up, not left pending for ever', async () => {
    await begin();
    const sealing = await node();
    await setWebhook(sealing);
    // The node whose key sealed the secret stops; the one left has a key of its own.
    await sealing.close();
    let ahead = 0;
    const other = await node(() => new Date(Date.now() + ahead));
    const left = vi.spyOn(console, 'error').mockImplementation(() => {});
    await storeDelivery();

    // It may be restarting: the first try that finds no holder leaves the delivery.
    await waitFor('the delivery left for now', () => left.mock.calls.some(([line]) => String(line).includes('left to a node that can')));
    expect((await log(other)).deliveries[0]).toMatchObject({ status: 'pending', attempts: 0 });
    // Two minutes on, its claim lapsed: no node has held the key all that time.
    ahead = KEY_ABSENCE_MS + CLAIM_MS;
    await waitFor('the delivery given up', async () => (await log(other)).deliveries[0]!.status !== 'pending');
    expect(await log(other)).toMatchObject({
      secretSet: false,
      deliveries: [{ status: 'failed', attempts: 2, codes: [0, 0], lastError: KEY_GONE }],
    });
    expect(receiver.received).toEqual([]);
  });
});
