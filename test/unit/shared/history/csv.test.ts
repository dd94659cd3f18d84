import { describe, expect, it } from 'vitest';
import { csvField, csvText, parseCsv, readingsCsv, unguardedText } from '../../../../shared/history/csv';
import { planImport } from '../../../../shared/history/reading-import';

/** The day the rows are imported on: 2025-11-09 is more than a day after it. */
const NOW = new Date('2025-11-05T12:00:00Z');

describe('CSV (RFC 4180) and the import plan (SPEC M5, M7)', () => {
  it('[M5] quotes fields holding commas, quotes and line breaks, and parses them back', () => {
    const fields = ['plain', 'a,b', 'say "hi"', 'two\nlines', ''];
    const line = fields.map(csvField).join(',');
    expect(line).toBe('plain,"a,b","say ""hi""","two\nlines",');
    expect(parseCsv(`${line}\r\nnext,row`)).toEqual([
      { line: 1, cells: fields },
      { line: 3, cells: ['next', 'row'] },
    ]);
  });

  it('[M7] skips blank lines and keeps each record\'s first line', () => {
    expect(parseCsv('a,1\n\n\nb,2\n').map((record) => record.line)).toEqual([1, 4]);
  });

  it('[M7] matches a KPI by id or exact name, refuses ambiguous names, a date more than a day ahead, and dedupes against the file and the store', () => {
    const kpis = [
      { id: 'k1', name: 'Revenue', unit: '', storedAt: new Set([Date.parse('2025-11-01')]) },
      { id: 'k2', name: 'Twin', unit: '', storedAt: new Set<number>() },
      { id: 'k3', name: 'Twin', unit: '', storedAt: new Set<number>() },
    ];
    const plan = planImport('kpi_id,at,value\nRevenue,2025-11-02,1\nk1,2025-11-02T00:00:00Z,2\nk1,2025-11-01,3\nTwin,2025-11-02,1\nrevenue,2025-11-02,1\nk2,2025-11-02,1.5,sheet\nk2,2025-11-09,4', kpis, NOW);
    expect(plan.accepted).toEqual(new Map([
      ['k1', [{ at: '2025-11-02', value: 1, source: 'csv import' }]],
      ['k2', [{ at: '2025-11-02', value: 1.5, source: 'sheet' }]],
    ]));
    expect(plan.refused.map((row) => [row.line, row.reason.slice(0, 20)])).toEqual([
      [3, 'An earlier row of th'],
      [4, 'The KPI "Revenue" al'],
      [5, 'Two KPIs are named "'],
      [6, 'There is no KPI with'],
      [8, 'The date 9 Nov 2025 '],
    ]);
    expect(plan.rows).toBe(7);
  });

  it('[M5][M7] an export imports into another workspace by KPI name, its formula guards read back as the text they guard', () => {
    const exported = readingsCsv({
      kpis: {
        k1: { name: '+Cost', readings: [{ at: '2025-11-02', value: -3, source: '=1+1' }] },
        k2: { name: 'Plain', readings: [{ at: '2025-11-03', value: 4, source: '-' }, { at: '2025-11-04', value: 5, source: 'sheet' }] },
      },
    } as never);
    expect(exported).toBe(
      "kpi_id,kpi_name,at,value,source\r\nk1,'+Cost,2025-11-02,-3,'=1+1\r\nk2,Plain,2025-11-03,4,'-\r\nk2,Plain,2025-11-04,5,sheet\r\n",
    );
    // The other workspace's KPIs have other ids: the names match.
    const kpis = [
      { id: 'x1', name: '+Cost', unit: '', storedAt: new Set<number>() },
      { id: 'x2', name: 'Plain', unit: '', storedAt: new Set([Date.parse('2025-11-04')]) },
    ];
    const plan = planImport(exported, kpis, NOW);
    expect(plan.accepted).toEqual(new Map([
      ['x1', [{ at: '2025-11-02', value: -3, source: '=1+1' }]],
      ['x2', [{ at: '2025-11-03', value: 4, source: '-' }]],
    ]));
    expect(plan.refused).toEqual([{ line: 4, reason: 'The KPI "Plain" already has a reading at 2025-11-04.' }]);
    expect(planImport('source,value,kpi_name,at\nsheet,7,Plain,2025-11-03\nsheet,8,Plain', kpis, NOW).refused).toEqual([
      { line: 3, reason: 'Expected 4 columns, as the header names; found 3.' },
    ]);
  });

  it('[M7] a quote never closed is refused as that, not as the wrong number of columns', () => {
    const kpis = [{ id: 'k1', name: 'Revenue', unit: '', storedAt: new Set<number>() }];
    const plan = planImport('k1,2025-11-02,1\nk1,2025-11-03,"2\nk1,2025-11-04,3\n', kpis, NOW);
    expect(plan.accepted.get('k1')).toHaveLength(1);
    expect(plan.refused).toEqual([{ line: 2, reason: expect.stringMatching(/^A quote opened in this row is never closed/) }]);
  });

  it('[M5] guards each piece a spreadsheet splitting on ; or a tab would start a cell with, and reads every text back exactly', () => {
    expect(csvText('x;=1+1')).toBe("x;'=1+1");
    expect(csvText('note\t@SUM(A1)')).toBe("note\t'@SUM(A1)");
    expect(csvText(' =1')).toBe("' =1");
    for (const text of ['=1', "'=1", "''+x", ' =1', "' =1", 'x;=1+1', '\t=1', "it's", "'quoted'", '-5% churn', '-', "a;'@b", "'", '', ';;']) {
      expect(unguardedText(parseCsv(csvText(text))[0]?.cells[0] ?? ''), JSON.stringify(text)).toBe(text);
    }
    // An id as the document makes them is written as it is, for scripts that use it with the API.
    expect(readingsCsv({ kpis: { '-k1': { name: 'n', readings: [{ at: '2025-11-02', value: 1, source: '' }] } } } as never)).toContain('\r\n-k1,n,2025-11-02,1,\r\n');
  });

  it('[M7] a header may name columns no reading has and end in empty cells; a file without the export\'s header keeps its apostrophes', () => {
    const kpis = [
      { id: 'k1', name: 'Revenue', unit: '', storedAt: new Set<number>() },
      { id: 'k2', name: 'Twin', unit: '', storedAt: new Set<number>() },
      { id: 'k3', name: 'Twin', unit: '', storedAt: new Set<number>() },
    ];
    const named = planImport('at,kpi,value,note,,\n2025-11-01,Revenue,1,first,,\n2025-11-02,k1,2\n2025-11-03,k1,3,,,,x', kpis, NOW);
    expect(named.accepted.get('k1')?.map((reading) => reading.value)).toEqual([1, 2]);
    expect(named.refused).toEqual([{ line: 4, reason: 'Expected 3 to 4 columns, as the header names; found 7.' }]);
    const positional = planImport("kpi,at,value,source,\nk1,2025-11-01,1,'+1 vs plan\nTwin,2025-11-02,1", kpis, NOW);
    expect(positional.accepted.get('k1')).toEqual([{ at: '2025-11-01', value: 1, source: "'+1 vs plan" }]);
    expect(positional.refused).toEqual([{ line: 3, reason: 'Two KPIs are named "Twin": use the KPI\'s id.' }]);
    const long = planImport(`${'x'.repeat(500_000)},2025-11-01,1`, kpis, NOW);
    expect(long.refused[0]!.reason).toBe(`There is no KPI with the id or name "${'x'.repeat(79)}…".`);
  });
});
