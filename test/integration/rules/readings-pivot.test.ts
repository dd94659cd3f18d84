import { beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { runRules } from '../../../server/rooms/rule-runner';
import { readAgendaItem } from '../../../shared/schema/agenda-read';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { readMode } from '../../../shared/schema/workspace';
import { canonical } from '../../support/canonical';
import { waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';

const today = () => new Date().toISOString().slice(0, 10);

describe('readings over REST and the pivot', () => {
  const fixture = useWorkspace({}, 'Pivot review');
  let facilitator: Client;
  let kpiId: string;

  beforeEach(async () => {
    facilitator = await fixture.connect('facilitator');
    kpiId = unwrap(
      createKpi(facilitator.doc, { name: 'Net revenue retention', unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Dana' }),
    );
    await waitFor('the KPI to reach the server', async () => (await readingsOnServer()) === 0);
  });

  const post = (body: unknown, token = fixture.workspace.tokens.editor, kpi = kpiId) =>
    fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/kpis/${kpi}/readings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const readingsOnServer = async () => {
    const response = await fixture.readAsViewer();
    const json = (await response.json()) as { kpis: Record<string, { readings: unknown[] }> };
    return json.kpis[kpiId]?.readings.length;
  };

  it('a reading far behind target pivots every connected client into triage', async () => {
    const watcher = await fixture.connect('viewer');
    expect(watcher.doc.getMap('kpis').has(kpiId)).toBe(true);

    const response = await post({ at: today(), value: 80, source: 'warehouse' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { mode: string; findings: Array<{ key: string; severity: string; message: string }> };
    expect(body.mode).toBe('triage');
    const key = `kpi-threshold:kpi:${kpiId}`;
    expect(body.findings).toContainEqual(expect.objectContaining({ key, severity: 'red' }));

    // DESIGN §3: one item per subject, titled with the KPI's name, holding the finding.
    const itemId = `triage:kpi:${kpiId}`;
    for (const client of [watcher, facilitator]) {
      await waitFor('the pivot to reach the client', () => client.doc.getMap('meta').get('mode') === 'triage');
      const item = readAgendaItem(itemId, client.doc.getMap('agenda').get(itemId));
      expect(item).toMatchObject({ kind: 'triage', title: 'Net revenue retention', severity: 'red', state: 'open' });
      expect(item!.findings.map((f) => [f.key, f.severity])).toEqual([[key, 'red']]);
      expect(String(client.doc.getMap('meta').get('pivotReason'))).toMatch(/Net revenue retention/);
    }

    const read = await fixture.readAsViewer();
    const json = (await read.json()) as { meta: { mode: string }; findings: Array<{ key: string }> };
    expect(json.meta.mode).toBe('triage');
    expect(json.findings.map((f) => f.key)).toContain(key);
  });

  it('refuses unknown KPIs, bad dates, non-finite values and viewers, and appends nothing', async () => {
    const unknown = await post({ at: today(), value: 1 }, fixture.workspace.tokens.editor, 'no-such-kpi');
    expect(unknown.status).toBe(404);

    const mixed = await post([{ at: today(), value: 101 }, { at: '2025-02-30', value: 1 }, { at: today(), value: 'NaN' }]);
    expect(mixed.status).toBe(400);
    const error = ((await mixed.json()) as { error: { code: string; details: string[] } }).error;
    expect(error.code).toBe('invalid');
    expect(error.details).toHaveLength(2);
    expect(error.details[0]).toMatch(/^Reading 2: .*2025-02-30/);
    expect(error.details[1]).toMatch(/^Reading 3: .*not a finite number/);

    expect((await post({ at: today(), value: 1 }, fixture.workspace.tokens.viewer)).status).toBe(403);
    expect((await post('not an object')).status).toBe(400);
    expect(await readingsOnServer()).toBe(0);
    expect(readMode(facilitator.doc)).toBe('review');
  });

  it('[H18] refuses a reading that is not an object, and a source longer than 200 characters, by what is wrong, and appends nothing', async () => {
    const nested = await post([[today(), 101]]);
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { error: { message: string } }).error.message).toMatch(/^A reading must be an object/);
    const long = await post({ at: today(), value: 101, source: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toContain('The source may be at most 200 characters.');
    // A body that is neither a reading nor a list of them, or a list over the limit, says what to send.
    for (const body of ['hello', Array.from({ length: 10_001 }, () => ({ at: today(), value: 1 }))]) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('body: send one reading object or an array of 1 to 10,000 readings');
    }
    expect((await post({ at: today(), value: 101, source: 'x'.repeat(200) })).status).toBe(201);
    expect(await readingsOnServer()).toBe(1);
  });

  it('[H18] text with a lone surrogate is stored as every replica decodes it: the server\'s own copy matches the clients\'', async () => {
    // UTF-8 cannot carry half a surrogate pair: Yjs's encoder sends U+FFFD for it.
    expect((await post({ at: today(), value: 101, source: 'probe \ud800' })).status).toBe(201);
    const sourceOn = (doc: Y.Doc) => ((doc.getMap('kpis').get(kpiId) as Y.Map<unknown> | undefined)?.get('readings') as Y.Array<{ source: string }> | undefined)?.get(0)?.source;
    await waitFor('the reading to reach the client', () => sourceOn(facilitator.doc) !== undefined);
    expect(sourceOn(facilitator.doc)).toBe('probe \ufffd');
    const live = (await (await fixture.readAsViewer()).json()) as { kpis: Record<string, { readings: Array<{ source: string }> }> };
    expect(live.kpis[kpiId]!.readings[0]!.source).toBe('probe \ufffd');
  });

  it('[H18] a JSON body not labelled application/json, in another charset than UTF-8 or compressed is refused with 415, as a cross-origin form or text/plain fetch would send it', async () => {
    // Bytes, not a string: fetch labels a string body text/plain, and bytes not at all.
    const send = (headers: Record<string, string>) =>
      fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/kpis/${kpiId}/readings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, ...headers },
        body: new TextEncoder().encode(JSON.stringify({ at: today(), value: 80 })),
      });
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const answer = await send({ 'content-type': type });
      expect(answer.status, type).toBe(415);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
    // Without a Content-Type header at all.
    expect((await send({})).status).toBe(415);
    // JSON in another charset than UTF-8, or compressed, would be read as other characters or bytes.
    for (const headers of [{ 'content-type': 'application/json; charset=latin1' }, { 'content-type': 'application/json', 'content-encoding': 'gzip' }] as Record<string, string>[]) {
      const answer = await send(headers);
      expect(answer.status, JSON.stringify(headers)).toBe(415);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/^Send (JSON as UTF-8|the body uncompressed)/);
    }
    expect(await readingsOnServer()).toBe(0);
    expect(readMode(facilitator.doc)).toBe('review');
    expect((await send({ 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
    expect((await send({ 'content-type': 'application/json; charset="UTF-8"' })).status).toBe(201);
    // ASCII is a subset of UTF-8.
    expect((await send({ 'content-type': 'application/json; charset=us-ascii' })).status).toBe(201);
    expect(await readingsOnServer()).toBe(3);
  });

  it('a replica that pivots on its own while offline converges on one triage item for the KPI', async () => {
    facilitator.provider.disconnect();
    const response = await post({ at: today(), value: 70 });
    expect(((await response.json()) as { mode: string }).mode).toBe('triage');

    // The offline replica sees the same reading and raises the same finding itself.
    facilitator.doc.transact(() => {
      const kpi = facilitator.doc.getMap('kpis').get(kpiId) as import('yjs').Map<unknown>;
      (kpi.get('readings') as import('yjs').Array<unknown>).push([{ at: today(), value: 70, source: 'offline copy' }]);
    });
    runRules(facilitator.doc, new Date());
    expect(facilitator.doc.getMap('meta').get('mode')).toBe('triage');
    facilitator.provider.connect();

    const other = await fixture.connect('viewer');
    await waitFor(
      'both replicas to agree',
      () => facilitator.provider.synced && canonical(facilitator.doc.getMap('agenda').toJSON()) === canonical(other.doc.getMap('agenda').toJSON()),
    );
    const triageItems = [...other.doc.getMap('agenda').keys()].filter((id) => id.startsWith('triage:'));
    expect(triageItems).toEqual([`triage:kpi:${kpiId}`]);
    const item = readAgendaItem(triageItems[0]!, other.doc.getMap('agenda').get(triageItems[0]!));
    expect(item!.findings.map((f) => f.key)).toEqual([`kpi-threshold:kpi:${kpiId}`]);
    expect(other.doc.getMap('meta').get('mode')).toBe('triage');
  });
});
