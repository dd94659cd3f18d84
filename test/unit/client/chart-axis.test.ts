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

  it('ticks a day apart at the closest, for readings a day apart', () => {
    expect(Math.min(...(axis.incrs as number[]))).toBe(86_400);
  });

  it('labels each tick with its date, never an hour', () => {
    const values = axis.values as (self: uPlot, splits: number[]) => string[];
    expect(values({} as uPlot, [seconds('2026-12-04'), seconds('2026-12-05'), seconds('2027-01-01')])).toEqual(['4 Dec', '5 Dec', '1 Jan']);
  });
});
