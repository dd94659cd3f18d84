import { describe, expect, it } from 'vitest';
import { archiveKpi, createKpi, kpiArchivedBy, restoreKpi, setPlan, updateKpi } from '../../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { kpisMap } from '../../../../shared/schema/root-types';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { newWorkspace } from '../../support/workspace-fixtures';

describe('KPI accessors', () => {
  it('creates a KPI with the default thresholds and cadence, and its plan in date order', () => {
    const doc = newWorkspace();
    const id = unwrap(
      createKpi(doc, {
        name: 'Net new ARR',
        unit: 'kUSD',
        direction: 'increase',
        target: 4200,
        plan: [
          { at: '2025-12-31', value: 4200 },
          { at: '2025-10-01', value: 0 },
        ],
      }),
    );
    expect(workspaceToJson(doc).kpis[id]).toMatchObject({
      amberPct: 5,
      redPct: 15,
      cadenceDays: 7,
      lower: null,
      upper: null,
      readings: [],
      plan: [
        { at: '2025-10-01', value: 0 },
        { at: '2025-12-31', value: 4200 },
      ],
    });
  });

  it('refuses a KPI that cannot be judged', () => {
    const doc = newWorkspace();
    expect(createKpi(doc, { name: 'ARR', unit: 'kUSD', direction: 'increase' })).toMatchObject({
      ok: false,
      error: { message: 'A KPI to increase needs a target.' },
    });
    expect(createKpi(doc, { name: 'Uptime', unit: '%', direction: 'maintain', lower: 100, upper: 99 }).ok).toBe(false);
    expect(createKpi(doc, { name: 'ARR', unit: 'k', direction: 'increase', target: 1, amberPct: 20, redPct: 10 }).ok).toBe(false);
    expect(createKpi(doc, { name: 'ARR', unit: 'k', direction: 'increase', target: 1, plan: [{ at: 'soon', value: 1 }] }).ok).toBe(false);
  });

  it('[U67] refuses a KPI name over 200 characters with a sentence saying so, when it is created or renamed, and stores nothing', () => {
    const doc = newWorkspace();
    const long = `NPS 🙂 ${'x'.repeat(300)}`;
    // 306 characters as a person counts them: the emoji is one (U73).
    const refusal = { ok: false, error: { code: 'invalid', message: 'A KPI name may have at most 200 characters; this one has 306.' } };
    expect(createKpi(doc, { name: long, unit: '', direction: 'increase', target: 50 })).toMatchObject(refusal);
    expect(workspaceToJson(doc).kpis).toEqual({});
    // 200 is taken, counted as stored: the spaces around it are trimmed.
    const id = unwrap(createKpi(doc, { name: `  ${'n'.repeat(200)}  `, unit: '', direction: 'increase', target: 50 }));
    expect(updateKpi(doc, id, { name: long })).toMatchObject(refusal);
    expect(workspaceToJson(doc).kpis[id]!.name).toBe('n'.repeat(200));
  });

  it('[U73] counts a name in the characters a person sees: 200 emoji, flags and skin-toned hands are taken, 201 are not', () => {
    const doc = newWorkspace();
    // Each is one character on the screen and 2, 4 and 4 UTF-16 units.
    for (const one of ['🙂', '🇳🇴', '👍🏽']) {
      expect(createKpi(doc, { name: one.repeat(200), unit: '', direction: 'increase', target: 50 }).ok).toBe(true);
      expect(createKpi(doc, { name: one.repeat(201), unit: '', direction: 'increase', target: 50 })).toMatchObject({
        ok: false,
        error: { message: 'A KPI name may have at most 200 characters; this one has 201.' },
      });
    }
  });

  it('[U67] a KPI another writer stored with a longer name still takes every other edit', () => {
    const doc = newWorkspace();
    const id = unwrap(createKpi(doc, { name: 'NPS', unit: '', direction: 'increase', target: 50 }));
    const long = 'x'.repeat(300);
    kpisMap(doc).get(id)!.set('name', long);
    unwrap(updateKpi(doc, id, { owner: 'Dana', target: 60 }));
    expect(workspaceToJson(doc).kpis[id]).toMatchObject({ name: long, owner: 'Dana', target: 60 });
  });

  it('updates a definition only while it stays valid', () => {
    const doc = newWorkspace();
    const id = unwrap(createKpi(doc, { name: 'Uptime', unit: '%', direction: 'maintain', lower: 99.9, upper: 100 }));
    expect(updateKpi(doc, id, { lower: 100.5 }).ok).toBe(false);
    unwrap(updateKpi(doc, id, { lower: 99.5, redPct: 20 }));
    expect(workspaceToJson(doc).kpis[id]).toMatchObject({ lower: 99.5, upper: 100, redPct: 20 });
  });

  it('replaces the plan, and writes nothing when it is the same', () => {
    const doc = newWorkspace();
    const id = unwrap(createKpi(doc, { name: 'ARR', unit: 'k', direction: 'increase', target: 10 }));
    unwrap(setPlan(doc, id, [{ at: '2025-11-01', value: 5 }]));
    let updates = 0;
    doc.on('update', () => updates++);
    unwrap(setPlan(doc, id, [{ at: '2025-11-01', value: 5 }]));
    expect(updates).toBe(0);
    expect(workspaceToJson(doc).kpis[id]!.plan).toEqual([{ at: '2025-11-01', value: 5 }]);
  });
});

describe('[C13] archiving a KPI', () => {
  it('archives and restores it, each once, keeping everything else', () => {
    const doc = newWorkspace();
    const id = unwrap(createKpi(doc, { name: 'Churn', unit: '%', direction: 'decrease', target: 1 }));
    const before = workspaceToJson(doc).kpis[id]!;
    let updates = 0;
    doc.on('update', () => updates++);
    expect(archiveKpi(doc, id, 'Ana Diaz')).toEqual({ ok: true, value: undefined });
    // [T5] Archived twice, it is still the first archiver's doing.
    expect(archiveKpi(doc, id, 'Ben Okafor').ok).toBe(true);
    expect(updates).toBe(1);
    expect(workspaceToJson(doc).kpis[id]).toEqual({ ...before, archived: true, archivedBy: 'Ana Diaz' });
    expect(kpiArchivedBy(doc, id)).toBe('Ana Diaz');
    unwrap(restoreKpi(doc, id));
    expect(workspaceToJson(doc).kpis[id]).toEqual(before);
    expect(kpiArchivedBy(doc, id)).toBeNull();
    expect(archiveKpi(doc, 'nope', null)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
