import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSynced } from '../support/clients';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/test-server';

interface DemoJson {
  meta: { title: string; mode: string; pivotReason: string | null };
  nodes: Record<string, { kind: string; owner: string | null }>;
  kpis: Record<string, { name: string; plan: unknown[]; readings: unknown[] }>;
  deps: Record<string, unknown>;
  agenda: Record<string, { kind: string; title: string; severity: string | null; findings: Record<string, { severity: string }> }>;
  findings: Array<{ key: string; rule: string; subject: { type: string; id: string }; severity: string; message: string }>;
  rollups: Record<string, { health: string }>;
}

describe('the demo workspace on first start', () => {
  let server: TestServer;
  let demo: DemoJson;
  let link: URL;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    link = new URL(server.server.demoLinks!.facilitator);
    const token = new URLSearchParams(link.hash.slice(1)).get('token')!;
    const id = link.pathname.split('/')[2]!;
    const response = await fetch(`${server.url}/api/workspaces/${id}`, { headers: { authorization: `Bearer ${token}` } });
    demo = (await response.json()) as DemoJson;
  });
  afterAll(() => server.close());

  it('is printed as a facilitator link with its token in the fragment', () => {
    expect(link.pathname).toMatch(/^\/w\/[\w-]+$/);
    expect(link.search).toBe('');
    expect(link.hash).toMatch(/^#token=/);
  });

  it('holds a realistic review: every kind of node, six KPIs with plans and readings, five dependencies', () => {
    expect(demo.meta.title).toBe('Q4 operating review');
    const kinds = new Set(Object.values(demo.nodes).map((n) => n.kind));
    expect([...kinds].sort()).toEqual(['initiative', 'intent', 'keyResult', 'milestone', 'objective']);
    expect(Object.keys(demo.nodes).length).toBeGreaterThanOrEqual(20);
    expect(Object.values(demo.kpis)).toHaveLength(6);
    for (const kpi of Object.values(demo.kpis)) {
      expect(kpi.plan.length).toBeGreaterThan(0);
      expect(kpi.readings.length).toBeGreaterThan(0);
    }
    expect(Object.keys(demo.deps)).toHaveLength(5);
  });

  it('opens already pivoted into triage, with a red KPI and triage items that explain themselves', () => {
    expect(demo.meta.mode).toBe('triage');
    expect(demo.meta.pivotReason).toBeTruthy();
    const redKpis = demo.findings.filter((f) => f.rule === 'kpi-threshold' && f.severity === 'red');
    expect(redKpis).toHaveLength(1);
    expect(redKpis[0]!.message).toMatch(/behind/);
    // DESIGN §3: one item per subject, titled with the KPI's name and holding its red finding.
    const red = redKpis[0]!;
    const triage = Object.entries(demo.agenda).filter(([, item]) => item.kind === 'triage');
    expect(triage.map(([id]) => id)).toContain(`triage:kpi:${red.subject.id}`);
    const item = demo.agenda[`triage:kpi:${red.subject.id}`]!;
    expect(item).toMatchObject({ title: demo.kpis[red.subject.id]!.name, severity: 'red' });
    expect(item.findings[red.key]).toMatchObject({ severity: 'red' });
    // No subject is split across items, and no schema-1 per-finding id is left.
    for (const [id] of triage) expect(id).toMatch(/^triage:(kpi|node|dep):[^:]+$/);
    for (const finding of demo.findings) expect(demo.agenda[`triage:${finding.subject.type}:${finding.subject.id}`]).toBeDefined();
    expect(Object.values(demo.rollups).some((r) => r.health === 'red')).toBe(true);
  });

  it('is listed for the admin in triage mode, and a stock client syncs the same state', async () => {
    const list = await fetch(`${server.url}/api/workspaces`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { workspaces } = (await list.json()) as { workspaces: Array<{ title: string; mode: string }> };
    expect(workspaces).toEqual([expect.objectContaining({ title: 'Q4 operating review', mode: 'triage' })]);

    const token = new URLSearchParams(link.hash.slice(1)).get('token')!;
    const client = await connectSynced(server.wsUrl, link.pathname.split('/')[2]!, token);
    expect(client.doc.getMap('nodes').size).toBe(Object.keys(demo.nodes).length);
    expect(client.doc.getMap('meta').get('mode')).toBe('triage');
    client.destroy();
  });
});
