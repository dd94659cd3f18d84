import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createDatabase } from '../../../scripts/local-services';
import { LinkSealer } from '../../../server/auth/link-sealer';
import { joinCluster, type Cluster } from '../../../server/cluster/cluster';
import { PostgresStore } from '../../../server/storage/postgres-store';
import { SqliteStore } from '../../../server/storage/sqlite-store';
import type { Store } from '../../../server/storage/store';
import { WebhookAddressPolicy } from '../../../server/webhooks/address-policy';
import { WebhookSender } from '../../../server/webhooks/webhook-sender';
import { signature, WebhookService } from '../../../server/webhooks/webhook-service';
import { storedWorkspace } from '../../support/stored-workspace';
import { waitFor } from '../support/clients';
import { cuttableProxy, type CuttableProxy } from '../support/cuttable-proxy';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { CLAIM_LAPSED_MS, KEY_ABSENCE_MS, KEY_GONE, logLines, LOST, SECRET, storeDelivery as storeOne, WAITING_FOR_OLD_KEY, WAITING_FOR_RETURN } from '../support/webhook-keys';

/** Later than any delivery this file stores, so each is due at once. */
const T0 = Date.parse('2999-01-01T00:00:00.000Z');

/**
 * A webhook secret as the release before (7a0e54c) sealed it for workspace `w`, with this key (the
 * fixture of test/unit/server/auth/link-sealer.test.ts): it names no key.
 */
const PREVIOUS_RELEASE = {
  key: Buffer.from('dGhyb3VnaGxpbmUtN2EwZTU0Yy1maXh0dXJlLWtleSE', 'base64url'),
  secret: 'a-webhook-secret-sealed-by-7a0e54c',
  sealedSecret: 'v1.D6uDw-YnzLm-t8R_.J_2_j0liGlnVfINl6sgtGnySxQg1rRVO2a7d7EZ3FMUy4A.Fws2iIi37QMl7-XYeX39Ig',
};

const cleanups: Array<() => unknown> = [];
let store: Store;
let receiver: Receiver;
let now = T0;
const addresses = new WebhookAddressPolicy(['127.0.0.1']);
const clock = () => new Date(now);

