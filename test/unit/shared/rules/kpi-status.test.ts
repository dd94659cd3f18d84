import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { evaluateRules } from '../../../shared/rules/index';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { appendReadings } from '../../../shared/schema/readings';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';
import { kpiStatus } from '../../../client/state/kpi-status';

const NOW = new Date('2026-03-10T12:00:00Z');

function statusAfter(values: number[], direction: 'increase' | 'decrease' = 'increase') {
  const doc = new Y.Doc();
  const id = unwrap(createKpi(doc, { name: 'K', unit: '%', direction, target: 100 }));
  unwrap(appendReadings(doc, id, values.map((value, i) => ({ at: `2026-03-0${i + 1}`, value }))));
  const view = readWorkspaceView(doc);
  const findings = evaluateRules(view, view.rules, NOW).filter((f) => f.subject.id === id);
  return kpiStatus(view.kpis.get(id)!, findings);
}

describe('the KPI table row', () => {
  it('takes its band from the kpi-threshold finding, so it agrees with the rules', () => {
    expect(statusAfter([100]).band).toBe('green');
    expect(statusAfter([92]).band).toBe('amber');
    expect(statusAfter([80]).band).toBe('red');
  });

  it('has no band without readings', () => {
    expect(statusAfter([]).band).toBeNull();
  });

  it('shows the slip behind the reference, and a negative slip when ahead', () => {
    expect(statusAfter([90]).slipPct).toBeCloseTo(10);
    expect(statusAfter([110]).slipPct!).toBeLessThan(0);
  });

  it('judges the trend by the direction the KPI wants', () => {
    expect(statusAfter([90, 95])).toMatchObject({ trend: 'up', trendGood: true });
    expect(statusAfter([95, 90])).toMatchObject({ trend: 'down', trendGood: false });
    expect(statusAfter([95, 90], 'decrease')).toMatchObject({ trend: 'down', trendGood: true });
  });
});
