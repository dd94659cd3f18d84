import type * as Y from 'yjs';
import { createKpi, type NewKpi } from '../../shared/schema/kpi-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { appendReadings } from '../../shared/schema/readings';
import { addDays } from '../../shared/schema/utc-dates';

/** The six KPIs of the demo review, by a short name the tree refers to. */
export interface DemoKpis {
  arr: string;
  conversion: string;
  cloudSaving: string;
  supportCost: string;
  churn: string;
  uptime: string;
}

/** Ten weekly readings, the last one three days before `today` (the Monday data pull). */
const WEEKS = 10;
const LAST_READING_OFFSET = -3;

/**
 * Six KPIs a SaaS leadership team reviews, with plans and ten weeks of readings. Cloud cost
 * saving is the one clearly behind plan (156 of 200 kUSD, 22 %): `kpi-threshold` turns it red
 * and the review pivots. Support cost per ticket is mildly behind (about 6 %, amber); the rest
 * are on plan.
 */
export function createDemoKpis(doc: Y.Doc, today: string, now: Date): DemoKpis {
  const last = addDays(today, LAST_READING_OFFSET);
  const start = addDays(last, -7 * (WEEKS - 1));
  const quarterEnd = addDays(today, 35);
  const add = (kpi: NewKpi, values: readonly number[], source: string): string => {
    const id = unwrap(createKpi(doc, kpi, now));
    const readings = values.map((value, week) => ({ at: addDays(start, 7 * week), value, source }));
    unwrap(appendReadings(doc, id, readings, now));
    return id;
  };
  const ramp = (from: number, to: number) => ({
    startDate: start,
    targetDate: quarterEnd,
    plan: [
      { at: start, value: from },
      { at: quarterEnd, value: to },
    ],
  });
  return {
    arr: add(
      { name: 'Net new ARR', unit: 'kUSD', direction: 'increase', baseline: 0, target: 4200, owner: 'Daniel Okafor', ...ramp(0, 4200) },
      [110, 380, 690, 960, 1250, 1530, 1840, 2110, 2390, 2660],
      'Salesforce',
    ),
    conversion: add(
      { name: 'Trial-to-paid conversion', unit: '%', direction: 'increase', baseline: 14, target: 18, owner: 'Lena Fischer', ...ramp(14, 18) },
      [14.1, 14.3, 14.8, 15, 15.1, 15.5, 15.4, 15.7, 15.8, 16.1],
      'Amplitude',
    ),
    cloudSaving: add(
      {
        name: 'Cloud cost saving',
        unit: 'kUSD',
        direction: 'increase',
        baseline: 0,
        target: 240,
        owner: 'Tomás Rivera',
        startDate: start,
        targetDate: quarterEnd,
        plan: [
          { at: start, value: 0 },
          { at: last, value: 200 },
          { at: quarterEnd, value: 240 },
        ],
      },
      [0, 18, 40, 62, 80, 98, 112, 128, 142, 156],
      'AWS Cost Explorer',
    ),
    supportCost: add(
      { name: 'Support cost per ticket', unit: 'USD', direction: 'decrease', baseline: 11.5, target: 9, owner: 'Grace Mensah', ...ramp(11.5, 9) },
      [11.4, 11.3, 11.2, 11.1, 11, 10.9, 10.8, 10.7, 10.6, 10.5],
      'Zendesk',
    ),
    churn: add(
      {
        name: 'Gross revenue churn',
        unit: '%',
        direction: 'decrease',
        baseline: 1.5,
        target: 1.2,
        owner: 'Grace Mensah',
        cadenceDays: 7,
        ...ramp(1.5, 1.2),
      },
      [1.5, 1.46, 1.45, 1.41, 1.38, 1.35, 1.31, 1.29, 1.27, 1.24],
      'ChartMogul',
    ),
    uptime: add(
      // A band to stay inside: the rules ignore its plan, which the chart shows as the aim.
      { name: 'API uptime', unit: '%', direction: 'maintain', lower: 99.9, upper: 100, owner: 'Tomás Rivera', ...ramp(99.95, 99.95) },
      [99.97, 99.95, 99.99, 99.92, 99.96, 99.98, 99.94, 99.97, 99.95, 99.96],
      'Datadog',
    ),
  };
}
