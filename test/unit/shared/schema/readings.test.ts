import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { appendReadings, deleteReading, editReading, listReadings, restoreReading, validateReading } from '../../../../shared/schema/readings';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addKpi, day, newWorkspace, NOW, pushRawReadings, replicaOf, sync } from '../../support/workspace-fixtures';

const known = new Set(['k1']);

describe('validateReading', () => {
  it('accepts a day or a full ISO timestamp and a finite number, defaulting the source', () => {
    expect(validateReading({ kpi: 'k1', at: '2025-11-03', value: 156 }, known, NOW)).toEqual({
      ok: true,
      kpi: 'k1',
      reading: { at: '2025-11-03', value: 156, source: 'manual' },
    });
    expect(validateReading({ kpi: 'k1', at: '2025-11-03T09:00:00+01:00', value: '12.5', source: 'csv' }, known, NOW)).toMatchObject({
      ok: true,
      reading: { value: 12.5, source: 'csv' },
    });
  });

  it('refuses an unknown KPI', () => {
    expect(validateReading({ kpi: 'k9', at: '2025-11-03', value: 1 }, known, NOW)).toEqual({
      ok: false,
      problems: ['There is no KPI "k9" in this workspace.'],
    });
  });

  it.each(['2025-13-01', '2025-02-30', '03/11/2025', '2025-11-03T09:00', 'last monday'])('refuses the date %s', (at) => {
    const check = validateReading({ kpi: 'k1', at, value: 1 }, known, NOW);
    expect(check).toEqual({
      ok: false,
      problems: [`"${at}" is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.`],
    });
  });

  it.each(['-3', '+4.5', '.5', '7.', '1e3', ' 2.5E-2 '])('reads the decimal text %s as the number it says', (value) => {
    expect(validateReading({ kpi: 'k1', at: '2025-11-03', value }, known, NOW)).toMatchObject({ ok: true, reading: { value: Number(value) } });
  });

  // Number() would read the first three as 16, 3 and 7: a spreadsheet cell never means those.
  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'abc', '12kUSD', '0x10', '0b11', '0o7', 'Infinity', '1e400', '1,5', '- 3'])('refuses the value %s', (value) => {
    const check = validateReading({ kpi: 'k1', at: '2025-11-03', value }, known, NOW);
    expect(check).toEqual({ ok: false, problems: [`The value "${String(value)}" is not a finite number.`] });
  });

  it('[H15] repeats at most the first 79 characters of what it refuses, an ellipsis marking the cut', () => {
    const check = validateReading({ kpi: 'k1', at: '9'.repeat(1_000_000), value: '😀'.repeat(100) }, known, NOW);
    expect(check).toEqual({
      ok: false,
      problems: [
        `"${'9'.repeat(79)}…" is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.`,
        // Never half an emoji: 39 whole ones are 78 code units.
        `The value "${'😀'.repeat(39)}…" is not a finite number.`,
      ],
    });
  });

  it('lists every problem at once', () => {
    const check = validateReading({ at: '', value: null }, known, NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems).toHaveLength(3);
    expect(validateReading('156', known, NOW)).toMatchObject({ ok: false });
  });
});

describe('appendReadings', () => {
  it('appends valid readings in one update', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(appendReadings(doc, kpi, [{ at: '2025-11-03', value: 1 }, { at: '2025-11-10', value: 2, source: 'api' }], NOW)).toEqual({
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
    const result = appendReadings(doc, kpi, [{ at: '2025-11-03', value: 1 }, { at: '2025-11-31', value: 2 }], NOW);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          '1 of 2 readings was refused; nothing was added. Reading 2: "2025-11-31" is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.',
        details: ['Reading 2: "2025-11-31" is not a date: write YYYY-MM-DD or a full ISO timestamp such as 2025-11-03T09:00:00Z.'],
      },
    });
    expect(workspaceToJson(doc).kpis[kpi]!.readings).toEqual([]);
  });

  it('refuses a KPI that does not exist', () => {
    expect(appendReadings(newWorkspace(), 'nope', [], NOW)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('[H1] refuses, by its name, a KPI under whose readings a client stored something else, and leaves that in place', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { name: 'Net new ARR' });
    (doc.getMap('kpis').get(kpi) as Y.Map<unknown>).set('readings', 'not a list');
    expect(appendReadings(doc, kpi, [{ at: '2025-11-03', value: 1 }], NOW)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'The KPI "Net new ARR" has no list of readings: something else is stored in its place.' },
    });
    expect((doc.getMap('kpis').get(kpi) as Y.Map<unknown>).get('readings')).toBe('not a list');
  });
});

describe('[C2] a reading dated more than a day ahead is refused', () => {
  // NOW is 17 Nov 2025 12:00 UTC: up to 18 Nov 12:00 is accepted.
  it.each([
    ['2025-11-18', true],
    ['2025-11-18T12:00:00Z', true],
    ['2025-11-18T12:00:01Z', false],
    ['2025-11-19', false],
    ['2026-11-17', false],
  ])('%s accepted: %s', (at, accepted) => {
    expect(validateReading({ kpi: 'k1', at, value: 1 }, known, NOW).ok).toBe(accepted);
  });

  it('names the date and why, in the message the REST answer and the KPI form show', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    expect(appendReadings(doc, kpi, [{ at: '2026-11-17', value: 95 }], NOW)).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: 'The date 17 Nov 2026 is more than a day after today (17 Nov 2025): a reading cannot be dated in the future. Check the year. Nothing was added.',
        details: ['Reading 1: The date 17 Nov 2026 is more than a day after today (17 Nov 2025): a reading cannot be dated in the future. Check the year.'],
      },
    });
    expect(workspaceToJson(doc).kpis[kpi]!.readings).toEqual([]);
  });
});