afterEach(async () => {
  vi.restoreAllMocks();
  // Nodes first (their senders and Redis connections), then what they used.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store holding workspace `w`, and a live receiver; the clock back at T0. */
async function begin(open: () => Promise<Store>): Promise<void> {
  now = T0;
  store = await open();
  cleanups.push(() => store.close());
  receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  await store.createWorkspace(storedWorkspace('w'));
}

/** One change stored with one delivery to the receiver, due at once. */
const storeDelivery = () => storeOne(store, 'w', receiver.url);
/** The webhook as the release before stored it (a secret sealed naming no key, A1), and one delivery of it. */
const storeOldSecretAndDelivery = async () => {
  await store.setWebhooks('w', [receiver.url], PREVIOUS_RELEASE.sealedSecret, new Date(now).toISOString());
  await storeDelivery();
};

const sqlite = async (): Promise<Store> => {
  const dir = mkdtempSync(join(tmpdir(), 'throughline-secret-lost-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return SqliteStore.open(join(dir, 'throughline.db'));
};
const postgres = async (): Promise<Store> => PostgresStore.open(await createDatabase(inject('postgresUrl')), { max: 3 });

/** The one delivery as the log lists it. */
const delivery = async (service: WebhookService) => (await service.deliveries('w'))[0]!;

// SQLite, or PostgreSQL without Redis: the server is the only one serving (DESIGN §6), the only
// sender there is.
describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL without Redis', postgres],
] as const)('a webhook secret a server alone can no longer open, with %s (SPEC M29, M11)', (_kind, open) => {
  /**
   * Webhooks to a live receiver set with one key, and a sender whose server has another (its key
   * file replaced); answers that sender, and the service it reads the log with; one change stored one delivery.
   */
  async function replacedKey(): Promise<{ sender: WebhookSender; service: WebhookService }> {
    await begin(open);
    await new WebhookService(store, new LinkSealer(randomBytes(32)), clock, addresses, null).configure('w', [receiver.url], SECRET, []);
    await storeDelivery();
    const service = new WebhookService(store, new LinkSealer(randomBytes(32)), clock, addresses, null);
    const sender = new WebhookSender(store, service, { backoffMs: [1_000], pollMs: 60_000, timeoutMs: 5_000, clock, addresses });
    return { sender, service };
  }

  it('[M29][M11] each try is an attempt that failed, saying why, retried and given up as any other; nothing goes out unsigned', async () => {
    const { sender, service } = await replacedKey();
    await sender.poll();
    await waitFor('the first attempt recorded', async () => (await delivery(service)).attempts === 1, 3_000);
    expect(await delivery(service)).toMatchObject({ status: 'pending', attempts: 1, codes: [null], lastError: LOST, inFlight: false, nextAt: new Date(T0 + 1_000).toISOString() });
    now = T0 + 1_000;
    await sender.poll();
    await waitFor('the delivery given up', async () => (await delivery(service)).status === 'failed', 3_000);
    expect(await delivery(service)).toMatchObject({ status: 'failed', attempts: 2, codes: [null, null], lastError: LOST, inFlight: false });
    expect(receiver.received).toEqual([]);
  });

  it('[M28] a delivery whose URL was removed meanwhile still ends unsent with no attempt, as its URL says, not its secret', async () => {
    const { sender, service } = await replacedKey();
    // Taken off without the withdrawal a Save makes, as if the sender read it just before.
    await store.setWebhooks('w', [], null, new Date(now).toISOString());
    await sender.poll();
    await waitFor('the delivery ended', async () => (await delivery(service)).status === 'failed', 3_000);
    expect(await delivery(service)).toMatchObject({ attempts: 0, codes: [], lastError: 'Not sent: its URL was removed from the webhooks.' });
    expect(receiver.received).toEqual([]);
  });
});

/**
 * Several nodes (PostgreSQL and Redis, the run's): each its own key file, link sealer, cluster
 * membership, webhook service and sender, all in this process, each sender polled by hand on the
 * test's clock. A key's channel is named after a random key, so no other file's node holds it.
 * What servers as server.ts wires them show over REST (the holder sends what another node left,
 * the settings every node shows, Redis not answering) is in cluster/webhook-keys.test.ts.
 */
describe('a webhook secret some node cannot open, in a cluster (SPEC M29, N10, M11)', () => {
  interface Node {
    sealer: LinkSealer;
    cluster: Cluster;
    service: WebhookService;
    sender: WebhookSender;
    /** Leaves the cluster as a node that died does: Redis ends its subscriptions. */
    leave(): Promise<void>;
  }

  async function startNode(key: Buffer, redisUrl = inject('redisUrl')): Promise<Node> {
    const sealer = new LinkSealer(key);
    const cluster = await joinCluster(redisUrl, store, sealer.keyId);
    let left = false;
    const leave = async () => {
      if (left) return;
      left = true;
      await cluster.close();
    };
    cleanups.push(leave);
    const service = new WebhookService(store, sealer, clock, addresses, cluster);
    const sender = new WebhookSender(store, service, { backoffMs: [1_000], pollMs: 60_000, timeoutMs: 5_000, clock, addresses });
    return { sealer, cluster, service, sender, leave };
  }

  /** The lines in which a node said it left a delivery to another. */
  const leftAlone = () => logLines('left to a node that can');

  it('[M29][M11] once no live node holds the sealing key, each try is an attempt that failed, saying so, retried and given up as any other', async () => {
    await begin(postgres);
    const sealing = await startNode(randomBytes(32));
    const [first, second] = [await startNode(randomBytes(32)), await startNode(randomBytes(32))];
    await sealing.service.configure('w', [receiver.url], SECRET, []);
    await storeDelivery();
    const left = leftAlone();

    // While the node that sealed it lives, the others leave it to that node.
    await first.sender.poll();
    await waitFor('the delivery left to the sealing node', () => left() === 1, 5_000);

    // That node dies: its key is gone from every live node. The first try that finds no holder
    // leaves it still (the holder may be restarting); two minutes on, it is an attempt that failed.
    await sealing.leave();
    await waitFor('Redis to count the sealing node out', async () => !(await first.cluster.keyHeld(sealing.sealer.keyId)), 5_000);
    now = T0 + CLAIM_LAPSED_MS;
    await first.sender.poll();
    await waitFor('the try to end', async () => left() === 2 || (await delivery(first.service)).attempts > 0, 5_000);
    expect(await delivery(first.service)).toMatchObject({ status: 'pending', attempts: 0, codes: [], lastError: WAITING_FOR_RETURN, inFlight: false });
    expect(left()).toBe(2);
    now += KEY_ABSENCE_MS;
    await first.sender.poll();
    await waitFor('the try to end', async () => left() === 3 || (await delivery(first.service)).attempts === 1, 5_000);
    expect(await delivery(first.service)).toMatchObject({ status: 'pending', attempts: 1, codes: [null], lastError: KEY_GONE, inFlight: false, nextAt: new Date(now + 1_000).toISOString() });

    // Each node counts the two minutes as it saw them: one that has not looked before leaves it.
    now += 1_000;
    await second.sender.poll();
    await waitFor('the try to end', async () => left() === 3 || (await delivery(second.service)).attempts === 2, 5_000);
    expect(await delivery(second.service)).toMatchObject({ status: 'pending', attempts: 1 });
    now += CLAIM_LAPSED_MS;
    await first.sender.poll();
    await waitFor('the delivery given up', async () => (await delivery(first.service)).status === 'failed', 5_000);
    expect(await delivery(first.service)).toMatchObject({ status: 'failed', attempts: 2, codes: [null, null], lastError: KEY_GONE, inFlight: false });
    expect(left()).toBe(3);
    expect(receiver.received).toEqual([]);
  });

  it('[M29] a secret altered in the database, naming the key of the node that reads it, is an attempt that failed, not left for ever', async () => {
    await begin(postgres);
    const node = await startNode(randomBytes(32));
    await node.service.configure('w', [receiver.url], SECRET, []);
    const stored = (await store.getWebhooks('w'))!.sealedSecret.split('.');
    stored[2] = Buffer.from('x'.repeat(31)).toString('base64url');
    await store.setWebhooks('w', [receiver.url], stored.join('.'), new Date(now).toISOString());
    await storeDelivery();

    const left = leftAlone();
    await node.sender.poll();
    await waitFor('the try to end', async () => left() === 1 || (await delivery(node.service)).attempts === 1, 5_000);
    expect(await delivery(node.service)).toMatchObject({ status: 'pending', attempts: 1, codes: [null], lastError: KEY_GONE });
    expect(receiver.received).toEqual([]);
  });

  it('[M29] a secret the release before sealed (naming no key) is left by a node whose key differs, as that release did, and signs deliveries on the node whose key opens it', async () => {
    await begin(postgres);
    const holder = await startNode(PREVIOUS_RELEASE.key);
    const other = await startNode(randomBytes(32));
    await storeOldSecretAndDelivery();
    const left = leftAlone();

    await other.sender.poll();
    await waitFor('the try to end', async () => left() === 1 || (await delivery(other.service)).attempts > 0, 5_000);
    expect(await delivery(other.service)).toMatchObject({ status: 'pending', attempts: 0, codes: [] });
    expect(left()).toBe(1);

    now = T0 + CLAIM_LAPSED_MS;
    await holder.sender.poll();
    await waitFor('the delivery sent', async () => (await delivery(holder.service)).status === 'delivered', 5_000);
    expect(await delivery(holder.service)).toMatchObject({ status: 'delivered', attempts: 1, codes: [200] });
    const [sent] = receiver.received;
    expect(sent!.headers['x-throughline-signature']).toBe(signature(PREVIOUS_RELEASE.secret, sent!.body));
    // And the form still shows a secret set, so a facilitator need not type it again: on the node
    // whose key differs too, which, as its sender does, counts on a node that opens it.
    for (const node of [holder, other]) expect(await node.service.settings('w')).toEqual({ urls: [receiver.url], secretSet: true });
    // The holder sealed it again naming its key, so the other node asks whether that key is held.
    const resealed = (await store.getWebhooks('w'))!.sealedSecret;
    expect(holder.sealer.sealedWith(resealed)).toBe(holder.sealer.keyId);
    expect(holder.sealer.open(resealed, 'webhook-secret:w')).toBe(PREVIOUS_RELEASE.secret);
  });

  it('[M29] a secret the release before sealed that cannot be sealed again (the write fails) still reads as set and signs: the tidy-up never fails the read or the delivery', async () => {
    await begin(postgres);
    const holder = await startNode(PREVIOUS_RELEASE.key);
    await storeOldSecretAndDelivery();
    vi.spyOn(store, 'resealWebhookSecret').mockRejectedValue(new Error('could not write: disk full'));

    expect(await holder.service.settings('w')).toEqual({ urls: [receiver.url], secretSet: true });
    await holder.sender.poll();
    await waitFor('the delivery sent', async () => (await delivery(holder.service)).status === 'delivered', 5_000);
    expect(receiver.received[0]!.headers['x-throughline-signature']).toBe(signature(PREVIOUS_RELEASE.secret, receiver.received[0]!.body));
    expect((await store.getWebhooks('w'))!.sealedSecret).toBe(PREVIOUS_RELEASE.sealedSecret);
  });

  it('[M29] a secret the release before sealed that no node opens waits the two minutes an unheld key gets, then counts as lost: the form asks for a new one and each try fails', async () => {
    await begin(postgres);
    const other = await startNode(randomBytes(32));
    await storeOldSecretAndDelivery();
    const left = leftAlone();

    await other.sender.poll();
    await waitFor('the try to end', async () => left() === 1 || (await delivery(other.service)).attempts > 0, 5_000);
    expect(await delivery(other.service)).toMatchObject({ status: 'pending', attempts: 0, lastError: WAITING_FOR_OLD_KEY });
    expect(await other.service.settings('w')).toEqual({ urls: [receiver.url], secretSet: true });

    now += KEY_ABSENCE_MS;
    expect(await other.service.settings('w')).toEqual({ urls: [receiver.url], secretSet: false });
    await expect(other.service.configure('w', [receiver.url], undefined, [])).rejects.toMatchObject({ code: 'secret_required' });
    await other.sender.poll();
    await waitFor('the attempt recorded', async () => (await delivery(other.service)).attempts === 1, 5_000);
    expect(await delivery(other.service)).toMatchObject({ status: 'pending', attempts: 1, codes: [null], lastError: KEY_GONE });
    expect(receiver.received).toEqual([]);
  });

  it('[M29] while the only holder of the key is away within the two minutes, the form says the secret is set and a save without it is kept, as the sender waits for the holder', async () => {
    await begin(postgres);
    const sealing = await startNode(randomBytes(32));
    const other = await startNode(randomBytes(32));
    await sealing.service.configure('w', [receiver.url], SECRET, []);
    await sealing.leave();
    await waitFor('Redis to count the sealing node out', async () => !(await other.cluster.keyHeld(sealing.sealer.keyId)), 5_000);

    expect(await other.service.settings('w')).toEqual({ urls: [receiver.url], secretSet: true });
    await other.service.configure('w', [receiver.url], undefined, []);
    expect(sealing.sealer.sealedWith((await store.getWebhooks('w'))!.sealedSecret)).toBe(sealing.sealer.keyId);
    await storeDelivery();
    const left = leftAlone();
    await other.sender.poll();
    await waitFor('the delivery left for now', () => left() === 1, 5_000);
    expect(await delivery(other.service)).toMatchObject({ status: 'pending', attempts: 0, lastError: WAITING_FOR_RETURN });

    // Past the two minutes, both say no node signs with it.
    now += KEY_ABSENCE_MS;
    expect(await other.service.settings('w')).toEqual({ urls: [receiver.url], secretSet: false });
    await expect(other.service.configure('w', [receiver.url], undefined, [])).rejects.toMatchObject({ code: 'secret_required' });
  });

  it('[M29][N7] a holder whose link to Redis drops for a while is not taken for gone: the delivery waits, and once it listens again it counts as a holder', async () => {
    await begin(postgres);
    const proxy: CuttableProxy = await cuttableProxy(Number(new URL(inject('redisUrl')).port));
    cleanups.push(() => proxy.close());
    const holder = await startNode(randomBytes(32), `redis://${proxy.address}`);
    const other = await startNode(randomBytes(32));
    await holder.service.configure('w', [receiver.url], SECRET, []);
    await storeDelivery();
    const left = leftAlone();

    proxy.cut('drop');
    await waitFor('Redis to count the holder out', async () => !(await other.cluster.keyHeld(holder.sealer.keyId)), 5_000);
    // A try, and another once its claim lapsed, while the holder is out of the count: within the
    // two minutes, neither is an attempt (each would have spent one of M11's retries).
    for (let tries = 1; tries <= 2; tries++) {
      await other.sender.poll();
      await waitFor('the try to end', async () => left() === tries || (await delivery(other.service)).attempts > 0, 5_000);
      expect(await delivery(other.service)).toMatchObject({ status: 'pending', attempts: 0, codes: [] });
      now += CLAIM_LAPSED_MS;
    }

    await proxy.mend();
    await waitFor('the holder listening again', () => other.cluster.keyHeld(holder.sealer.keyId), 10_000);
    await holder.sender.poll();
    await waitFor('the delivery sent', async () => (await delivery(holder.service)).status === 'delivered', 5_000);
    expect(await delivery(holder.service)).toMatchObject({ status: 'delivered', attempts: 1, codes: [200] });
  });

  it('[M29] an absence of the holder long past, which no try saw end, does not count toward a new one: the new one gets its two minutes', async () => {
    await begin(postgres);
    const sealing = await startNode(randomBytes(32));
    const other = await startNode(randomBytes(32));
    await sealing.service.configure('w', [receiver.url], SECRET, []);
    await storeDelivery();
    const left = leftAlone();
    await sealing.leave();
    await waitFor('Redis to count the sealing node out', async () => !(await other.cluster.keyHeld(sealing.sealer.keyId)), 5_000);
    await other.sender.poll();
    await waitFor('the delivery left for now', () => left() === 1, 5_000);

    // Ten minutes with no try (the holder, back meanwhile, could have sent it): found absent
    // again, the count starts again.
    now += 10 * 60_000;
    await other.sender.poll();
    await waitFor('the try to end', async () => left() === 2 || (await delivery(other.service)).attempts > 0, 5_000);
    expect(await delivery(other.service)).toMatchObject({ status: 'pending', attempts: 0, codes: [] });
  });

  it('[M29][M32] a node that cannot ask Redis who holds the key records no attempt, and the log says the delivery waits for a later try', async () => {
    await begin(postgres);
    const sealing = await startNode(randomBytes(32));
    const redis = new URL(inject('redisUrl'));
    const proxy: CuttableProxy = await cuttableProxy(Number(redis.port));
    cleanups.push(() => proxy.close());
    const cutOff = await startNode(randomBytes(32), `redis://${proxy.address}`);
    await sealing.service.configure('w', [receiver.url], SECRET, []);
    await storeDelivery();
    await sealing.leave();
    await waitFor('Redis to count the sealing node out', async () => !(await cutOff.cluster.keyHeld(sealing.sealer.keyId)), 5_000);
    const unasked = logLines('reading the secret for delivery');

    proxy.cut('refuse');
    await cutOff.sender.poll();
    await waitFor('the try to end', async () => unasked() === 1 || (await delivery(cutOff.service)).attempts > 0, 10_000);
    // Its log says why it waits, and until when: not "Sending now".
    expect(await delivery(cutOff.service)).toMatchObject({ status: 'pending', attempts: 0, codes: [], inFlight: false, nextAt: new Date(T0 + 60_000).toISOString() });
    // A fixed sentence: what Redis's client said (an internal host and port) goes to the server's log only.
    expect((await delivery(cutOff.service)).lastError).toBe('Not sent yet: this server could not tell what signs it; it is tried again shortly.');
    expect(unasked()).toBe(1);

    // Redis back and the claim lapsed: asked again, no node holds the key, and none has for the
    // two minutes that follow.
    await proxy.mend();
    const left = leftAlone();
    now = T0 + CLAIM_LAPSED_MS;
    await cutOff.sender.poll();
    await waitFor('the delivery left for now', () => left() === 1, 10_000);
    now += KEY_ABSENCE_MS;
    await cutOff.sender.poll();
    await waitFor('the attempt recorded', async () => (await delivery(cutOff.service)).attempts === 1, 10_000);
    expect(await delivery(cutOff.service)).toMatchObject({ status: 'pending', attempts: 1, codes: [null], lastError: KEY_GONE });
  });
});
