import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { spawnServer, type ChildServer } from '../support/child-server';
import { connectSynced, waitFor } from '../support/clients';
import { tempDataDir } from '../support/test-server';

/**
 * SPEC M19 on snapshots the previous release stored without a record basis
 * (test/fixtures/storage4/README.md), opened by the server as `npm start` runs it.
 */
const fixtureDir = fileURLToPath(new URL('../../fixtures/storage4/', import.meta.url));
const fixture = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as {
  adminToken: string;
  workspace: { id: string; token: string };
  snapshots: { before: string; after: string };
  changes: unknown;
};

describe('snapshots stored by storage version 4 (SPEC M19, M26)', () => {
  const dataDir = tempDataDir();
  let child: ChildServer | undefined;
  const start = async () => {
    child = await spawnServer(dataDir, 0, { THROUGHLINE_ADMIN_TOKEN: fixture.adminToken });
  };
  const stop = async () => {
    child?.process.kill('SIGTERM');
    await child?.exited;
  };
  const changes = async (query: string) => {
    const response = await fetch(`${child!.url}/api/workspaces/${fixture.workspace.id}/changes?${query}`, { headers: { authorization: `Bearer ${fixture.workspace.token}` } });
    expect(response.status).toBe(200);
    return response.json();
  };
  const between = `since=${fixture.snapshots.before}&until=${fixture.snapshots.after}`;
  /**
   * An answer as the previous release would word it: this release adds `added` to each KPI
   * movement (M13), which must say whether the KPI is new since the earlier snapshot, lists
   * draft decisions apart (`drafts`, M3), where the previous release counted them among the
   * decisions, of which it listed none here, and gives each snapshot its kind (M26): both were
   * taken on request; the rest is unchanged.
   */
  type Listed = { kind?: unknown };
  const asPreviousRelease = (answer: { since: Listed; until: Listed; changes: { kpis: { added?: unknown }[]; drafts?: unknown } }) => {
    for (const kpi of answer.changes.kpis) expect(typeof kpi.added).toBe('boolean');
    expect(answer.changes.drafts).toEqual([]);
    expect([answer.since.kind, answer.until.kind]).toEqual(['taken', 'taken']);
    const { drafts: _drafts, ...changes } = answer.changes;
    const { kind: _since, ...since } = answer.since;
    const { kind: _until, ...until } = answer.until;
    return { ...answer, since, until, changes: { ...changes, kpis: answer.changes.kpis.map(({ added: _added, ...kpi }) => kpi) } };
  };

  beforeAll(async () => {
    copyFileSync(join(fixtureDir, 'throughline.db'), join(dataDir, 'throughline.db'));
    await start();
  });
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('M19 changes between two old snapshots are what the previous release answered', async () => {
    expect(asPreviousRelease(await changes(between))).toEqual(fixture.changes);
  });

  it('M19 the basis built on first read is stored, and after a restart the answer is the same', async () => {
    await stop();
    const db = new Database(join(dataDir, 'throughline.db'), { readonly: true });
    const stored = db.prepare('SELECT id FROM snapshots WHERE basis IS NOT NULL ORDER BY id').all() as { id: string }[];
    db.close();
    expect(stored.map((row) => row.id)).toEqual([fixture.snapshots.before, fixture.snapshots.after].sort());
    await start();
    expect(asPreviousRelease(await changes(between))).toEqual(fixture.changes);
  });

  it('M26 snapshots the previous release took on request list as taken; a meeting ended since lists as the review it is', async () => {
    const listed = async () => {
      const response = await fetch(`${child!.url}/api/workspaces/${fixture.workspace.id}/snapshots`, { headers: { authorization: `Bearer ${fixture.workspace.token}` } });
      return ((await response.json()) as { snapshots: { id: string; kind: string }[] }).snapshots;
    };
    expect(await listed()).toEqual([
      expect.objectContaining({ id: fixture.snapshots.before, label: 'before the review', by: 'facilitator', kind: 'taken' }),
      expect.objectContaining({ id: fixture.snapshots.after, label: 'after the review', by: 'facilitator', kind: 'taken' }),
    ]);
    const client = await connectSynced(child!.url.replace('http', 'ws') + '/ws', fixture.workspace.id, fixture.workspace.token);
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the meeting-end snapshot', async () => (await listed()).length === 3);
    client.destroy();
    expect((await listed()).map((snapshot) => snapshot.kind)).toEqual(['taken', 'taken', 'meeting-end']);
  });

  it('M3/M19 changes from an old snapshot to the live document show the edits made after it', async () => {
    const live = (await changes(`since=${fixture.snapshots.before}`)) as { changes: { nodes: { changed: unknown[] }; kpis: unknown[] } };
    const recorded = (fixture.changes as { changes: { nodes: { changed: unknown[] }; kpis: unknown[] } }).changes;
    expect(live.changes.nodes.changed).toEqual(expect.arrayContaining(recorded.nodes.changed));
    expect(live.changes.kpis.length).toBeGreaterThan(0);
  });
});
