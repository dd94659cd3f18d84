import { rmSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { appendReadings } from '../../../shared/schema/readings';
import { kpisMap, nodesMap } from '../../../shared/schema/root-types';
import { addDays, formatDay } from '../../../shared/schema/utc-dates';
import { spawnServer } from '../support/child-server';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { refusalCount } from '../support/metrics';
import { useWorkspace } from '../support/fixture';
import { ADMIN_TOKEN, createWorkspace, tempDataDir } from '../support/test-server';

const yesterday = addDays(formatDay(Date.now()), -1);

/** `{toString: 1}`: `String()` and template literals throw on it. */
const unconvertible = () => JSON.parse('{"toString": 1}') as object;

/**
 * What an editor's stock client can store that the schema never expects: a KPI reading whose
 * value is a BigInt, a subdocument as a node and, from a second client that made `nodes` a
 * list before it synced, list items in the nodes root. Beside them a valid KPI far behind plan.
 */
async function storePoison(wsUrl: string, workspace: string, token: string, clients: Client[]): Promise<string> {
  const editor = await connectSynced(wsUrl, workspace, token);
  clients.push(editor);
  const kpi = unwrap(createKpi(editor.doc, { name: 'Net revenue', unit: 'kUSD', direction: 'increase', target: 100 }));
  unwrap(appendReadings(editor.doc, kpi, [{ at: yesterday, value: 50 }], new Date()));
  editor.doc.transact(() => {
    (kpisMap(editor.doc).get(kpi)!.get('readings') as Y.Array<unknown>).push([{ at: yesterday, value: 10n, source: 'sensor' }]);
    nodesMap(editor.doc).set('subdocument', new Y.Doc() as never);
  });
  const listDoc = new Y.Doc();
  listDoc.getArray('nodes').push([unconvertible(), 'a list item']);
  clients.push(await connectSynced(wsUrl, workspace, token, listDoc));
  return kpi;
}

async function readWorkspace(url: string, workspace: string, token: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${url}/api/workspaces/${workspace}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: JSON.parse(await response.text()) as Record<string, any> };
}

