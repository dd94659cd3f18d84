import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createDatabase } from '../../../scripts/local-services';
import { PostgresStore } from '../../../server/storage/postgres-store';
import { signature } from '../../../server/webhooks/webhook-service';
import { waitFor } from '../support/clients';
import { cuttableProxy } from '../support/cuttable-proxy';
import { createWorkspace, startTestServer, type CreatedWorkspace, type TestServer } from '../support/test-server';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { CLAIM_LAPSED_MS, KEY_ABSENCE_MS, logLines, SECRET, storeDelivery, WAITING_FOR_HOLDER } from '../support/webhook-keys';

interface LoggedDelivery {
  status: string;
  attempts: number;
  codes: Array<number | null>;
  lastError: string | null;
  inFlight: boolean;
  nextAt: string;
  createdAt: string;
}

/**
 * SPEC M29 as server.ts wires it: nodes sharing one PostgreSQL database and the run's Redis, each
 * with a data directory, and so a link key, of its own (a node started without the shared key
 * file), asked what a facilitator asks: the delivery log and the webhook settings, over REST. Each
 * node's sender polls as in production; a node's clock is moved only where the test must choose
 * which node reads a delivery first. The scenarios of nodes in one process, on the test's clock,
 * are in record/webhook-secret-lost.test.ts.
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

  async function node(clock: () => Date = () => new Date(), redisUrl = inject('redisUrl')): Promise<TestServer> {
    const server = await startTestServer({ databaseUrl, redisUrl, webhookAllow: ['127.0.0.1'], webhookBackoffMs: [50], clock });
    cleanups.push(() => server.close());
    return server;
  }

  async function begin(): Promise<void> {
    databaseUrl = await createDatabase(inject('postgresUrl'));
    receiver = await startReceiver();
    cleanups.push(() => receiver.close());
  }

  /** PUT …/webhooks through `through`; `secret` undefined keeps the one stored (M29). */
  function putWebhooks(through: TestServer, secret?: string): Promise<Response> {
    return fetch(`${through.url}/api/workspaces/${workspace.id}/webhooks`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${workspace.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ urls: [receiver.url], secret }),
    });
  }

  /** Sets the receiver as the workspace's webhook through `through`, which seals the secret with its key. */
  async function setWebhook(through: TestServer): Promise<void> {
    workspace = await createWorkspace(through.url);
    expect((await putWebhooks(through, SECRET)).status).toBe(200);
  }

  async function delivery(): Promise<void> {
    const store = await PostgresStore.open(databaseUrl, { max: 1 });
    try {
      await storeDelivery(store, workspace.id, receiver.url);
    } finally {
      await store.close();
    }
  }

  /** GET …/webhooks/deliveries through `through`, as the History view reads it. */
  function read(through: TestServer): Promise<Response> {
    // Bounded: a node that waited on Redis for ever would otherwise hold the test until it timed out.
    return fetch(`${through.url}/api/workspaces/${workspace.id}/webhooks/deliveries`, { headers: { authorization: `Bearer ${workspace.tokens.facilitator}` }, signal: AbortSignal.timeout(20_000) });
  }

  async function log(through: TestServer): Promise<{ secretSet: boolean | null; deliveries: LoggedDelivery[] }> {
    const response = await read(through);
    expect(response.status).toBe(200);
    return (await response.json()) as { secretSet: boolean; deliveries: LoggedDelivery[] };
  }

  it('[M29][M32][N10] the node whose key differs leaves the delivery, and the log says what it waits for and when it is tried next, not that it is being sent; the node that holds the key sends it', async () => {
    await begin();
    // The holder's clock runs ten minutes behind until the other node has read the delivery, so
    // that the other node reads it first.
    let holderShift = -600_000;
    const holder = await node(() => new Date(Date.now() + holderShift));
    const other = await node();
    await setWebhook(holder);
    const left = logLines('left to a node that can');
    await delivery();

    await waitFor('the other node to read the delivery', async () => left() > 0 || (await log(other)).deliveries[0]!.attempts > 0);
    // Every node lists it alike: waiting, until its claim ends, for a node that holds the key.
    for (const through of [other, holder]) {
      const [waiting] = (await log(through)).deliveries;
      expect(waiting).toMatchObject({ status: 'pending', attempts: 0, codes: [], lastError: WAITING_FOR_HOLDER, inFlight: false });
      expect(Date.parse(waiting!.nextAt) - Date.parse(waiting!.createdAt)).toBeGreaterThanOrEqual(60_000);
      expect(Date.parse(waiting!.nextAt) - Date.parse(waiting!.createdAt)).toBeLessThan(CLAIM_LAPSED_MS + 5_000);
    }

    holderShift = CLAIM_LAPSED_MS;
    await waitFor('the holder to send it', async () => (await log(holder)).deliveries[0]!.status !== 'pending');
    expect((await log(holder)).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1, codes: [200], lastError: null });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-throughline-signature']).toBe(signature(SECRET, receiver.received[0]!.body));
  });

  it('[M29] every node tells a facilitator the same: the secret is set while a live node holds its key, so a save without it is kept through any node; once none has held it for two minutes, no node says it is set', async () => {
    await begin();
    const holder = await node();
    // Reads no delivery (its clock runs ten minutes behind): the holder sends what the save signs.
    let otherShift = -600_000;
    const other = await node(() => new Date(Date.now() + otherShift));
    await setWebhook(holder);

    for (const through of [holder, other]) expect(await log(through)).toMatchObject({ urls: [receiver.url], secretSet: true });
    // Saved through the node whose key differs, without the secret: the stored one still signs.
    expect((await putWebhooks(other)).status).toBe(200);
    await delivery();
    await waitFor('the holder to send it', async () => (await log(holder)).deliveries[0]!.status === 'delivered');
    expect(receiver.received[0]!.headers['x-throughline-signature']).toBe(signature(SECRET, receiver.received[0]!.body));

    // The holder stops. Within the two minutes it may be restarting: the node left still says the
    // secret is set, as its sender waits for the holder rather than failing the delivery.
    await holder.close();
    expect(await log(other)).toMatchObject({ secretSet: true });
    // Each read two minutes on (the node's clock moved): the first that finds no holder starts the
    // count, and the next says what the sender would, that no node signs with it.
    await waitFor('the other node to find the key unheld for two minutes', async () => {
      otherShift += KEY_ABSENCE_MS;
      return (await log(other)).secretSet === false;
    });
    const refused = await putWebhooks(other);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('secret_required');
  });

  it('[M29][M32] a node whose Redis stops answering waits at most 5 s to be told who holds the key: its log is listed with secretSet null, a save without a secret answers 503 saying so, its sender records nothing', async () => {
    await begin();
    // The node that seals the secret reads no delivery: its clock runs ten minutes behind.
    const sealing = await node(() => new Date(Date.now() - 600_000));
    const proxy = await cuttableProxy(Number(new URL(inject('redisUrl')).port));
    cleanups.push(() => proxy.close());
    const stalled = await node(undefined, `redis://${proxy.address}`);
    // Mended before the node closes, which waits for Redis to answer its QUIT.
    cleanups.push(() => proxy.mend());
    await setWebhook(sealing);
    const unanswered = logLines('did not say within 5000 ms who holds a key');
    const senderTries = logLines('reading the secret for delivery');

    proxy.cut('stall');
    await delivery();
    let asked = Date.now();
    // The History view's log is listed all the same: only whether the secret signs is unknown.
    const listed = await log(stalled);
    let waited = Date.now() - asked;
    expect(listed).toMatchObject({ urls: [receiver.url], secretSet: null, deliveries: [{ status: 'pending' }] });
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(waited).toBeLessThan(10_000);
    asked = Date.now();
    const refused = await putWebhooks(stalled);
    waited = Date.now() - asked;
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'key_holders_unknown', message: expect.stringContaining('Redis did not answer') } });
    expect(waited).toBeLessThan(10_000);
    // The sender's try gave up on Redis as soon, and left the delivery as it was.
    await waitFor("the sender's try to end", () => senderTries() === 1, 10_000);
    expect(unanswered()).toBe(3);
    expect((await log(sealing)).deliveries).toMatchObject([
      { status: 'pending', attempts: 0, codes: [], inFlight: false, lastError: 'Not sent yet: this server could not tell what signs it; it is tried again shortly.' },
    ]);

    await proxy.mend();
    expect(await log(stalled)).toMatchObject({ secretSet: true });
  });
});
