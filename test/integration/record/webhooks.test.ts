import { createHmac } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setDecision } from '../../../shared/schema/agenda-accessors';
import { decideItem } from '../../../shared/schema/agenda-outcomes';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { spawnServer, type ChildServer } from '../support/child-server';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call } from '../support/people';
import { createWorkspace, tempDataDir } from '../support/test-server';
import { addKpi, postReading } from '../support/triage';
import { startReceiver, type Received } from '../support/webhook-receiver';

const SECRET = 'a-webhook-secret-of-some-length';
/** The receivers are on loopback, a private address the operator must allow (H19). */
const LOOPBACK_ALLOWED = { THROUGHLINE_WEBHOOK_ALLOW: '127.0.0.1' };

const signed = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('outgoing webhooks (SPEC M9–M11)', () => {
  const fixture = useWorkspace({ webhookBackoffMs: [300, 300, 300, 300], webhookAllow: [LOOPBACK_ALLOWED.THROUGHLINE_WEBHOOK_ALLOW] });
  const receivers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  const api = (method: string, path: string, role: 'facilitator' | 'editor' | 'viewer', body?: unknown) =>
    call<any>(fixture.server.url, method, `/api/workspaces/${fixture.workspace.id}${path}`, { token: fixture.workspace.tokens[role] }, body);

  it('[M9][M10] a pivot and a meeting end are POSTed signed with the secret, the minutes with the end', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    expect((await api('PUT', '/webhooks', 'facilitator', { urls: [receiver.url], secret: SECRET })).json).toEqual({ urls: [receiver.url] });
    const client = await fixture.connect('facilitator');
    const kpi = await addKpi(fixture, client, 'Uptime');
    expect((await postReading(fixture, kpi, 80)).mode).toBe('triage');
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('two deliveries', () => receiver.received.length === 2);
    const [pivot, ended] = receiver.received as [Received, Received];
    expect(pivot.headers['x-throughline-event']).toBe('pivot');
    expect(pivot.headers['content-type']).toBe('application/json');
    expect(pivot.headers['x-throughline-signature']).toBe(signed(pivot.body));
    expect(JSON.parse(pivot.body)).toMatchObject({ event: 'pivot', workspace: fixture.workspace.id, reason: expect.stringContaining('Uptime') });
    expect(ended.headers['x-throughline-event']).toBe('meeting.ended');
    expect(ended.headers['x-throughline-signature']).toBe(signed(ended.body));
    expect(JSON.parse(ended.body).minutes).toContain('## Attended\n\n- Fran');
    await waitFor('both marked delivered', async () => (await api('GET', '/webhooks/deliveries', 'facilitator')).json.deliveries.every((d: any) => d.status === 'delivered'));
  });

  it('[M9] deciding an item is POSTed once as item.decided with the decision, and a keystroke after it sends nothing more', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    await api('PUT', '/webhooks', 'facilitator', { urls: [receiver.url], secret: SECRET });
    const client = await fixture.connect('facilitator');
    const kpi = await addKpi(fixture, client, 'Uptime');
    expect((await postReading(fixture, kpi, 80)).mode).toBe('triage');
    await waitFor('the pivot delivery', () => receiver.received.length === 1);
    const item = `triage:kpi:${kpi}`;
    unwrap(setDecision(client.doc, item, 'Fail over to the second region'));
    unwrap(decideItem(client.doc, item, null, { by: 'Fran', now: new Date() }));
    await waitFor('the decision delivery', () => receiver.received.length === 2);
    const decided = receiver.received[1]!;
    expect(decided.headers['x-throughline-event']).toBe('item.decided');
    expect(decided.headers['x-throughline-signature']).toBe(signed(decided.body));
    expect(JSON.parse(decided.body)).toMatchObject({ event: 'item.decided', item: { id: item, decision: 'Fail over to the second region', acceptedSeverity: 'red' } });
    // Typing in the decided item's text is an agenda change, but decides nothing new. Deliveries
    // are stored with the update that causes them, so the outbox shows at once what would be sent.
    unwrap(setDecision(client.doc, item, 'Fail over to the second region, then review'));
    await waitFor('the keystroke stored', async () => (await api('GET', '', 'viewer')).json.agenda[item].decision === 'Fail over to the second region, then review');
    await postReading(fixture, kpi, 81);
    const outbox = (await api('GET', '/webhooks/deliveries', 'facilitator')).json.deliveries as { event: string }[];
    expect(outbox.map((delivery) => delivery.event).sort()).toEqual(['item.decided', 'pivot']);
  });

  it('[M9][H1] a pivot time of the wrong type (a BigInt) is sent as null, and the meeting end in the same change keeps its snapshot and delivery', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    await api('PUT', '/webhooks', 'facilitator', { urls: [receiver.url], secret: SECRET });
    const client = await fixture.connect('facilitator');
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    // One transaction, as a buggy or hostile client could send it: the pivot's own record must
    // not take the meeting's record with it.
    client.doc.transact(() => {
      const meta = client.doc.getMap('meta');
      meta.set('mode', 'triage');
      meta.set('pivotedAt', 5n);
      unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    });
    await waitFor('two deliveries', () => receiver.received.length === 2);
    const events = receiver.received.map((delivery) => JSON.parse(delivery.body));
    expect(events.map((event) => event.event).sort()).toEqual(['meeting.ended', 'pivot']);
    expect(events.find((event) => event.event === 'pivot')).toMatchObject({ pivotedAt: null });
    expect((await api('GET', '/snapshots', 'viewer')).json.snapshots).toHaveLength(1);
  });

  it('[M11] a 500 is retried after the backoff and its status codes are kept', async () => {
    const receiver = await startReceiver([500, 503]);
    receivers.push(receiver);
    await api('PUT', '/webhooks', 'facilitator', { urls: [receiver.url], secret: SECRET });
    const client = await fixture.connect('facilitator');
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the third attempt', () => receiver.received.length === 3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    await waitFor('the delivery to be marked delivered', async () => (await api('GET', '/webhooks/deliveries', 'facilitator')).json.deliveries[0]?.status === 'delivered');
    const [delivery] = (await api('GET', '/webhooks/deliveries', 'facilitator')).json.deliveries;
    expect(delivery).toMatchObject({ event: 'meeting.ended', url: receiver.url, attempts: 3, codes: [500, 503, 200], status: 'delivered' });
  });

  it('[M11] a receiver that never answers 2xx is given up after the last backoff and marked failed', async () => {
    const receiver = await startReceiver([500, 500, 500, 500, 500]);
    receivers.push(receiver);
    await api('PUT', '/webhooks', 'facilitator', { urls: [receiver.url], secret: SECRET });
    const client = await fixture.connect('facilitator');
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the delivery to fail', async () => (await api('GET', '/webhooks/deliveries', 'facilitator')).json.deliveries[0]?.status === 'failed');
    expect(receiver.received).toHaveLength(5);
  });

  it('[M28] a URL taken off the webhooks while its delivery is being retried is sent nothing more, and the log says why', async () => {
    const removed = await startReceiver([500, 500, 500, 500, 500]);
    const kept = await startReceiver([500, 500, 500, 500, 500]);
    receivers.push(removed, kept);
    await api('PUT', '/webhooks', 'facilitator', { urls: [removed.url, kept.url], secret: SECRET });
    const client = await fixture.connect('facilitator');
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the first attempt at each', () => removed.received.length >= 1 && kept.received.length >= 1);
    // The facilitator's Save with one URL fewer (the History view sends the whole list).
    expect((await api('PUT', '/webhooks', 'facilitator', { urls: [kept.url], secret: SECRET })).json).toEqual({ urls: [kept.url] });
    const sentBeforeRemoval = removed.received.length;
    const shown = (await api('GET', '/webhooks/deliveries', 'facilitator')).json.deliveries as { url: string; status: string; lastError: string | null }[];
    expect(shown.find((delivery) => delivery.url === removed.url)).toMatchObject({ status: 'failed', lastError: 'Not sent: its URL was removed from the webhooks.' });
    // Two more retries of the URL still configured span the backoff in which the removed one would have been tried again.
    await waitFor('two more attempts at the kept URL', () => kept.received.length >= 3);
    expect(removed.received).toHaveLength(sentBeforeRemoval);
  });

  it('[H20] receivers that never answer hold up no other workspace\'s deliveries', async () => {
    // Fifty deliveries to a receiver that accepts the connection and never answers, each held
    // until the sender's timeout: as many as the sender reads from the outbox at a time.
    const hanging: ServerResponse[] = [];
    let givenUp = 0;
    const silent = createServer((_request, response) => {
      hanging.push(response);
      // The sender closes a request it stops waiting for.
      response.on('close', () => givenUp++);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    receivers.push({ close: () => new Promise<void>((resolve) => (silent.closeAllConnections(), silent.close(() => resolve()))) });
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    await api('PUT', '/webhooks', 'facilitator', { urls: Array.from({ length: 10 }, (_, n) => `${silentUrl}?n=${n}`), secret: SECRET });
    const client = await fixture.connect('facilitator');
    for (let meeting = 0; meeting < 5; meeting++) {
      unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
      unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    }
    await waitFor('fifty deliveries held open', () => hanging.length === 50);

    // Another review's meeting ends: its receiver hears of it while those are still held.
    const other = await createWorkspace(fixture.server.url, 'Another review');
    const receiver = await startReceiver();
    receivers.push(receiver);
    await call(fixture.server.url, 'PUT', `/api/workspaces/${other.id}/webhooks`, { token: other.tokens.facilitator }, { urls: [receiver.url], secret: SECRET });
    const colleague = await connectSynced(fixture.server.wsUrl, other.id, other.tokens.facilitator);
    unwrap(startMeeting(colleague.doc, { by: 'Gus', now: new Date() }));
    unwrap(endMeeting(colleague.doc, { by: 'Gus', now: new Date() }));
    await waitFor('the other review\'s delivery', () => receiver.received.length === 1);
    // It did not wait for the sender to give up on any of them.
    expect(givenUp).toBe(0);
    colleague.destroy();
  });

  it('[M10] refuses non-http schemes, credentials, the server itself, short secrets and anyone but a facilitator; nothing is stored', async () => {
    const own = `${fixture.server.url}/api/health`;
    for (const urls of [['ftp://example.com/hook'], ['javascript:alert(1)'], [own], [own.replace('127.0.0.1', 'localhost')], ['http://user:pw@example.com/'], ['not a url'], ['http://example.com:0/hook']]) {
      const answer = await api('PUT', '/webhooks', 'facilitator', { urls, secret: SECRET });
      expect(answer.status, urls[0]).toBe(400);
      expect(answer.json.error.code).toBe('invalid_webhook_url');
    }
    expect((await api('PUT', '/webhooks', 'facilitator', { urls: ['http://127.0.0.1:9/hook'], secret: 'short' })).json.error.code).toBe('invalid_body');
    expect((await api('PUT', '/webhooks', 'editor', { urls: ['http://127.0.0.1:9/hook'], secret: SECRET })).status).toBe(403);
    expect((await api('PUT', '/webhooks', 'viewer', { urls: ['http://127.0.0.1:9/hook'], secret: SECRET })).status).toBe(403);
    expect((await api('GET', '/webhooks/deliveries', 'editor')).status).toBe(403);
    expect((await api('GET', '/webhooks/deliveries', 'facilitator')).json).toEqual({ urls: [], secretSet: false, deliveries: [] });
  });

  it('[M29] URLs change and webhooks turn off without the secret typed again, and it signs on; the first URLs need one', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const first = await api('PUT', '/webhooks', 'facilitator', { urls: [receiver.url] });
    expect(first.status).toBe(400);
    expect(first.json.error).toMatchObject({ code: 'secret_required', message: expect.stringContaining('need a secret of at least 16 characters the first time') });
    expect((await api('GET', '/webhooks/deliveries', 'facilitator')).json).toMatchObject({ urls: [], secretSet: false });

    await api('PUT', '/webhooks', 'facilitator', { urls: ['https://hooks.example.com/in'], secret: SECRET });
    expect((await api('PUT', '/webhooks', 'facilitator', { urls: [] })).json).toEqual({ urls: [] });
    expect((await api('PUT', '/webhooks', 'facilitator', { urls: [receiver.url] })).json).toEqual({ urls: [receiver.url] });
    expect((await api('GET', '/webhooks/deliveries', 'facilitator')).json).toMatchObject({ urls: [receiver.url], secretSet: true });
    const client = await fixture.connect('facilitator');
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the meeting end delivered', () => receiver.received.length === 1);
    expect(receiver.received[0]!.headers['x-throughline-signature']).toBe(signed(receiver.received[0]!.body));
  });

  it('[M10] keeps each URL as the URL standard writes it, so one receiver written two ways is one', async () => {
    const answer = await api('PUT', '/webhooks', 'facilitator', { urls: [' https://Hooks.Example.com:443/in ', 'https://hooks.example.com/in', 'https://hooks.example.com:8443/in'], secret: SECRET });
    expect(answer.json).toEqual({ urls: ['https://hooks.example.com/in', 'https://hooks.example.com:8443/in'] });
    expect((await api('GET', '/webhooks/deliveries', 'facilitator')).json.urls).toEqual(['https://hooks.example.com/in', 'https://hooks.example.com:8443/in']);
  });
});

