import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDependency, updateDependency } from '../../../shared/schema/dependency-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { addNode } from '../../../shared/tree/tree-ops';
import { spawnServer, type ChildServer } from '../support/child-server';
import { connectSynced, waitFor } from '../support/clients';
import { createWorkspace, tempDataDir } from '../support/test-server';

/**
 * SPEC M3, M19: the record basis a snapshot of the release before stored kept no need-by date or
 * follow-up owner of a dependency. Opened by this release, that basis is rebuilt from the
 * snapshot's state copy, so "changes since" lists those fields as they were then, not as unknown.
 */
describe('a snapshot whose record basis the release before stored', () => {
  const dataDir = tempDataDir();
  let child: ChildServer | undefined;
  const stop = async () => {
    child?.process.kill('SIGTERM');
    await child?.exited;
  };
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[M3][M19] lists a need-by date and follow-up owner changed since it, and no other dependency as changed', async () => {
    child = await spawnServer(dataDir);
    const workspace = await createWorkspace(child.url);
    const client = await connectSynced(child.url.replace('http', 'ws') + '/ws', workspace.id, workspace.tokens.editor);
    const doc = client.doc;
    const upstream = unwrap(addNode(doc, { kind: 'objective', title: 'Platform', parent: null }));
    const downstream = unwrap(addNode(doc, { kind: 'objective', title: 'Growth', parent: null }));
    const moved = unwrap(createDependency(doc, { from: upstream, to: downstream, needBy: '2025-12-01', owner: 'Kim' }));
    const still = unwrap(createDependency(doc, { from: downstream, to: upstream, needBy: '2025-12-15', owner: 'Lee' }));
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${child!.url}/api/workspaces/${workspace.id}${path}`, { ...init, headers: { authorization: `Bearer ${workspace.tokens.facilitator}`, 'content-type': 'application/json' } });
    const stored = async () => ((await (await api('/export?format=json')).json()) as { deps: Record<string, unknown> }).deps;
    await waitFor('both dependencies to be stored', async () => Object.keys(await stored()).length === 2);
    const snapshot = (await (await api('/snapshots', { method: 'POST', body: JSON.stringify({ label: 'Last review' }) })).json()) as { id: string };
    client.destroy();
    await stop();

    // The basis as the release before wrote it: no version, and of a dependency only these fields.
    const db = new Database(join(dataDir, 'throughline.db'));
    const row = db.prepare('SELECT basis FROM snapshots WHERE id = ?').get(snapshot.id) as { basis: string };
    const basis = JSON.parse(row.basis) as Record<string, unknown> & { deps: Record<string, Record<string, unknown>> };
    delete basis.version;
    for (const dep of Object.values(basis.deps)) for (const field of Object.keys(dep)) if (!['id', 'from', 'to', 'state', 'committedDate', 'proposedDate', 'archived'].includes(field)) delete dep[field];
    db.prepare('UPDATE snapshots SET basis = ? WHERE id = ?').run(JSON.stringify(basis), snapshot.id);
    db.close();

    child = await spawnServer(dataDir);
    const later = await connectSynced(child.url.replace('http', 'ws') + '/ws', workspace.id, workspace.tokens.editor);
    unwrap(updateDependency(later.doc, moved, { needBy: '2026-01-06', owner: 'Noor' }));
    await waitFor('the new need-by date to be stored', async () => (await stored())[moved] !== undefined && JSON.stringify((await stored())[moved]).includes('2026-01-06'));
    const answer = await api(`/changes?since=${snapshot.id}`);
    expect(answer.status).toBe(200);
    const { changes } = (await answer.json()) as { changes: { deps: { changed: { id: string }[] } } };
    // Only the dependency that moved, with the date and owner it had then: nothing the old basis lacked reads as changed.
    expect(changes.deps.changed).toEqual([{ id: moved, from: upstream, to: downstream, fields: { needBy: ['2025-12-01', '2026-01-06'], owner: ['Kim', 'Noor'] } }]);
    expect(changes.deps.changed.some((dep) => dep.id === still)).toBe(false);
    later.destroy();
  });
});
