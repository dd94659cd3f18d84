import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { NodeRollup } from '../../../shared/rollup/rollups';
import type { Finding } from '../../../shared/rules/finding';
import { archiveDependency, createDependency } from '../../../shared/schema/dependency-accessors';
import { archiveKpi, createKpi, type NewKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import type { WorkspaceJson } from '../../../shared/schema/types';
import { DAY_MS, addDays } from '../../../shared/schema/utc-dates';
import { commitDependency } from '../../../shared/tree/dependency-handshake';
import { addNode, type NewTreeNode } from '../../../shared/tree/tree-ops';
import { waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';

/** The server's clock and the clients' for this file: Monday 17 November 2025, midday UTC. */
const NOW = new Date('2025-11-17T12:00:00Z');
const day = (offset: number) => addDays('2025-11-17', offset);

type Answer = WorkspaceJson & { findings: Finding[]; rollups: Record<string, NodeRollup> };

/**
 * SPEC C1–C4, C6–C11 on a real server: a facilitator's stock provider builds the workspace through
 * the shared accessors, readings arrive over REST, and `GET /api/workspaces/:id` answers with the
 * server's findings and roll-ups, which must match the table below to the finding.
 */
describe('rule corrections on a real server', () => {
  const fixture = useWorkspace({ clock: () => NOW }, 'Corrections review');

  const post = async (kpi: string, body: unknown) => {
    const response = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/kpis/${kpi}/readings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  };

  const read = async (): Promise<Answer> => (await (await fixture.readAsViewer()).json()) as Answer;

  /** The crafted workspace, written by the facilitator's client as the browser writes it. */
  function craft(client: Client) {
    const { doc } = client;
    const kpi = (input: Partial<NewKpi>, createdAt = NOW) =>
      unwrap(createKpi(doc, { name: 'KPI', unit: 'kUSD', direction: 'increase', target: 100, ...input } as NewKpi, createdAt));
    const node = (fields: Partial<NewTreeNode>) => unwrap(addNode(doc, { kind: 'initiative', title: 'Node', parent: null, owner: 'Ana', ...fields } as NewTreeNode));
    const ids = {
      uptime: kpi({ name: 'API uptime', unit: '%', direction: 'maintain', lower: 99.9, upper: 100, target: null }),
      cloud: kpi({
        name: 'Cloud cost saving',
        target: 300,
        targetDate: day(10),
        plan: [
          { at: day(-20), value: 100 },
          { at: day(-10), value: 200 },
        ],
      }),
      signups: kpi({ name: 'Sign-ups' }),
      churn: kpi({ name: 'Net revenue' }),
      neverRead: kpi({ name: 'NPS' }, new Date(NOW.getTime() - 11 * DAY_MS)),
      archived: kpi({ name: 'Old KPI' }),
      grow: node({ kind: 'objective', title: 'Grow', owner: 'Ana' }),
      enterprise: '',
      sso: '',
      eu: '',
      cutover: '',
      missed: '',
      archivedDep: '',
    };
    ids.enterprise = node({ parent: ids.grow, title: 'Enterprise tier', value: { planned: 900, realised: 0, unit: 'kUSD' } });
    ids.sso = node({ parent: ids.enterprise, title: 'SSO', owner: 'Bo', value: { planned: 300, realised: 0, unit: 'kUSD' } });
    ids.eu = node({ title: 'EU launch', owner: 'Cy', value: { planned: 50, realised: 0, unit: 'kEUR' } });
    ids.cutover = node({ kind: 'milestone', title: 'Warehouse cut-over', team: 'Platform', due: day(20) });
    unwrap(createDependency(doc, { from: ids.sso, to: ids.eu, needBy: day(60) }));
    ids.missed = unwrap(createDependency(doc, { from: ids.cutover, to: ids.sso, needBy: day(30) }));
    // Committed a fortnight ago to a date that has passed since: a missed commitment.
    unwrap(commitDependency(doc, ids.missed, day(-3), new Date(NOW.getTime() - 14 * DAY_MS)));
    ids.archivedDep = unwrap(createDependency(doc, { from: ids.cutover, to: ids.eu, needBy: day(3) }));
    unwrap(archiveDependency(doc, ids.archivedDep, null));
    unwrap(archiveKpi(doc, ids.archived, null));
    doc.transact(() => {
      // Whitespace as an owner, as any client can store it (the accessors write null).
      (doc.getMap('nodes').get(ids.grow) as Y.Map<unknown>).set('owner', '  \t');
    });
    return ids;
  }

  it('[C1] [C2] [C3] [C4] [C6] [C7] [C8] [C9] [C10] [C11] finds exactly the table, with per-unit value at risk and the waiting node coloured', async () => {
    const facilitator = await fixture.connect('facilitator');
    const ids = craft(facilitator);
    await waitFor('the workspace to reach the server', async () => Object.keys((await read()).kpis).length === 6);

    expect((await post(ids.uptime, { at: day(-1), value: 97 })).status).toBe(201);
    expect((await post(ids.cloud, { at: day(0), value: 212.5 })).status).toBe(201);
    // A reading entered twice on one date, corrected by the second: the last written counts,
    // though it is stamped earlier in the day.
    expect((await post(ids.signups, [{ at: `${day(-1)}T18:00:00Z`, value: 80 }, { at: `${day(-1)}T09:00:00Z`, value: 100 }])).status).toBe(201);
    expect((await post(ids.churn, { at: day(-7), value: 90 })).status).toBe(201);
    expect((await post(ids.archived, { at: day(-1), value: 10 })).status).toBe(201);
    // An old client's typo reaches the document without the validator.
    facilitator.doc.transact(() => {
      const readings = (facilitator.doc.getMap('kpis').get(ids.churn) as Y.Map<unknown>).get('readings') as Y.Array<unknown>;
      readings.push([{ at: '2026-11-17', value: 100, source: 'old client' }]);
    });
    await waitFor('the typo to reach the server', async () => (await read()).kpis[ids.churn]!.readings.length === 2);

    const answer = await read();
    const table = answer.findings.map((finding) => [finding.key, finding.severity]).sort();
    expect(table).toEqual(
      [
        [`kpi-threshold:kpi:${ids.uptime}`, 'red'], // C4: 2.9 outside a 0.1-wide band is 2,900 %
        [`kpi-threshold:kpi:${ids.cloud}`, 'red'], // C3: 212.5 against 250 on the line to the target is 15 %
        [`kpi-threshold:kpi:${ids.churn}`, 'amber'], // C2: 90 judged, not the typo's 100
        [`kpi-reading-date:kpi:${ids.churn}`, 'amber'], // C2
        [`kpi-stale:kpi:${ids.neverRead}`, 'amber'], // C6: never read, created 11 days ago
        [`dependency-slip:dep:${ids.missed}`, 'red'], // C7: committed for 3 days ago, not done
        [`missing-owner:node:${ids.grow}`, 'amber'], // C8
      ].sort(),
    );
    const byKey = new Map(answer.findings.map((finding) => [finding.key, finding]));
    expect(byKey.get(`kpi-threshold:kpi:${ids.uptime}`)!.message).toBe(
      "API uptime is below its range (97%, range 99.9–100%: 2.9% outside, 2,900% of the band's width)",
    );
    expect(byKey.get(`kpi-threshold:kpi:${ids.cloud}`)!.evidence).toMatchObject({ reference: 250, slipPct: 15 });
    // C10: SSO's 300 kUSD (not its parent's 900, which includes it) and the EU launch waiting on SSO.
    const missed = byKey.get(`dependency-slip:dep:${ids.missed}`)!;
    expect(missed.evidence).toMatchObject({ valueAtRisk: { kEUR: 50, kUSD: 300 }, reasons: ['missed-commitment'] });
    expect(missed.message).toBe(
      'Platform committed to Warehouse cut-over for 14 Nov 2025 and has not delivered it (3 days ago); Bo needs it by 17 Dec 2025, putting 300 kUSD and 50 kEUR of planned value at risk',
    );
    // C11: the dependency's red colours SSO, the node waiting on it, and its ancestors; not the upstream.
    expect(answer.rollups[ids.sso]!.health).toBe('red');
    expect(answer.rollups[ids.enterprise]!.health).toBe('red');
    expect(answer.rollups[ids.cutover]!.health).toBe('green');
    expect(answer.rollups[ids.eu]!.health).toBe('green');

    // The server pivoted on the reds, and every client holds the same items.
    expect(answer.meta?.mode).toBe('triage');
    const items = Object.keys(answer.agenda).filter((id) => id.startsWith('triage:')).sort();
    expect(items).toEqual(
      [`triage:kpi:${ids.uptime}`, `triage:kpi:${ids.cloud}`, `triage:kpi:${ids.churn}`, `triage:kpi:${ids.neverRead}`, `triage:dep:${ids.missed}`, `triage:node:${ids.grow}`].sort(),
    );
  });

  it('[C2] refuses a reading dated more than a day ahead with a 400 that names the date, and appends nothing', async () => {
    const facilitator = await fixture.connect('facilitator');
    const kpi = unwrap(createKpi(facilitator.doc, { name: 'Net revenue', unit: 'kUSD', direction: 'increase', target: 100 }, NOW));
    await waitFor('the KPI to reach the server', async () => (await read()).kpis[kpi] !== undefined);

    const refused = await post(kpi, { at: '2026-11-17', value: 95 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      code: 'invalid',
      message: 'The date 17 Nov 2026 is more than a day after today (17 Nov 2025): a reading cannot be dated in the future. Check the year. Nothing was added.',
      details: ['Reading 1: The date 17 Nov 2026 is more than a day after today (17 Nov 2025): a reading cannot be dated in the future. Check the year.'],
    });
    const batch = await post(kpi, [{ at: day(-1), value: 90 }, { at: '2025-11-19', value: 91 }]);
    expect(batch.status).toBe(400);
    expect(batch.body.error!.message).toMatch(/^1 of 2 readings was refused; nothing was added\. Reading 2: The date 19 Nov 2025 is more than a day after today/);
    // Tomorrow is still today somewhere.
    expect((await post(kpi, { at: '2025-11-18', value: 92 })).status).toBe(201);
    expect((await read()).kpis[kpi]!.readings).toEqual([{ at: '2025-11-18', value: 92, source: 'manual' }]);
  });
});