describe('the outbox survives SIGKILL (SPEC M11)', () => {
  let child: ChildServer | undefined;
  let client: Client | undefined;
  let receiver: { close(): Promise<void> } | undefined;
  const dataDir = tempDataDir();
  afterEach(async () => {
    client?.destroy();
    child?.process.kill('SIGKILL');
    await child?.exited;
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[M29] a secret the server can no longer open (its key replaced) is no secret: the log says so, and new URLs need a new one', async () => {
    child = await spawnServer(dataDir, 0, LOOPBACK_ALLOWED);
    const workspace = await createWorkspace(child.url);
    const facilitator = { token: workspace.tokens.facilitator };
    const path = `/api/workspaces/${workspace.id}/webhooks`;
    expect((await call(child.url, 'PUT', path, facilitator, { urls: ['http://127.0.0.1:9/hook'], secret: SECRET })).status).toBe(200);
    child.process.kill('SIGKILL');
    await child.exited;
    rmSync(join(dataDir, 'link-key'));
    child = await spawnServer(dataDir, 0, LOOPBACK_ALLOWED);
    const settings = async () => (await call<any>(child!.url, 'GET', `${path}/deliveries`, facilitator)).json;
    expect(await settings()).toMatchObject({ urls: ['http://127.0.0.1:9/hook'], secretSet: false });
    expect((await call<any>(child.url, 'PUT', path, facilitator, { urls: ['http://127.0.0.1:9/other'] })).json.error.code).toBe('secret_required');
    expect((await call(child.url, 'PUT', path, facilitator, { urls: ['http://127.0.0.1:9/other'], secret: SECRET })).status).toBe(200);
    expect(await settings()).toMatchObject({ urls: ['http://127.0.0.1:9/other'], secretSet: true });
  });

  it('[M11] a delivery pending when the server is killed is delivered after the restart', async () => {
    // A port nobody listens on yet: the first attempt is refused and the delivery waits.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();
    child = await spawnServer(dataDir, 0, LOOPBACK_ALLOWED);
    const workspace = await createWorkspace(child.url);
    const facilitator = { token: workspace.tokens.facilitator };
    const hook = `http://127.0.0.1:${port}/hook`;
    expect((await call(child.url, 'PUT', `/api/workspaces/${workspace.id}/webhooks`, facilitator, { urls: [hook], secret: SECRET })).status).toBe(200);
    client = await connectSynced(`${child.url.replace('http', 'ws')}/ws`, workspace.id, workspace.tokens.facilitator);
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    const deliveries = async () => (await call<any>(child!.url, 'GET', `/api/workspaces/${workspace.id}/webhooks/deliveries`, facilitator)).json.deliveries;
    await waitFor('a refused first attempt', async () => (await deliveries())[0]?.attempts === 1);
    expect((await deliveries())[0]).toMatchObject({ status: 'pending', codes: [0] });
    client.destroy();
    client = undefined;
    child.process.kill('SIGKILL');
    await child.exited;

    const live = await startReceiver([], port);
    receiver = live;
    child = await spawnServer(dataDir, 0, LOOPBACK_ALLOWED);
    await waitFor('the delivery after the restart', () => live.received.length === 1, 15_000);
    expect(live.received[0]!.headers['x-throughline-event']).toBe('meeting.ended');
    expect(live.received[0]!.headers['x-throughline-signature']).toBe(signed(live.received[0]!.body));
    await waitFor('it to be marked delivered', async () => (await deliveries())[0]?.status === 'delivered');
  });
});

