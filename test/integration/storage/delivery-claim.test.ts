import { createServer, type ServerResponse } from 'node:http';
import { copyFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createDatabase } from '../../../scripts/local-services';
import type { LinkSealer } from '../../../server/auth/link-sealer';
import { PostgresStore } from '../../../server/storage/postgres-store';
import type { WebhookAddressPolicy } from '../../../server/webhooks/address-policy';
import { WebhookService } from '../../../server/webhooks/webhook-service';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { storedWorkspace } from '../../support/stored-workspace';
import { connectSynced, waitFor } from '../support/clients';
import { call } from '../support/people';
import { PreviousReleaseOutbox } from '../support/previous-release-outbox';
import { createWorkspace, startTestServer, tempDataDir, type TestServer } from '../support/test-server';

/** A claim's times, far enough ahead that every delivery this file makes is due at T0. */
const T0 = '2999-01-01T00:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('a delivery claimed in PostgreSQL (SPEC M30, N10)', () => {
  let store: PostgresStore;
  let previous: PreviousReleaseOutbox;
  beforeEach(async () => {
    const url = await createDatabase(inject('postgresUrl'));
    store = await PostgresStore.open(url, { max: 3 });
    previous = PreviousReleaseOutbox.open(url);
  });
  afterEach(async () => {
    await previous.close();
    await store.close();
  });

  /** `count` deliveries of one change to workspace `w`, due now; answers their ids, oldest first. */
  async function deliveries(count: number): Promise<number[]> {
    const doc = new Y.Doc();
    await store.createWorkspace({ ...storedWorkspace('w', doc), sealedTokens: { facilitator: 'sealed-f' } });
    doc.getText('t').insert(0, 'x');
    const urls = Array.from({ length: count }, (_, index) => `http://hooks.test/${index}`);
    await store.commit([{ workspace: 'w', updates: [Y.encodeStateAsUpdate(doc)], deliveries: urls.map((url) => ({ workspace: 'w', event: 'pivot' as const, url, body: '{}' })) }]);
    return (await store.listDeliveries('w', count)).map((delivery) => delivery.id).sort((a, b) => a - b);
  }

  it('[M30][N10] a claim still moves next_at to its end, the gate every release reads, and keeps beside it when the delivery was due; its answer clears that', async () => {
    const [id] = await deliveries(1);
    const [waiting] = await store.listDeliveries('w', 10);
    expect(waiting).toMatchObject({ id, nextAt: waiting!.createdAt, claimedDueAt: null });
    expect((await store.dueDeliveries(T0, 10)).map((delivery) => delivery.id)).toEqual([id]);
    expect(await store.listDeliveries('w', 10)).toMatchObject([{ id, nextAt: at(60_000), claimedDueAt: waiting!.createdAt }]);
    expect(await store.nextDeliveryAt()).toBe(at(60_000));
    expect(await store.dueDeliveries(at(59_999), 10)).toEqual([]);
    // Its node died: the claim lapses, the next read claims it again, and it has been due all along.
    expect((await store.dueDeliveries(at(60_000), 10)).map((delivery) => [delivery.id, delivery.nextAt, delivery.claimedDueAt])).toEqual([[id, at(120_000), waiting!.createdAt]]);
    // Answered 56 s into that claim and retried after 64 s: next_at lands exactly on the claim's
    // end, so only the answer clearing the kept due time tells it apart from the claim still held.
    await store.recordAttempt({ id: id!, nextAt: at(120_000) }, { code: 500, error: 'answered 500', status: 'pending', nextAt: at(120_000), at: at(116_000) });
    expect(await store.listDeliveries('w', 10)).toMatchObject([{ id, status: 'pending', attempts: 1, nextAt: at(120_000), claimedDueAt: null }]);
    // Its retry's claim keeps the retry's due time, not the first one.
    expect((await store.dueDeliveries(at(120_000), 10)).map((delivery) => [delivery.id, delivery.claimedDueAt])).toEqual([[id, at(120_000)]]);
  });

  it('[M30][M28] a claimed delivery withdrawn (its URL removed) is listed as ended, with no due time kept', async () => {
    const service = new WebhookService(store, {} as LinkSealer, () => new Date(at(30_000)), {} as WebhookAddressPolicy, null);
    const [id] = await deliveries(1);
    await store.dueDeliveries(T0, 10);
    expect(await store.withdrawDeliveries('w', [], 'Not sent: its URL was removed from the webhooks.', at(30_000))).toBe(1);
    expect(await store.listDeliveries('w', 10)).toMatchObject([{ id, status: 'failed', attempts: 0, claimedDueAt: null, doneAt: at(30_000) }]);
    expect(await service.deliveries('w')).toMatchObject([{ id, status: 'failed', inFlight: false }]);
  });

  it('[M30] the delivery log lists a live claim as in flight and a lapsed one as due, never the claim’s end as its next try', async () => {
    let now = T0;
    const service = new WebhookService(store, {} as LinkSealer, () => new Date(now), {} as WebhookAddressPolicy, null);
    const [id] = await deliveries(1);
    const listed = async () => (await service.deliveries('w'))[0]!;
    const dueAt = (await listed()).createdAt;
    expect(await listed()).toMatchObject({ id, status: 'pending', inFlight: false, nextAt: dueAt });
    await store.dueDeliveries(T0, 10);
    now = at(30_000);
    expect(await listed()).toMatchObject({ status: 'pending', attempts: 0, inFlight: true, nextAt: dueAt });
    expect(Object.keys(await listed())).not.toEqual(expect.arrayContaining(['body']));
    expect(Object.keys(await listed())).not.toContain('claimedDueAt');
    now = at(60_000);
    expect(await listed()).toMatchObject({ status: 'pending', inFlight: false, nextAt: dueAt });
    await store.recordAttempt({ id: id!, nextAt: at(60_000) }, { code: 500, error: 'answered 500', status: 'pending', nextAt: at(64_000), at: at(60_000) });
    expect(await listed()).toMatchObject({ status: 'pending', attempts: 1, inFlight: false, nextAt: at(64_000) });
    await store.dueDeliveries(at(64_000), 10);
    now = at(64_100);
    expect(await listed()).toMatchObject({ inFlight: true, nextAt: at(64_000) });
    await store.recordAttempt({ id: id!, nextAt: at(124_000) }, { code: 200, error: null, status: 'delivered', nextAt: at(64_200), at: at(64_200) });
    expect(await listed()).toMatchObject({ status: 'delivered', attempts: 2, inFlight: false });
  });

  it('[M11] an attempt that sent nothing, recorded as 0 by a release before null, is listed null when its error says so; a 0 before it, or before a withdrawal, stays "no answer"', async () => {
    const service = new WebhookService(store, {} as LinkSealer, () => new Date(at(30_000)), {} as WebhookAddressPolicy, null);
    const [unopened, withdrawn] = await deliveries(2);
    const listed = async (id: number) => (await service.deliveries('w')).find((delivery) => delivery.id === id)!;
    await previous.recordAttempt(unopened!, { code: 0, error: 'connect ECONNREFUSED', status: 'pending', nextAt: at(1_000), at: T0 });
    await previous.recordAttempt(unopened!, { code: 0, error: 'Not sent: the webhook secret can no longer be opened.', status: 'failed', nextAt: at(1_000), at: at(1_000) });
    expect(await listed(unopened!)).toMatchObject({ codes: [0, null], lastError: 'Not sent: the webhook secret can no longer be opened.' });
    await previous.recordAttempt(withdrawn!, { code: 0, error: 'connect ECONNREFUSED', status: 'pending', nextAt: at(1_000), at: T0 });
    await store.withdrawDeliveries('w', ['http://hooks.test/0'], 'Not sent: its URL was removed from the webhooks.', at(2_000));
    expect(await listed(withdrawn!)).toMatchObject({ status: 'failed', codes: [0] });
  });

  /**
   * The reviewer's scenario against 88889b4 (reverted): during a rolling upgrade nodes of the release
   * before keep polling the outbox beside upgraded ones, and they gate on next_at alone. A claim kept
   * in a column of its own, with next_at left at the due time, let an old node read and send a
   * delivery an upgraded node had just claimed. Here a claim of either release moves next_at, so
   * neither reads what the other holds, and an upgraded node's due time never outlives the claim
   * it was kept for.
   */
  it('[M30][N10] rolling upgrade: a node of the release before and an upgraded node never both take one delivery', async () => {
    const ids = await deliveries(3);
    // The old node claims first; the upgraded node leaves that delivery until its claim ends.
    expect(await previous.claim(T0, 1)).toEqual([ids[0]]);
    expect((await store.dueDeliveries(T0, 10)).map((delivery) => delivery.id)).toEqual([ids[1], ids[2]]);
    // The upgraded node's claims hold the old node off just as long.
    expect(await previous.claim(at(59_999), 10)).toEqual([]);
    expect(await store.dueDeliveries(at(59_999), 10)).toEqual([]);
    // The old node's claim was never the upgraded node's: listed as that release listed it.
    expect((await store.listDeliveries('w', 10)).find((delivery) => delivery.id === ids[0])).toMatchObject({ nextAt: at(60_000), claimedDueAt: null });
    // Every claim lapses at once (both nodes died): the old node reads first and takes all three.
    expect(await previous.claim(at(60_000), 10)).toEqual(ids);
    expect(await store.dueDeliveries(at(60_000), 10)).toEqual([]);
    // It moved next_at under two of the upgraded node's claims: the due times kept for those say
    // nothing now, and the log shows what the old node wrote rather than a claim of its own making.
    expect((await store.listDeliveries('w', 10)).map((delivery) => delivery.claimedDueAt)).toEqual([null, null, null]);
    await previous.recordAttempt(ids[1]!, { code: 500, error: 'answered 500', status: 'pending', nextAt: at(61_000), at: at(60_000) });
    expect((await store.listDeliveries('w', 10)).find((delivery) => delivery.id === ids[1])).toMatchObject({ attempts: 1, nextAt: at(61_000), claimedDueAt: null });
    // Its retry is claimed by whichever node reads it first, once.
    expect((await store.dueDeliveries(at(61_000), 10)).map((delivery) => [delivery.id, delivery.claimedDueAt])).toEqual([[ids[1], at(61_000)]]);
    expect(await previous.claim(at(61_000), 10)).toEqual([]);
  });

  it('[M30][N10] an old and an upgraded node polling one outbox at the same instant claim each delivery once', async () => {
    const ids = await deliveries(30);
    for (let round = 0; round < 8; round++) {
      // Each round a minute on, so every earlier claim has lapsed and all thirty are due again.
      const now = at(round * 61_000);
      const [old, upgraded] = await Promise.all([previous.claim(now, 20), store.dueDeliveries(now, 20).then((due) => due.map((delivery) => delivery.id))]);
      expect(old.filter((id) => upgraded.includes(id))).toEqual([]);
      // Between them they take all thirty: SKIP LOCKED passes over only rows the other holds (or,
      // once it committed, no longer due), and a skipped row does not count towards the LIMIT, so
      // a delivery left untaken would mean each took 20 others, 40 of 30.
      expect([...old, ...upgraded].sort((a, b) => a - b)).toEqual(ids);
    }
  });
});

