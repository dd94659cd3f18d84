import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/rules/finding';
import type { ActionJson, AgendaItemJson, DepJson, KpiJson, WorkspaceJson } from '../../../shared/schema/types';
import { spawnServer, type ChildServer } from '../support/child-server';
import { connectSynced } from '../support/clients';
import { tempDataDir } from '../support/test-server';

/**
 * SPEC T1 on the database the schema-1 release stored (test/fixtures/schema1/README.md), opened
 * by the server as `npm start` runs it. The server's rules run after the migration with today's
 * clock and may move items the policy says to move; what people wrote never moves.
 */

type Schema1Item = Omit<AgendaItemJson, 'findings' | 'acceptedSeverity' | 'revisitOn' | 'outcomeAt' | 'standing' | 'cleared'> & {
  finding: string | null;
};
interface Schema1Fixture {
  adminToken: string;
  workspace: { id: string; title: string; tokens: { facilitator: string } };
  people: { ana: string; ben: string };
  subjects: { procurementKpi: string; cloudSavingKpi: string; reviewItem: string };
  items: Record<string, string>;
  document: Omit<WorkspaceJson, 'agenda' | 'kpis' | 'deps'> & {
    agenda: Record<string, Schema1Item>;
    kpis: Record<string, Omit<KpiJson, 'createdAt' | 'archived'>>;
    deps: Record<string, Omit<DepJson, 'archived'>>;
  };
  seededDemo: { id: string; tokens: { facilitator: string } };
}
type Read = WorkspaceJson & { findings: Finding[]; rollups: unknown };

const fixtureDir = fileURLToPath(new URL('../../fixtures/schema1/', import.meta.url));
const fixture = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as Schema1Fixture;
const before = fixture.document;

