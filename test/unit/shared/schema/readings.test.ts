import { describe, expect, it } from 'vitest';
import { appendReadings, validateReading } from '../../../../shared/schema/readings';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { addKpi, newWorkspace } from '../../support/workspace-fixtures';

const known = new Set(['k1']);

describe('validateReading', () => {
  it('accepts a day or a full ISO timestamp and a finite number, defaulting the source', () => {
    expect(validateReading({ kpi: 'k1', at: '2025-11-03', value: 156 }, known)).toEqual({
      ok: true,
      kpi: 'k1',
      reading: { at: '2025-11-03', value: 156, source: 'manual' },
    });
    expect(validateReading({ kpi: 'k1', at: '2025-11-03T09:00:00+01:00', value: '12.5', source: 'csv' }, known)).toMatchObject({
      ok: true,
      reading: { value: 12.5, source: 'csv' },
    });
  });

  it('refuses an unknown KPI', () => {
    expect(validateReading({ kpi: 'k9', at: '2025-11-03', value: 1 }, known)).toEqual({
      ok: false,
      problems: ['There is no KPI "k9" in this workspace.'],
    });
  });

  it.each(['2025-13-01', '2025-02-30', '03/11/2025', '2025-11-03T09:00', 'last monday'])('refuses the date %s', (at) => {
    const check = validateReading({ kpi: 'k1', at, value: 1 }, known);
    expect(check).toEqual({
      ok: false,
      problems: [`"${at}" is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.`],
    });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'abc', '12kUSD'])('refuses the value %s', (value) => {
    const check = validateReading({ kpi: 'k1', at: '2025-11-03', value }, known);
    expect(check).toEqual({ ok: false, problems: [`The value "${String(value)}" is not a finite number.`] });
  });

  it('lists every problem at once', () => {
    const check = validateReading({ at: '', value: null }, known);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems).toHaveLength(3);
    expect(validateReading('156', known)).toMatchObject({ ok: false });
  });
});

describe('appendReadings', () => {
  it('appends valid readings in one update', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(appendReadings(doc, kpi, [{ at: '2025-11-03', value: 1 }, { at: '2025-11-10', value: 2, source: 'api' }])).toEqual({
      ok: true,
      value: { appended: 2 },
    });
    expect(updates).toBe(1);
    expect(workspaceToJson(doc).kpis[kpi]!.readings).toEqual([
      { at: '2025-11-03', value: 1, source: 'manual' },
      { at: '2025-11-10', value: 2, source: 'api' },
    ]);
  });

  it('appends nothing when any reading is refused, and says which', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    const result = appendReadings(doc, kpi, [{ at: '2025-11-03', value: 1 }, { at: '2025-11-31', value: 2 }]);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: '1 of 2 readings was refused; nothing was added.',
        details: ['Reading 2: "2025-11-31" is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.'],
      },
    });
    expect(workspaceToJson(doc).kpis[kpi]!.readings).toEqual([]);
  });

  it('refuses a KPI that does not exist', () => {
    expect(appendReadings(newWorkspace(), 'nope', [])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