describe('poison values from a client', () => {
  describe('on a running server', () => {
    const fixture = useWorkspace();

    it('[H1] leave the server up: another client syncs and relays, the rules still pivot, the REST read answers with the document', async () => {
      const { server, workspace } = fixture;
      const clients: Client[] = [];
      try {
        const kpi = await storePoison(server.wsUrl, workspace.id, workspace.tokens.editor, clients);
        const editor = clients[0]!;
        editor.doc.getMap('meta').set('title', unconvertible());
        const viewer = await fixture.connect('viewer');
        // Relayed only once committed (S1): the server has stored every poison and is still serving.
        await waitFor('the poison to be stored and relayed', () => typeof viewer.doc.getMap('meta').get('title') === 'object');
        await waitFor('the rules to pivot on the KPI far behind plan', () => viewer.doc.getMap('meta').get('mode') === 'triage');

        const other = await fixture.connect('editor');
        other.doc.getMap('meta').set('title', 'Readable again');
        await waitFor('an edit after the poison to reach the viewer', () => viewer.doc.getMap('meta').get('title') === 'Readable again');
        editor.doc.getMap('meta').set('title', unconvertible());
        await waitFor('the poisoned title to reach the viewer again', () => typeof viewer.doc.getMap('meta').get('title') === 'object');

        const read = await readWorkspace(server.url, workspace.id, workspace.tokens.viewer);
        expect(read.status).toBe(200);
        expect(read.body.meta).toMatchObject({ title: { toString: 1 }, mode: 'triage' });
        expect(read.body.kpis[kpi].readings).toEqual([
          { at: yesterday, value: 50, source: 'manual' },
          { at: yesterday, value: '10', source: 'sensor' },
        ]);
        expect(read.body.nodes.subdocument).toBeNull();
        expect(read.body.findings.map((finding: { key: string }) => finding.key)).toContain(`kpi-threshold:kpi:${kpi}`);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      } finally {
        for (const client of clients) client.destroy();
      }
    });

    it('[H1] a value the server could not encode again is refused at the door, and the room unloads and the process stays up', async () => {
      const { server } = fixture;
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const editor = await fixture.connect('editor');
        const viewer = await fixture.connect('viewer');
        // lib0's decoder makes a `__proto__` key the object's prototype; with binary there, the
        // server's own encoder (compaction, a newcomer's sync) would throw on the value. The
        // update scan refuses it as malformed (R2) before Yjs decodes it.
        editor.doc.getMap('meta').set('hostile', Object.defineProperty({}, '__proto__', { value: new Uint8Array([1]), enumerable: true }));
        await waitFor('the update to be refused', async () => (await refusalCount(server.url, 'malformed_frame')) > 0);
        expect(viewer.doc.getMap('meta').has('hostile')).toBe(false);
        fixture.disconnectAll();
        await waitFor('the room to unload', () => server.server.services.rooms.loadedCount === 0);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
        const elsewhere = await createWorkspace(server.url, 'Another review');
        const neighbour = await connectSynced(server.wsUrl, elsewhere.id, elsewhere.tokens.viewer);
        expect(neighbour.doc.getMap('meta').get('title')).toBe('Another review');
        neighbour.destroy();
      } finally {
        logged.mockRestore();
      }
    });
  });

  it('[H2] stored, are no crash loop: after SIGKILL and a restart the server is up, the room loads, a client syncs everything else and the REST reads answer', async () => {
    const dataDir = tempDataDir();
    const clients: Client[] = [];
    let child = await spawnServer(dataDir);
    const wsUrl = () => `${child.url.replace('http', 'ws')}/ws`;
    try {
      const workspace = await createWorkspace(child.url, 'Poisoned review');
      const kpi = await storePoison(wsUrl(), workspace.id, workspace.tokens.editor, clients);
      // A title that reads as text when stored, then formatted with an attribute whose value is
      // no text: the change is inside the title, so the server stores it without a second look.
      const title = new Y.XmlText('Poisoned review');
      clients[0]!.doc.getMap('meta').set('title', title);
      title.format(0, 4, { bold: { weight: unconvertible() } });
      const viewer = await connectSynced(wsUrl(), workspace.id, workspace.tokens.viewer);
      clients.push(viewer);
      await waitFor('the poison to be stored and relayed', () => {
        const stored = viewer.doc.getMap('meta').get('title');
        return stored instanceof Y.XmlText && stored.toDelta().length > 1 && nodesMap(viewer.doc).has('subdocument');
      });

      child.process.kill('SIGKILL');
      await child.exited;
      for (const client of clients.splice(0)) client.destroy();
      child = await spawnServer(dataDir);

      expect((await fetch(`${child.url}/api/health`)).status).toBe(200);
      const fresh = await connectSynced(wsUrl(), workspace.id, workspace.tokens.viewer);
      clients.push(fresh);
      expect(kpisMap(fresh.doc).get(kpi)?.get('name')).toBe('Net revenue');
      const read = await readWorkspace(child.url, workspace.id, workspace.tokens.viewer);
      expect(read.status).toBe(200);
      expect(read.body.kpis[kpi].name).toBe('Net revenue');
      const listing = await fetch(`${child.url}/api/workspaces`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(listing.status).toBe(200);
      const editor = await connectSynced(wsUrl(), workspace.id, workspace.tokens.editor);
      clients.push(editor);
      editor.doc.getMap('meta').set('title', 'Readable again');
      await waitFor('an edit after the restart to reach the viewer', () => fresh.doc.getMap('meta').get('title') === 'Readable again');
      expect(child.process.exitCode).toBeNull();
    } finally {
      for (const client of clients) client.destroy();
      child.process.kill('SIGKILL');
      await child.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
