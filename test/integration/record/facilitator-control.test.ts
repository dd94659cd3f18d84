import { afterEach, describe, expect, it } from 'vitest';
import { endMeeting, readMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { readMode } from '../../../shared/schema/workspace';
import { waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call } from '../support/people';
import { addKpi, postReading } from '../support/triage';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

describe('only a facilitator runs the meeting and takes the review back from triage (SPEC A21)', () => {
  // The receiver is on loopback, a private address the operator must allow (H19).
  const fixture = useWorkspace({ webhookAllow: ['127.0.0.1'] });
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  const api = (method: string, path: string, body?: unknown) =>
    call<any>(fixture.server.url, method, `/api/workspaces/${fixture.workspace.id}${path}`, { token: fixture.workspace.tokens.facilitator }, body);
  const snapshots = async (): Promise<unknown[]> => (await api('GET', '/snapshots')).json.snapshots;
  const deliveries = async (): Promise<string[]> => (await api('GET', '/webhooks/deliveries')).json.deliveries.map((delivery: { event: string }) => delivery.event);
  /** Sent after every write before it on the editor's socket: once the facilitator has it, they have them all. */
  const fence = async (editor: Client, facilitator: Client, title: string) => {
    editor.doc.getMap('meta').set('title', title);
    await waitFor('the facilitator to have every write of the editor', () => facilitator.doc.getMap('meta').get('title') === title);
  };
  const withWebhook = async () => {
    receiver = await startReceiver();
    expect((await api('PUT', '/webhooks', { urls: [receiver.url], secret: 'a-webhook-secret-of-some-length' })).status).toBe(200);
  };

  it('[A21][M2][M9] an editor’s stock client ending and restarting the meeting over and over changes nothing and records nothing; the facilitator’s end is recorded once', async () => {
    await withWebhook();
    const facilitator = await fixture.connect('facilitator');
    const editor = await fixture.connect('editor');
    // S7: what is relayed builds only on what was relayed before it, the put-backs after what they
    // undo. Read after the provider has applied each message: nothing may wait for a later one.
    const viewer = await fixture.connect('viewer');
    let waited = 0;
    viewer.provider.ws!.addEventListener('message', () => {
      if (viewer.doc.store.pendingStructs !== null) waited++;
    });
    unwrap(startMeeting(facilitator.doc, { by: 'Fran', now: new Date() }));
    const started = readMeeting(facilitator.doc);
    await waitFor('the editor to see the meeting running', () => readMeeting(editor.doc).status === 'running');

    const meeting = editor.doc.getMap('meeting');
    for (let i = 0; i < 20; i++) {
      meeting.set('status', 'ended');
      meeting.set('endedAt', new Date().toISOString());
      meeting.set('status', 'running');
      meeting.set('startedAt', new Date(Date.now() + i).toISOString());
    }
    meeting.set('status', 'ended');
    await fence(editor, facilitator, 'Fenced');
    expect(readMeeting(facilitator.doc)).toMatchObject({ status: 'running', startedAt: started.startedAt, endedAt: null });
    // The editor's own screen is put back too.
    await waitFor('the editor to see the meeting running again', () => readMeeting(editor.doc).status === 'running');
    expect(readMeeting(editor.doc)).toMatchObject({ startedAt: started.startedAt, endedAt: null });
    expect(await snapshots()).toEqual([]);
    expect(await deliveries()).toEqual([]);
    await waitFor('the viewer to have the fence', () => viewer.doc.getMap('meta').get('title') === 'Fenced');
    expect({ waited, status: readMeeting(viewer.doc).status }).toEqual({ waited: 0, status: 'running' });

    // What was stored reads the same after a restart.
    facilitator.destroy();
    editor.destroy();
    viewer.destroy();
    await fixture.server.restart();
    const fran = await fixture.connect('facilitator');
    const dana = await fixture.connect('editor');
    expect(readMeeting(fran.doc)).toMatchObject({ status: 'running', startedAt: started.startedAt, endedAt: null });

    unwrap(endMeeting(fran.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the end to be recorded', async () => (await snapshots()).length === 1);
    await waitFor('the editor to see the meeting ended', () => readMeeting(dana.doc).status === 'ended');
    expect(await deliveries()).toEqual(['meeting.ended']);

  });

  it('[A21][M9] an editor’s stock client flipping the review into triage and back changes nothing and sends nothing', async () => {
    await withWebhook();
    const facilitator = await fixture.connect('facilitator');
    const editor = await fixture.connect('editor');
    const meta = editor.doc.getMap('meta');
    for (let i = 0; i < 20; i++) {
      meta.set('mode', 'triage');
      meta.set('pivotReason', `Flip ${i}`);
      meta.set('mode', 'review');
    }
    meta.set('mode', 'triage');
    meta.set('pivotedAt', new Date().toISOString());
    await fence(editor, facilitator, 'Fenced');
    expect(readMode(facilitator.doc)).toBe('review');
    expect(facilitator.doc.getMap('meta').get('pivotReason')).toBeUndefined();
    await waitFor('the editor to see the review again', () => readMode(editor.doc) === 'review');
    expect(editor.doc.getMap('meta').get('pivotedAt')).toBeUndefined();
    expect(await deliveries()).toEqual([]);
  });

  it('[A21][M9] an editor’s stock client taking the review out of triage leaves the rules’ pivot as they wrote it', async () => {
    await withWebhook();
    const facilitator = await fixture.connect('facilitator');
    const editor = await fixture.connect('editor');
    const kpi = await addKpi(fixture, facilitator, 'Activation');
    expect((await postReading(fixture, kpi, 80)).mode).toBe('triage');
    await waitFor('the pivot on both screens', () => readMode(facilitator.doc) === 'triage' && readMode(editor.doc) === 'triage');
    const meta = facilitator.doc.getMap('meta');
    const pivot = { pivotedAt: meta.get('pivotedAt'), pivotReason: meta.get('pivotReason') };
    expect(pivot.pivotedAt).toEqual(expect.any(String));

    editor.doc.getMap('meta').set('mode', 'review');
    editor.doc.getMap('meta').set('pivotedAt', null);
    editor.doc.getMap('meta').set('pivotReason', null);
    await fence(editor, facilitator, 'Fenced');
    await waitFor('the editor to see triage again', () => readMode(editor.doc) === 'triage');
    expect({ mode: readMode(facilitator.doc), pivotedAt: meta.get('pivotedAt'), pivotReason: meta.get('pivotReason') }).toEqual({ mode: 'triage', ...pivot });
    expect(await deliveries()).toEqual(['pivot']);
  });
});