describe('the delivery log over HTTP with PostgreSQL (SPEC M30)', () => {
  const held: ServerResponse[] = [];
  const receiver = createServer((request, response) => (request.resume(), held.push(response)));
  afterEach(() => new Promise<void>((resolve) => (receiver.closeAllConnections(), receiver.close(() => resolve()))));

  it('[M30] a delivery being sent is listed in flight with the time it was due, not the claim’s end; once answered, as what came of it', async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const server = await startTestServer({ databaseUrl: await createDatabase(inject('postgresUrl')), webhookAllow: ['127.0.0.1'] });
    try {
      const workspace = await createWorkspace(server.url, 'Hooks review');
      const api = (method: string, path: string, body?: unknown) =>
        call<any>(server.url, method, `/api/workspaces/${workspace.id}${path}`, { token: workspace.tokens.facilitator }, body);
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      expect((await api('PUT', '/webhooks', { urls: [url], secret: 'a-webhook-secret-of-some-length' })).status).toBe(200);
      const client = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.facilitator);
      try {
        unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
        unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
        await waitFor('the delivery held open by its receiver', () => held.length === 1);
        const [sending] = (await api('GET', '/webhooks/deliveries')).json.deliveries;
        expect(sending).toMatchObject({ status: 'pending', attempts: 0, inFlight: true, nextAt: sending.createdAt });
        expect(Object.keys(sending)).not.toContain('claimedDueAt');
        expect(Object.keys(sending)).not.toContain('body');
        held[0]!.writeHead(200).end();
        await waitFor('the answer recorded', async () => (await api('GET', '/webhooks/deliveries')).json.deliveries[0]?.status === 'delivered');
        expect((await api('GET', '/webhooks/deliveries')).json.deliveries).toMatchObject([{ status: 'delivered', attempts: 1, inFlight: false }]);
      } finally {
        client.destroy();
      }
    } finally {
      await server.close();
    }
  });
});

