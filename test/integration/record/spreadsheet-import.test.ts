import { describe, expect, it } from 'vitest';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { addKpi, storedJson } from '../support/triage';

interface ImportAnswer {
  imported?: number;
  refused?: { line: number; reason: string }[];
  error?: { code: string; message: string };
}

describe('a readings file as a spreadsheet writes it, over REST (SPEC M24, M25)', () => {
  const fixture = useWorkspace();
  const send = async (body: string, query = '') => {
    const answer = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/import${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'text/csv' },
      body,
    });
    return { status: answer.status, body: (await answer.json()) as ImportAnswer };
  };
  const stored = async (kpi: string) => (await storedJson(fixture)).kpis[kpi]!.readings.map((reading) => [reading.at, reading.value]);

  it('[M24][M25] a European export (semicolons, decimal commas, units, day-first dates) lands as the spreadsheet shows it; a value in another unit is refused by line', async () => {
    const client = await fixture.connect('editor');
    const revenue = unwrap(createKpi(client.doc, { name: 'Revenue', unit: 'kUSD', direction: 'increase', baseline: 1000, target: 1500, owner: 'Dana' }));
    await waitFor('Revenue to reach the server', async () => (await storedJson(fixture)).kpis[revenue] !== undefined);
    const churn = await addKpi(fixture, client, 'Churn');
    const file = ['kpi;at;value;source', 'Revenue;25/11/2025;1.250,5 kUSD;ERP', 'Revenue;05/12/2025;1.300 kUSD;ERP', 'Churn;05/12/2025;2,5%;CRM', 'Revenue;06/12/2025;175 kEUR;ERP', ''].join('\r\n');
    const answer = await send(file);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ imported: 3, refused: [{ line: 5, reason: '"175 kEUR" is in kEUR, but "Revenue" is in kUSD.' }] });
    expect(await stored(revenue)).toEqual([['2025-11-25', 1250.5], ['2025-12-05', 1300]]);
    expect(await stored(churn)).toEqual([['2025-12-05', 2.5]]);
  });

  it('[M25][M22] dates that read either way import only in the order the request names; without one the file is refused whole and nothing lands', async () => {
    const client = await fixture.connect('editor');
    const kpi = await addKpi(fixture, client, 'Uptime');
    const file = 'kpi,at,value\nUptime,05/11/2025,99.5%\nUptime,06/11/2025,98%\n';
    const unasked = await send(file);
    expect(unasked).toEqual({
      status: 400,
      body: { error: { code: 'ambiguous_import', message: 'Every date in this file could be day/month or month/day, such as "05/11/2025" on line 2: say which order they are in (dates=dmy or dates=mdy).' } },
    });
    expect(await stored(kpi)).toEqual([]);
    const refused = await send(file, '?dates=ymd');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_query', message: expect.stringMatching(/^dates: /) });
    expect(await send(file, '?dates=mdy')).toMatchObject({ status: 200, body: { imported: 2, refused: [] } });
    expect(await stored(kpi)).toEqual([['2025-05-11', 99.5], ['2025-06-11', 98]]);
  });

  it('[M24] a "1,250" nothing in the file explains is refused whole until the request names the decimal mark', async () => {
    const client = await fixture.connect('editor');
    const kpi = await addKpi(fixture, client, 'Tickets');
    const file = 'Tickets,2025-11-03,"1,250%"\nTickets,2025-11-04,"1,300%"\n';
    const unasked = await send(file);
    expect(unasked.status).toBe(400);
    expect(unasked.body.error!.message).toBe('"1,250%" on line 1 could be 1250 or 1.25, and no number in this file says which: say how its numbers are written (decimal=point or decimal=comma).');
    expect(await stored(kpi)).toEqual([]);
    expect((await send(file, '?decimal=point')).body).toMatchObject({ imported: 2 });
    expect(await stored(kpi)).toEqual([['2025-11-03', 1250], ['2025-11-04', 1300]]);
  });
});
