import { afterEach, describe, expect, it } from 'vitest';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { call } from '../support/people';
import { createWorkspace, startTestServer, type TestServer } from '../support/test-server';
import { startReceiver } from '../support/webhook-receiver';

const DAY_MS = 24 * 60 * 60 * 1000;
const SECRET = 'a-webhook-secret-of-enough-length';

describe('the outbox keeps ended deliveries for 30 days (SPEC M20)', () => {
  let server: TestServer | undefined;
  let client: Client | undefined;
  const receivers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    client?.destroy();
    await server?.close();
    for (const open of receivers.splice(0)) await open.close();
  });

  it('[M20] a delivery that ended more than 30 days ago leaves the delivery log; one that ended since stays', async () => {
    // The server's clock, moved forward by the test: the sender prunes on its own clock.
    let offsetMs = 0;
    server = await startTestServer({ webhookBackoffMs: [60 * 60 * 1000], webhookAllow: ['127.0.0.1'], clock: () => new Date(Date.now() + offsetMs) });
    const workspace = await createWorkspace(server.url);
    const facilitator = { token: workspace.tokens.facilitator };
    const ok = await startReceiver();
    // Refuses both attempts the one-step backoff allows.
    const refusing = await startReceiver([500, 500]);
    receivers.push(ok, refusing);
    await call(server.url, 'PUT', `/api/workspaces/${workspace.id}/webhooks`, facilitator, { urls: [ok.url, refusing.url], secret: SECRET });
    type Listed = { url: string; status: string; attempts: number };
    const deliveries = async (): Promise<Listed[]> => (await call<any>(server!.url, 'GET', `/api/workspaces/${workspace.id}/webhooks/deliveries`, facilitator)).json.deliveries;
    const to = (list: Listed[], url: string) => list.find((delivery) => delivery.url === url);

    client = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.facilitator);
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('one delivered, one waiting an hour to retry', async () => {
      const list = await deliveries();
      return to(list, ok.url)?.status === 'delivered' && to(list, refusing.url)?.attempts === 1;
    });

    // 29 days on: the refused delivery is due again, so the sender has run since the clock moved
    // (it prunes before it sends); its second refusal is the last, and it is marked failed.
    offsetMs = 29 * DAY_MS;
    await waitFor('the second refusal', async () => to(await deliveries(), refusing.url)?.status === 'failed');
    expect(to(await deliveries(), ok.url)?.status).toBe('delivered');

    // 31 days after the first delivery ended, and 2 days after the failure.
    offsetMs = 31 * DAY_MS;
    await waitFor('the old delivery to leave the log', async () => to(await deliveries(), ok.url) === undefined);
    expect((await deliveries()).map((delivery) => [delivery.url, delivery.status])).toEqual([[refusing.url, 'failed']]);
  });
});