/**
 * N10's race as two nodes meet it: both serve one PostgreSQL database and the run's Redis with one
 * key file, each sender polling as in production. Node A reads the delivery first and its request
 * hangs (a pause past the claim: a stalled process, a receiver slow to answer); the minute lapses
 * and node B claims and sends it. A's late answer must not overwrite what B recorded: whether B's
 * attempt delivered it (the status half of the guard) or failed and is retried later (still
 * pending: only `next_at`, moved by B's retry, tells A's read from the row now).
 */
describe('two nodes racing for one delivery (SPEC M31, N10)', () => {
  let receiver: ReturnType<typeof createServer> | undefined;
  afterEach(() => new Promise<void>((resolve) => (receiver!.closeAllConnections(), receiver!.close(() => resolve()))));

  it.each([
    ['delivered it', 200, { status: 'delivered', attempts: 1, codes: [200], lastError: null, inFlight: false }],
    ['failed, retried later', 500, { status: 'pending', attempts: 1, codes: [500], lastError: 'answered 500', inFlight: false }],
  ] as const)('[M31][N10] a node whose claim lapsed while it sent does not record its attempt over the one of the node that took the delivery over (which %s)', async (_case, answer, recorded) => {
    const held: ServerResponse[] = [];
    let requests = 0;
    // The first request (node A's) hangs until the test answers it; every later one is answered at once.
    receiver = createServer((request, response) => {
      request.resume();
      if (requests++ === 0) held.push(response);
      else response.writeHead(answer).end();
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // B's retry, if any, falls after the test: the log holds B's one attempt.
    const webhookBackoffMs = [600_000];
    const databaseUrl = await createDatabase(inject('postgresUrl'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Node B's clock runs ten minutes behind until A holds the delivery, then past A's claim.
    let bShift = -600_000;
    const a = await startTestServer({ databaseUrl, redisUrl: inject('redisUrl'), webhookAllow: ['127.0.0.1'], webhookBackoffMs });
    const bDir = tempDataDir();
    copyFileSync(join(a.dataDir, 'link-key'), join(bDir, 'link-key'));
    const b = await startTestServer({ dataDir: bDir, databaseUrl, redisUrl: inject('redisUrl'), webhookAllow: ['127.0.0.1'], webhookBackoffMs, clock: () => new Date(Date.now() + bShift) });
    try {
      const workspace = await createWorkspace(a.url, 'Hooks review');
      const api = (through: TestServer, method: string, path: string, body?: unknown) =>
        call<any>(through.url, method, `/api/workspaces/${workspace.id}${path}`, { token: workspace.tokens.facilitator }, body);
      expect((await api(a, 'PUT', '/webhooks', { urls: [url], secret: 'a-webhook-secret-of-some-length' })).status).toBe(200);
      // One change stored with one delivery, due at once, as a node's commit stores it (M9).
      const store = await PostgresStore.open(databaseUrl, { max: 1 });
      try {
        const doc = new Y.Doc();
        doc.getText('t').insert(0, 'x');
        await store.commit([{ workspace: workspace.id, updates: [Y.encodeStateAsUpdate(doc)], deliveries: [{ workspace: workspace.id, event: 'pivot', url, body: '{}' }] }]);
        await waitFor("node A's request held open by the receiver", () => held.length === 1);

        bShift = 61_000;
        await waitFor('node B to send it', async () => (await api(b, 'GET', '/webhooks/deliveries')).json.deliveries[0]?.attempts === 1);
        expect((await api(b, 'GET', '/webhooks/deliveries')).json.deliveries).toMatchObject([recorded]);

        // A's request is answered at last, with a failure it would retry.
        held[0]!.writeHead(503).end();
        const takenOver = () => errors.mock.calls.some(([line]) => String(line).includes('was taken over'));
        await waitFor("node A's answer read", async () => takenOver() || (await api(b, 'GET', '/webhooks/deliveries')).json.deliveries[0]?.attempts !== 1);
        for (const node of [a, b]) expect((await api(node, 'GET', '/webhooks/deliveries')).json.deliveries).toMatchObject([recorded]);
        expect(requests).toBe(2);
        expect(takenOver()).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