describe('[C13] correcting and deleting a reading', () => {
  function withReadings() {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { readings: [[day(-14), 90], [day(-7), 95]] });
    pushRawReadings(doc, kpi, [['2026-11-10', 97]]);
    return { doc, kpi, stored: () => workspaceToJson(doc).kpis[kpi]!.readings };
  }

  it('replaces the reading in place with the corrected one, keeping what was not changed', () => {
    const { doc, kpi, stored } = withReadings();
    const typo = readWorkspaceView(doc).kpis.get(kpi)!.readings.at(-1)!;
    expect(typo).toMatchObject({ at: '2026-11-10', index: 2 });
    expect(editReading(doc, kpi, typo, { at: '2025-11-10' }, NOW)).toEqual({ ok: true, value: undefined });
    expect(stored()).toEqual([
      { at: day(-14), value: 90, source: 'manual' },
      { at: day(-7), value: 95, source: 'manual' },
      { at: '2025-11-10', value: 97, source: 'raw' },
    ]);
  });

  it('checks the corrected reading like a new one', () => {
    const { doc, kpi, stored } = withReadings();
    const first = readWorkspaceView(doc).kpis.get(kpi)!.readings[0]!;
    expect(editReading(doc, kpi, first, { at: '2027-01-01' }, NOW)).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('1 Jan 2027') } });
    expect(editReading(doc, kpi, first, { value: 'lots' }, NOW)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(stored()[0]).toEqual({ at: day(-14), value: 90, source: 'manual' });
  });

  it('edits and deletes in one transaction each, so one undo brings the reading back', () => {
    const { doc, kpi, stored } = withReadings();
    const undo = new Y.UndoManager(doc.getMap('kpis'));
    const before = stored();
    const [first, second] = readWorkspaceView(doc).kpis.get(kpi)!.readings;
    let updates = 0;
    doc.on('update', () => updates++);
    expect(editReading(doc, kpi, second!, { value: 59 }, NOW).ok).toBe(true);
    undo.stopCapturing();
    expect(deleteReading(doc, kpi, first!).ok).toBe(true);
    expect(updates).toBe(2);
    expect(stored().map((r) => r.value)).toEqual([59, 97]);
    undo.undo();
    expect(stored().map((r) => r.value)).toEqual([90, 59, 97]);
    undo.undo();
    expect(stored()).toEqual(before);
  });

  it('[U36] puts a deleted reading back where it stood, so the same one of a date counts again', () => {
    const { doc, kpi, stored } = withReadings();
    const before = stored();
    const middle = readWorkspaceView(doc).kpis.get(kpi)!.readings[1]!;
    const deleted = unwrap(deleteReading(doc, kpi, middle));
    expect(deleted).toEqual({ index: 1, reading: before[1] });
    expect(stored()).toHaveLength(2);
    expect(restoreReading(doc, kpi, deleted).ok).toBe(true);
    expect(stored()).toEqual(before);
    // Readings deleted meanwhile in front of it: it goes back at the end, not past it.
    const last = unwrap(deleteReading(doc, kpi, readWorkspaceView(doc).kpis.get(kpi)!.readings[2]!));
    (doc.getMap<Y.Map<unknown>>('kpis').get(kpi)!.get('readings') as Y.Array<unknown>).delete(0, 2);
    expect(restoreReading(doc, kpi, last).ok).toBe(true);
    expect(stored()).toEqual([before[2]]);
    expect(restoreReading(doc, 'nope', last)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('finds the reading when it has moved, and refuses one that was changed or deleted meanwhile', () => {
    const { doc, kpi, stored } = withReadings();
    const seen = readWorkspaceView(doc).kpis.get(kpi)!.readings[1]!;
    const series = doc.getMap<Y.Map<unknown>>('kpis').get(kpi)!.get('readings') as Y.Array<unknown>;
    series.delete(0, 1);
    expect(editReading(doc, kpi, seen, { value: 96 }, NOW).ok).toBe(true);
    expect(stored().map((r) => r.value)).toEqual([96, 97]);
    expect(deleteReading(doc, kpi, seen)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(deleteReading(doc, 'nope', seen)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('converges when two people correct the same reading at once: the one written later in the array counts', () => {
    const { doc: a, kpi } = withReadings();
    const b = replicaOf(a);
    const seenA = readWorkspaceView(a).kpis.get(kpi)!.readings[1]!;
    const seenB = readWorkspaceView(b).kpis.get(kpi)!.readings[1]!;
    expect(editReading(a, kpi, seenA, { value: 1 }, NOW).ok).toBe(true);
    expect(editReading(b, kpi, seenB, { value: 2 }, NOW).ok).toBe(true);
    sync(a, b);
    sync(b, a);
    const counted = (doc: Y.Doc) => readWorkspaceView(doc).kpis.get(kpi)!.readings.find((r) => r.at === day(-7))!.value;
    expect(counted(a)).toBe(counted(b));
    expect(workspaceToJson(a).kpis[kpi]!.readings).toEqual(workspaceToJson(b).kpis[kpi]!.readings);
  });
});

describe('[C1] [C2] listing the stored readings for correction', () => {
  it('lists every reading with whether the rules count it and why not', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { readings: [[day(-7), 80], [day(-1), 90], [day(-1), 91]] });
    pushRawReadings(doc, kpi, [['2026-11-17', 99]]);
    expect(listReadings(doc, kpi, NOW).map((r) => [r.index, r.at, r.value, r.status])).toEqual([
      [0, day(-7), 80, 'counted'],
      [1, day(-1), 90, 'replaced'],
      [2, day(-1), 91, 'counted'],
      [3, '2026-11-17', 99, 'ahead'],
    ]);
    expect(listReadings(doc, 'nope', NOW)).toEqual([]);
  });
});