describe('webhooks reach only public addresses unless the operator allows a private one (SPEC H19)', () => {
  const fixture = useWorkspace({ webhookBackoffMs: [60_000] });
  const receivers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  const api = (method: string, path: string, body?: unknown) =>
    call<any>(fixture.server.url, method, `/api/workspaces/${fixture.workspace.id}${path}`, { token: fixture.workspace.tokens.facilitator }, body);

  it('[H19] a private address is refused when set, saying how to allow it; nothing is stored', async () => {
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data/', 'http://192.168.1.20:8080/', 'http://127.0.0.1:9/hook', 'http://[::1]:9/', 'http://[::ffff:127.0.0.1]:9/', 'http://[fd00::1]/']) {
      const answer = await api('PUT', '/webhooks', { urls: [url], secret: SECRET });
      expect(answer.status, url).toBe(400);
      expect(answer.json.error.message, url).toContain('is a private address; webhooks go to public addresses unless the server\'s operator allows this one with THROUGHLINE_WEBHOOK_ALLOW.');
    }
    expect((await api('GET', '/webhooks/deliveries')).json).toEqual({ urls: [], secretSet: false, deliveries: [] });
  });

  it('[H19] a name that resolves to a private address is refused when each delivery connects, and the log says why; the receiver gets nothing', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    // A name, accepted when set: what it resolves to is checked when a delivery goes out.
    const hook = `http://localhost:${receiver.port}/hook`;
    expect((await api('PUT', '/webhooks', { urls: [hook], secret: SECRET })).status).toBe(200);
    const client = await fixture.connect('facilitator');
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the refused attempt in the log', async () => (await api('GET', '/webhooks/deliveries')).json.deliveries[0]?.attempts === 1);
    const [delivery] = (await api('GET', '/webhooks/deliveries')).json.deliveries;
    // Refused before connecting: nothing was sent (M11).
    expect(delivery).toMatchObject({ url: hook, status: 'pending', codes: [null] });
    expect(delivery.lastError).toMatch(/^(127\.0\.0\.1|::1) \(where localhost resolves\) is a private address/);
    expect(receiver.received).toEqual([]);
  });
});
