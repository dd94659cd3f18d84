import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAgendaItem, setDecision } from '../../../shared/schema/agenda-accessors';
import { decideItem, reopenItem } from '../../../shared/schema/agenda-outcomes';
import { endMeeting, readMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import type { WorkspaceJson } from '../../../shared/schema/types';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { startTestServer, tempDataDir, type TestServer } from '../support/test-server';

/**
 * What a stock y-websocket client, a tab of the release before, or typing still in flight as
 * Decide is pressed does to a decided item: it knows nothing of the screens' lock and rewrites
 * the decision box with plain Yjs calls.
 */
function retypeBox(client: Client, itemId: string, text: string): void {
  const box = (client.doc.getMap('agenda').get(itemId) as Y.Map<unknown>).get('decision') as Y.Text;
  client.doc.transact(() => {
    box.delete(0, box.length);
    box.insert(0, text);
  });
}

const read = (url: string, workspace: string, token: string, path: string) => fetch(`${url}/api/workspaces/${workspace}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** The box's text once the server has stored it (`GET` answers after the commit). */
async function untilStored(url: string, workspace: string, token: string, itemId: string, text: string): Promise<void> {
  await waitFor(`the box of ${itemId} to be stored as "${text}"`, async () => {
    const json = (await (await read(url, workspace, token, '')).json()) as WorkspaceJson;
    return json.agenda[itemId]?.decision === text;
  });
}

describe('a decision taken is the record, held by the document, not only by the screens (SPEC U108)', () => {
  const fixture = useWorkspace();

  it('[U108] [M6] a stock client rewriting a decided decision’s box after Decide leaves the minutes quoting the decision as taken', async () => {
    const { url } = fixture.server;
    const { id: workspace, tokens } = fixture.workspace;
    const facilitator = await fixture.connect('facilitator');
    const item = unwrap(createAgendaItem(facilitator.doc, { title: 'List prices' }));
    unwrap(startMeeting(facilitator.doc, { by: 'Maya Lindqvist', now: new Date() }));
    unwrap(setDecision(facilitator.doc, item, 'Hold list prices until the churn study is back.'));
    unwrap(decideItem(facilitator.doc, item, null, { by: 'Maya Lindqvist', now: new Date() }));

    const stock = await fixture.connect('editor');
    await waitFor('the decision to reach the stock client', () => (stock.doc.getMap('agenda').get(item) as Y.Map<unknown> | undefined)?.get('state') === 'decided');
    retypeBox(stock, item, 'Raise list prices by 8% in January.');
    await untilStored(url, workspace, tokens.viewer, item, 'Raise list prices by 8% in January.');
    unwrap(endMeeting(facilitator.doc, { by: 'Maya Lindqvist', now: new Date() }));
    // The meeting's record: the server names its snapshot in the meeting once it is stored (U104).
    await waitFor('the meeting-end snapshot', () => readMeeting(facilitator.doc).endSnapshot !== null);
    const recorded = readMeeting(facilitator.doc).endSnapshot!.id;

    for (const exported of ['/export?format=md', `/export?format=md&snapshot=${recorded}`]) {
      const minutes = await (await read(url, workspace, tokens.viewer, exported)).text();
      expect(minutes, exported).toContain('### List prices (decided; no owner)\n\nDecision: Hold list prices until the churn study is back.\n');
      expect(minutes, exported).not.toContain('Raise list prices');
    }
    // The log quotes what the minutes quote.
    const log = ((await (await read(url, workspace, tokens.viewer, '')).json()) as WorkspaceJson).log;
    expect(log.filter((entry) => entry.kind === 'decision').map((entry) => entry.text)).toEqual(['Decided on “List prices”: Hold list prices until the churn study is back.']);
  });
});

/** A meeting the release before ended, its decisions stored without a decided text (test/fixtures/meeting5cdb1ea/README.md). */
const previousRelease = fileURLToPath(new URL('../../fixtures/meeting5cdb1ea/', import.meta.url));
const recorded = JSON.parse(readFileSync(join(previousRelease, 'expected.json'), 'utf8')) as {
  adminToken: string;
  workspace: { id: string; tokens: { facilitator: string; editor: string; viewer: string } };
};

describe('a decision the release before took (SPEC U108)', () => {
  const dataDir = tempDataDir();
  let server: TestServer;
  beforeAll(async () => {
    copyFileSync(join(previousRelease, 'throughline.db'), join(dataDir, 'throughline.db'));
    server = await startTestServer({ dataDir, adminToken: recorded.adminToken });
  });
  afterAll(() => server.close());

  it('[U108] [M6] is quoted from its box, as that release quoted it, until this release decides it again', async () => {
    const { id: workspace, tokens } = recorded.workspace;
    const stock = await connectSynced(server.wsUrl, workspace, tokens.editor);
    const facilitator = await connectSynced(server.wsUrl, workspace, tokens.facilitator);
    try {
      const minutes = async () => (await read(server.url, workspace, tokens.viewer, '/export?format=md')).text();
      expect(await minutes()).toContain('### Annual discount (decided; no owner)\n\nDecision: Cap the annual discount at 15%.\n');
      const item = [...stock.doc.getMap('agenda').entries()].find(([, entry]) => (entry as Y.Map<unknown>).get('title') === 'Annual discount')![0];
      expect((stock.doc.getMap('agenda').get(item) as Y.Map<unknown>).has('decidedText')).toBe(false);

      retypeBox(stock, item, 'Cap the annual discount at 12%.');
      await untilStored(server.url, workspace, tokens.viewer, item, 'Cap the annual discount at 12%.');
      expect(await minutes()).toContain('\n\nDecision: Cap the annual discount at 12%.\n');

      // Reopened and decided on this release, the decision is kept as taken.
      await waitFor('the retyped box to reach the facilitator', () => (facilitator.doc.getMap('agenda').get(item) as Y.Map<unknown>).get('decision')?.toString() === 'Cap the annual discount at 12%.');
      unwrap(reopenItem(facilitator.doc, item, { by: 'Maya Lindqvist', now: new Date() }));
      unwrap(decideItem(facilitator.doc, item, null, { by: 'Maya Lindqvist', now: new Date() }));
      await waitFor('the decision to reach the stock client', () => (stock.doc.getMap('agenda').get(item) as Y.Map<unknown>).has('decidedText'));
      retypeBox(stock, item, 'No cap.');
      await untilStored(server.url, workspace, tokens.viewer, item, 'No cap.');
      expect(await minutes()).toContain('\n\nDecision: Cap the annual discount at 12%.\n');
      expect(await minutes()).not.toContain('No cap.');
    } finally {
      stock.destroy();
      facilitator.destroy();
    }
  });
});
