import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { keyedReadings } from '../../../client/state/reading-keys';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { appendReadings, deleteReading, editReading } from '../../../shared/schema/readings';

const now = new Date('2025-06-30T12:00:00Z');

function kpiWithReadings(): { doc: Y.Doc; kpi: string } {
  const doc = new Y.Doc();
  const kpi = unwrap(createKpi(doc, { name: 'NRR', unit: '%', direction: 'increase', target: 110 }, now));
  // One push: three readings in one Yjs item, and two equal ones.
  const values = [107, 108, 108];
  unwrap(appendReadings(doc, kpi, values.map((value, i) => ({ at: `2025-06-0${i + 1}`, value, source: 'seed' })), now));
  return { doc, kpi };
}

const keysByDay = (doc: Y.Doc, kpi: string) => new Map(keyedReadings(doc, kpi, now).map((reading) => [reading.at.slice(0, 10), reading.key]));

describe('[C16] a reading keeps its key while it is stored', () => {
  it('gives each reading its own key, equal values and one push included', () => {
    const { doc, kpi } = kpiWithReadings();
    const keys = keyedReadings(doc, kpi, now).map((reading) => reading.key);
    expect(new Set(keys).size).toBe(3);
  });

  it('keeps the keys of the others when an earlier reading is deleted or a later one appended', () => {
    const { doc, kpi } = kpiWithReadings();
    const before = keysByDay(doc, kpi);
    const first = keyedReadings(doc, kpi, now)[0]!;
    unwrap(deleteReading(doc, kpi, first));
    unwrap(appendReadings(doc, kpi, [{ at: '2025-06-10', value: 111, source: 'finance' }], now));
    const after = keysByDay(doc, kpi);
    expect(after.get('2025-06-02')).toBe(before.get('2025-06-02'));
    expect(after.get('2025-06-03')).toBe(before.get('2025-06-03'));
    expect(after.has('2025-06-01')).toBe(false);
  });

  it('gives a corrected reading a new key, as the element holding it is replaced', () => {
    const { doc, kpi } = kpiWithReadings();
    const before = keysByDay(doc, kpi);
    const second = keyedReadings(doc, kpi, now)[1]!;
    unwrap(editReading(doc, kpi, second, { value: 108.5 }, now));
    const after = keysByDay(doc, kpi);
    expect(after.get('2025-06-02')).not.toBe(before.get('2025-06-02'));
    expect(after.get('2025-06-03')).toBe(before.get('2025-06-03'));
  });
});
