import { describe, expect, it } from 'vitest';
import { createAgendaItem, setDecision } from '../../../shared/schema/agenda-accessors';
import { writeRuleSetting } from '../../../shared/rules/rule-settings';
import { unwrap } from '../../../shared/schema/op-result';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call } from '../support/people';
import { addKpi, postReading, storedJson } from '../support/triage';

/** `GET …/changes` from the live document, as "Since the last review" and History ask for it. */
describe('what changed since a snapshot, as the next meeting reads it (SPEC M3)', () => {
  const fixture = useWorkspace();
  const api = (method: string, path: string, role: 'facilitator' | 'viewer', body?: unknown) =>
    call<any>(fixture.server.url, method, `/api/workspaces/${fixture.workspace.id}${path}`, { token: fixture.workspace.tokens[role] }, body);

  it('[M3][C12] switching the threshold rule off moves the band to not judged ("off"), never red → green', async () => {
    const client = await fixture.connect('facilitator');
    const kpi = await addKpi(fixture, client, 'Cloud cost saving');
    expect((await postReading(fixture, kpi, 80)).mode).toBe('triage');
    const snapshot = (await api('POST', '/snapshots', 'facilitator', { label: 'Last review' })).json.id as string;

    unwrap(writeRuleSetting(client.doc, 'kpi-threshold', { enabled: false }, 'Ana Diaz'));
    await waitFor('the rule to be off and its finding gone', async () => {
      const stored = await storedJson(fixture);
      return stored.rules['kpi-threshold']?.enabled === false && !stored.findings.some((finding) => finding.rule === 'kpi-threshold');
    });
    const { changes } = (await api('GET', `/changes?since=${snapshot}`, 'viewer')).json;
    expect(changes.kpis).toEqual([{ id: kpi, name: 'Cloud cost saving', value: [80, 80], band: ['red', 'off'], readingsAdded: 0, added: false }]);
    client.destroy();
  });

  it('[M3] text typed in an undecided item\'s decision box is a draft, not a decision', async () => {
    const client = await fixture.connect('facilitator');
    const item = unwrap(createAgendaItem(client.doc, { title: 'Partner referral programme' }));
    await waitFor('the item to be stored', async () => (await storedJson(fixture)).agenda[item] !== undefined);
    const snapshot = (await api('POST', '/snapshots', 'facilitator', { label: 'Last review' })).json.id as string;

    unwrap(setDecision(client.doc, item, 'Priya draft: keep programme'));
    await waitFor('the draft to be stored', async () => (await storedJson(fixture)).agenda[item]!.decision === 'Priya draft: keep programme');
    const { changes } = (await api('GET', `/changes?since=${snapshot}`, 'viewer')).json;
    expect(changes.decisions).toEqual([]);
    expect(changes.drafts).toEqual([{ id: item, title: 'Partner referral programme', text: 'Priya draft: keep programme' }]);
    client.destroy();
  });
});
