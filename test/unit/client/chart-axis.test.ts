import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type uPlot from 'uplot';
import { chartOptions } from '../../../client/views/kpis/chart-data';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { parseDay } from '../../../shared/schema/utc-dates';
import { initWorkspace } from '../../../shared/schema/workspace';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';

const seconds = (day: string) => parseDay(day)! / 1000;

describe('[U39] the KPI chart’s time axis', () => {
  const doc = new Y.Doc();
  initWorkspace(doc, { title: 'Axis' });
  const id = unwrap(createKpi(doc, { name: 'Mean time to restore', unit: 'min', direction: 'decrease', target: 30 }));
  const axis = chartOptions(readWorkspaceView(doc).kpis.get(id)!, 600).axes![0]!;

  it('ticks a day apart at the closest, for readings a day apart, and ten years at the furthest', () => {
    const steps = axis.incrs as number[];
    expect(Math.min(...steps)).toBe(86_400);
    expect(Math.max(...steps)).toBeGreaterThanOrEqual(3_650 * 86_400);
  });

  const values = axis.values as (self: uPlot, splits: number[]) => string[];

  it('labels ticks less than a month apart with their day, never an hour', () => {
    expect(values({} as uPlot, [seconds('2026-12-04'), seconds('2026-12-05'), seconds('2026-12-06')])).toEqual(['4 Dec', '5 Dec', '6 Dec']);
  });

  it('labels ticks a month apart or more with their month and year, so years of readings never repeat a label', () => {
    const halfYears = ['2023-01-01', '2023-07-01', '2024-01-01', '2024-07-01', '2025-01-01'].map(seconds);
    expect(values({} as uPlot, halfYears)).toEqual(['Jan 2023', 'Jul 2023', 'Jan 2024', 'Jul 2024', 'Jan 2025']);
  });
});
