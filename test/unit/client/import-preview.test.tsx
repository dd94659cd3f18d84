import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { ImportKpi } from '../../../shared/history/reading-import';
import { createImportPreview } from '../../../client/state/import-preview';

/** A preview over signals standing in for the form: its text, whether it is open, the clock, and the workspace's KPIs. */
function form(initial: string) {
  return createRoot((dispose) => {
    const [text, setText] = createSignal(initial);
    const [open, setOpen] = createSignal(true);
    const [now, setNow] = createSignal(new Date('2026-12-06T12:00:00Z'));
    // Each remote change to the workspace makes the KPIs anew, as `importKpis` does from the view.
    const [kpis, setKpis] = createSignal<ImportKpi[]>([{ id: 'count', name: 'Count', unit: '', storedAt: new Set() }]);
    const preview = createImportPreview(text, kpis, now, open);
    return { preview, setText, setOpen, setNow, setKpis, dispose };
  });
}

describe('the import preview plans a file once per change that matters (SPEC M24, M25)', () => {
  it('[M24] the clock ticking and a remote change that leaves the KPIs as they were do not plan the file again; a closed form plans nothing', () => {
    const { preview, setOpen, setNow, setKpis, setText, dispose } = form('Count,2026-12-01,7');
    const first = preview.plan();
    expect([...first!.accepted.values()].flat()).toEqual([{ at: '2026-12-01', value: 7, source: 'csv import' }]);
    setNow(new Date('2026-12-06T12:01:00Z'));
    setKpis([{ id: 'count', name: 'Count', unit: '', storedAt: new Set() }]);
    expect(preview.plan()).toBe(first);
    // A reading stored since is one the plan must now refuse as already there.
    setKpis([{ id: 'count', name: 'Count', unit: '', storedAt: new Set([Date.parse('2026-12-01T00:00:00Z')]) }]);
    expect(preview.plan()!.refused).toEqual([{ line: 1, reason: 'The KPI "Count" already has a reading at 2026-12-01.' }]);
    setOpen(false);
    setText('Count,2026-12-02,8');
    expect(preview.plan()).toBeNull();
    dispose();
  });

  it('[M25] dates the values leave open wait for the person: no default answers them, and new text starts unanswered', () => {
    const { preview, setText, dispose } = form('Count,05/11/2026,1');
    expect(preview.plan()!.problem).not.toBeNull();
    expect(preview.choices()).toEqual({});
    preview.chooseDates('mdy');
    expect([...preview.plan()!.accepted.values()].flat().map((reading) => reading.at)).toEqual(['2026-05-11']);
    expect(preview.choices()).toEqual({ dates: 'mdy' });
    setText('Count,06/11/2026,1');
    expect(preview.choices()).toEqual({});
    expect(preview.plan()!.problem).not.toBeNull();
    dispose();
  });
});
