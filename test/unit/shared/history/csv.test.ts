import { describe, expect, it } from 'vitest';
import { csvField, parseCsv } from '../../../../shared/history/csv';
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
      { id: 'k1', name: 'Revenue', storedAt: new Set([Date.parse('2025-11-01')]) },
      { id: 'k2', name: 'Twin', storedAt: new Set<number>() },
      { id: 'k3', name: 'Twin', storedAt: new Set<number>() },
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
      [8, 'The date 2025-11-09 '],
    ]);
    expect(plan.rows).toBe(7);
  });
});
