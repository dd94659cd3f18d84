import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerConfig } from '../../../server/config';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { createDatabase } from '../../../scripts/local-services';
import { connectSynced, waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';

/**
 * One node on PostgreSQL (DATABASE_URL, SPEC N1): what a user does through the server (edit,
 * restart, read, pivot, invite, sign in, rotate, snapshot) behaves as it does on SQLite.
 */
describe('a server on PostgreSQL', () => {
  const overrides: Partial<ServerConfig> = {};
  beforeAll(async () => {
    overrides.databaseUrl = await createDatabase(inject('postgresUrl'));
  });
  const fixture = useWorkspace(overrides, 'Postgres review');
  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.token ?? fixture.workspace.tokens.facilitator}`, 'content-type': 'application/json', ...init.headers },
    });

  it('[N1] keeps every edit across a restart, and a reading far behind target pivots the review', async () => {
    const editor = await fixture.connect('editor');
    const kpiId = unwrap(createKpi(editor.doc, { name: 'Uptime', unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Ada' }));
    editor.doc.getText('notes').insert(0, 'kept');
    await waitFor('the KPI on the server', async () => {
      const json = (await (await fixture.readAsViewer()).json()) as { kpis: Record<string, unknown> };
      return kpiId in json.kpis;
    });
    fixture.disconnectAll();
    await fixture.server.restart();
    const back = await connectSynced(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.viewer);
    expect(back.doc.getText('notes').toString()).toBe('kept');
    back.destroy();

    const answer = await api(`/kpis/${kpiId}/readings`, { method: 'POST', token: fixture.workspace.tokens.editor, body: JSON.stringify({ at: new Date().toISOString().slice(0, 10), value: 80, source: 'test' }) });
    expect(answer.status).toBe(201);
    expect(((await answer.json()) as { mode: string }).mode).toBe('triage');
    const listing = await fetch(`${fixture.server.url}/api/workspaces`, { headers: { authorization: `Bearer ${fixture.server.server.admin.token}` } });
    const listed = ((await listing.json()) as { workspaces: Array<{ id: string; mode: string }> }).workspaces.find((w) => w.id === fixture.workspace.id);
    expect(listed?.mode).toBe('triage');
  });

  it('[N1] invites a member, signs a link in for a session, rotates a link, and takes a snapshot', async () => {
    const invited = await api('/invites', { method: 'POST', body: JSON.stringify({ name: 'Grace', role: 'editor' }) });
    expect(invited.status).toBe(201);
    const { token } = (await invited.json()) as { token: string };
    const members = (await (await api('/members')).json()) as { members: Array<{ name: string }> };
    expect(members.members.map((member) => member.name)).toEqual(['Grace']);

    const signIn = await fetch(`${fixture.server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: fixture.server.url },
      body: JSON.stringify({ token }),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly/i);

    const rotated = await api('/links/viewer/rotate', { method: 'POST' });
    expect(rotated.status).toBe(200);
    expect((await api('', { token: fixture.workspace.tokens.viewer })).status).toBe(401);

    const snapshot = await api('/snapshots', { method: 'POST', body: JSON.stringify({ label: 'Before the meeting' }) });
    expect(snapshot.status).toBe(201);
    const snapshots = (await (await api('/snapshots')).json()) as { snapshots: Array<{ label: string }> };
    expect(snapshots.snapshots.map((s) => s.label)).toEqual(['Before the meeting']);
  });

  it('[N13] a title holding NUL, which PostgreSQL text cannot, leaves the room storing every edit; the list shows the title on one line, at most 200 characters', async () => {
    const editor = await fixture.connect('editor');
    const closes: number[] = [];
    editor.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
    editor.doc.getMap('meta').set('title', 'Q4\u0000review\nnotes');
    editor.doc.getText('notes').insert(0, 'after the title');
    const listed = async () => {
      const listing = await fetch(`${fixture.server.url}/api/workspaces`, { headers: { authorization: `Bearer ${fixture.server.server.admin.token}` } });
      return ((await listing.json()) as { workspaces: Array<{ id: string; title: string }> }).workspaces.find((w) => w.id === fixture.workspace.id)?.title;
    };
    await waitFor('the title in the list', async () => (await listed()) === 'Q4\uFFFDreview notes');
    editor.doc.getMap('meta').set('title', 'x'.repeat(5_000));
    await waitFor('the long title in the list', async () => (await listed()) === `${'x'.repeat(199)}…`);
    editor.doc.getMap('meta').set('title', 'Q4\u0000review');
    await waitFor('the title in the list again', async () => (await listed()) === 'Q4\uFFFDreview');
    expect(closes).toEqual([]);
    fixture.disconnectAll();
    await fixture.server.restart();
    const back = await connectSynced(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.viewer);
    // The document keeps what was written; only the list's copy is one line.
    expect(back.doc.getMap('meta').get('title')).toBe('Q4\u0000review');
    expect(back.doc.getText('notes').toString()).toBe('after the title');
    back.destroy();
  });

  it('[N13][H15] refuses a name, label or title with a control character, and finds nothing by an id with %00 in it', async () => {
    const refusal = async (response: Response) => [response.status, ((await response.json()) as { error: { message: string } }).error.message];
    expect(await refusal(await api('/invites', { method: 'POST', body: JSON.stringify({ name: 'Gr\u0000ace', role: 'editor' }) }))).toEqual([
      400,
      'name: a name may not contain control characters such as a line break, a tab or NUL',
    ]);
    expect(await refusal(await api('/snapshots', { method: 'POST', body: JSON.stringify({ label: 'Before\tthe meeting' }) }))).toEqual([
      400,
      'label: a label may not contain control characters such as a line break, a tab or NUL',
    ]);
    const created = await fetch(`${fixture.server.url}/api/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.server.server.admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Q1\u0000review' }),
    });
    expect(await refusal(created)).toEqual([400, 'title: a title may not contain control characters such as a line break, a tab or NUL']);
    expect((await api('/snapshots/a%00b')).status).toBe(404);
    expect((await api('/changes?since=a%00b')).status).toBe(404);
    expect((await api('/members/a%00b', { method: 'DELETE' })).status).toBe(404);
    expect((await api('/members/a%00b/link', { method: 'POST' })).status).toBe(404);
  });
});
