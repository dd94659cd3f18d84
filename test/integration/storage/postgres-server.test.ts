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
});