/** Schema 1's triage items, grouped by the one item schema 2 keeps for their subject. */
function schema1Groups(): Map<string, Schema1Item[]> {
  const groups = new Map<string, Schema1Item[]>();
  for (const item of Object.values(before.agenda)) {
    if (item.kind !== 'triage') continue;
    const id = `triage:${item.subject!.type}:${item.subject!.id}`;
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  return groups;
}

/** The stored document, without what the server works out afresh on every read. */
const documentOf = ({ findings: _findings, rollups: _rollups, ...document }: Read) => document;

describe('a schema-1 database opened by this release (SPEC T1)', () => {
  const dataDir = tempDataDir();
  let child: ChildServer | undefined;
  let startedAt: number;
  let first: Read;
  let afterRestart: Read;

  const start = async () => {
    child = await spawnServer(dataDir, 0, { THROUGHLINE_ADMIN_TOKEN: fixture.adminToken });
  };
  const stop = async () => {
    child?.process.kill('SIGTERM');
    await child?.exited;
  };
  const read = async (id = fixture.workspace.id, token = fixture.workspace.tokens.facilitator): Promise<Read> => {
    const response = await fetch(`${child!.url}/api/workspaces/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as Read;
  };

  beforeAll(async () => {
    copyFileSync(join(fixtureDir, 'throughline.db'), join(dataDir, 'throughline.db'));
    startedAt = Date.now();
    await start();
    first = await read();
    await stop();
    await start();
    afterRestart = await read();
  });
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('T1 opens as schema 2 with one triage item per subject and no schema-1 item left', () => {
    expect(first.meta).toMatchObject({ schema: 2, title: before.meta!.title, mode: 'triage', pivotedAt: before.meta!.pivotedAt });
    for (const id of Object.keys(before.agenda).filter((id) => id.startsWith('triage:'))) expect(first.agenda[id]).toBeUndefined();
    const triage = Object.values(first.agenda).filter((item) => item.kind === 'triage');
    for (const item of triage) expect(item.id).toBe(`triage:${item.subject!.type}:${item.subject!.id}`);
    expect(new Set(triage.map((item) => item.id)).size).toBe(triage.length);
    for (const id of schema1Groups().keys()) expect(first.agenda[id]?.kind).toBe('triage');
    expect(first.meeting).toEqual({ status: 'idle', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: false });
  });

  it('T1 the procurement KPI becomes one item with both decisions, all three actions and the votes added up; the finding still under discussion comes back', () => {
    const id = `triage:kpi:${fixture.subjects.procurementKpi}`;
    const item = first.agenda[id]!;
    const parts = [fixture.items.procurementThreshold!, fixture.items.procurementTrend!, fixture.items.procurementStale!].map((id) => before.agenda[id]!);
    // The decision accepted the threshold and trend findings the room had decided and deferred;
    // the stale finding was still being discussed, so while it is live the item is open again.
    const staleLive = first.findings.some((finding) => finding.key === `kpi-stale:kpi:${fixture.subjects.procurementKpi}`);
    expect(item).toMatchObject({ title: 'Procurement savings', state: staleLive ? 'open' : 'decided', acceptedSeverity: 'red', owner: 'Priya Raman' });
    if (staleLive) expect(first.log.filter((entry) => entry.kind === 'reopen' && entry.ref === id)).toHaveLength(1);
    expect(item.decision).toContain('Re-baseline the procurement plan to 220 kUSD and move the tail-spend review into this quarter.');
    expect(item.decision).toContain('Wait for the November vendor invoices before judging the trend.');
    expect(sortById(item.actions)).toEqual(sortById(parts.flatMap((part) => part.actions)));
    expect(item.actions.map((action) => action.done).sort()).toEqual([false, false, true]);
    expect(item.votes).toEqual({ [fixture.people.ana]: 3, [fixture.people.ben]: 1 });
  });

  it('T1 every merged item keeps every decision text, action and vote', () => {
    for (const [id, parts] of schema1Groups()) {
      const item = first.agenda[id]!;
      for (const part of parts) if (part.decision.trim() !== '') expect(item.decision).toContain(part.decision.trim());
      expect(sortById(item.actions)).toEqual(sortById(parts.flatMap((part) => part.actions)));
      const votes: Record<string, number> = {};
      for (const part of parts) for (const [person, dots] of Object.entries(part.votes)) votes[person] = (votes[person] ?? 0) + dots;
      expect(item.votes).toEqual(votes);
    }
  });

  it('T1 an item whose parts were all resolved stays resolved; items nobody settled stay where the room left them', () => {
    expect(first.agenda[fixture.items.tieredSlasOwner!.replace('missing-owner:', '')]!.state).toBe('resolved');
    // Both cloud-saving parts were open, with a draft decision and votes: touched, so open.
    expect(first.agenda[`triage:kpi:${fixture.subjects.cloudSavingKpi}`]!.state).toBe('open');
  });

  it('T1 review items, nodes, KPIs, dependencies, rules and the log do not move; KPIs and dependencies gain createdAt and archived', () => {
    for (const [id, old] of Object.entries(before.agenda).filter(([, item]) => item.kind === 'review')) {
      const { finding: _gone, ...fields } = old;
      expect(first.agenda[id]).toEqual({
        ...fields,
        standing: false,
        cleared: false,
        acceptedSeverity: null,
        revisitOn: null,
        outcomeAt: null,
      });
    }
    expect(first.nodes).toEqual(before.nodes);
    const createdAt = Object.values(first.kpis).map((kpi) => kpi.createdAt);
    expect(new Set(createdAt).size).toBe(1);
    const migratedAt = Date.parse(createdAt[0]!);
    expect(new Date(migratedAt).toISOString()).toBe(createdAt[0]);
    expect(migratedAt).toBeGreaterThanOrEqual(startedAt);
    expect(migratedAt).toBeLessThanOrEqual(Date.now());
    expect(first.kpis).toEqual(mapValues(before.kpis, (kpi) => ({ ...kpi, createdAt: createdAt[0], archived: false })));
    expect(first.deps).toEqual(mapValues(before.deps, (dep) => ({ ...dep, archived: false })));
    expect(first.rules).toEqual(before.rules);
    // Append-only: what schema 1 logged stays; anything after it is the rules' own, on today's clock.
    expect(first.log.slice(0, before.log.length)).toEqual(before.log);
    for (const entry of first.log.slice(before.log.length)) expect(entry).toMatchObject({ by: 'rules', kind: expect.stringMatching(/^(pivot|reopen|resolution)$/) });
  });

  it('T1 the migration runs once: after a restart the stored workspace is the same', async () => {
    expect(documentOf(afterRestart)).toEqual(documentOf(first));
    const client = await connectSynced(`${child!.url.replace('http', 'ws')}/ws`, fixture.workspace.id, fixture.workspace.tokens.facilitator);
    try {
      expect(client.doc.getMap('meta').get('schema')).toBe(2);
      expect(client.doc.getMap('agenda').toJSON()).toEqual(afterRestart.agenda);
    } finally {
      client.destroy();
    }
  });

  it('T1 the untouched demo that release seeded opens as schema 2 as well', async () => {
    const demo = await read(fixture.seededDemo.id, fixture.seededDemo.tokens.facilitator);
    expect(demo.meta?.schema).toBe(2);
    for (const item of Object.values(demo.agenda).filter((entry) => entry.kind === 'triage')) {
      expect(item.id).toBe(`triage:${item.subject!.type}:${item.subject!.id}`);
    }
    for (const kpi of Object.values(demo.kpis)) expect(kpi).toMatchObject({ createdAt: expect.any(String), archived: false });
    const admin = await fetch(`${child!.url}/api/workspaces`, { headers: { authorization: `Bearer ${fixture.adminToken}` } });
    expect(((await admin.json()) as { workspaces: unknown[] }).workspaces).toHaveLength(2);
  });
});

function sortById(actions: readonly ActionJson[]): ActionJson[] {
  return [...actions].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
