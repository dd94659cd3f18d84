import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../../shared/rules/index';
import { kpiReadingDate } from '../../../../shared/rules/kpi-reading-date';
import { archiveKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addKpi, day, newWorkspace, NOW, pushRawReadings, run, severities } from '../../support/workspace-fixtures';

function withRaw(raw: [string, number][]) {
  const doc = newWorkspace();
  const id = addKpi(doc, { name: 'Net revenue', target: 100, readings: [[day(-1), 100]] });
  pushRawReadings(doc, id, raw);
  return { doc, id, findings: run(doc, kpiReadingDate) };
}

describe('[C2] kpi-reading-date: a reading dated more than a day ahead that reached the document', () => {
  // NOW is 17 Nov 2025 12:00 UTC: a reading may be dated up to 18 Nov 12:00.
  it.each([
    ['2025-11-18', 0, 'tomorrow'],
    ['2025-11-18T12:00:00Z', 0, 'exactly a day ahead'],
    ['2025-11-18T12:00:01Z', 1, 'a second more than a day ahead'],
    ['2025-11-19', 1, 'the day after tomorrow'],
    ['2026-11-17', 1, 'a year ahead (2026 for 2025)'],
  ])('%s → %s finding (%s)', (at, count) => {
    expect(withRaw([[at, 95]]).findings).toHaveLength(count);
  });

  it('is amber on the KPI and says which reading and why the rules leave it out', () => {
    const { id, findings } = withRaw([['2026-11-17', 95]]);
    expect(severities(findings)).toEqual([['amber', id]]);
    expect(findings[0]!.key).toBe(`kpi-reading-date:kpi:${id}`);
    expect(findings[0]!.message).toBe(
      'Net revenue has a reading dated 17 Nov 2026 (95 kUSD), more than a day after today (17 Nov 2025); the rules leave it out until it is corrected',
    );
    expect(findings[0]!.evidence).toEqual({ unit: 'kUSD', today: '2025-11-17', readings: [{ at: '2026-11-17', value: 95, source: 'raw' }] });
  });

  it('counts several, oldest first', () => {
    const { findings } = withRaw([['2026-12-01', 1], ['2026-11-17', 2]]);
    expect(findings[0]!.message).toMatch(/^Net revenue has 2 readings dated 17 Nov 2026 or later, more than a day after today .*; the rules leave them out until they are corrected$/);
    expect((findings[0]!.evidence.readings as { at: string }[]).map((r) => r.at)).toEqual(['2026-11-17', '2026-12-01']);
  });

  it('is one of the rules evaluateRules runs, and the threshold rule judges the reading before it', () => {
    const { doc } = withRaw([['2026-11-17', 10]]);
    const view = readWorkspaceView(doc);
    expect(evaluateRules(view, view.rules, NOW).map((f) => f.rule)).toEqual(['kpi-reading-date']);
  });

  it('[C9] says nothing about an archived KPI', () => {
    const { doc, id } = withRaw([['2026-11-17', 10]]);
    unwrap(archiveKpi(doc, id, null));
    expect(run(doc, kpiReadingDate)).toEqual([]);
  });
});
