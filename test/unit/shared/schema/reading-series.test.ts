import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isDatedAhead } from '../../../../shared/schema/reading-dates';
import { ReadingSeries, readingsDatedAhead, recentReadings } from '../../../../shared/schema/reading-series';
import { initWorkspace } from '../../../../shared/schema/workspace';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { testSeed } from '../../../support/random';
import { NOW, addKpi, day, newWorkspace } from '../../support/workspace-fixtures';

/** A stored item: mostly readings on a few dates around NOW (some a year ahead), some with a time, some not readings at all. */
const reading = (at: fc.Arbitrary<string>) => fc.tuple(at, fc.integer({ min: -5, max: 5 })).map(([date, value]) => ({ at: date, value }));
const storedItem = fc.oneof(
  { weight: 8, arbitrary: reading(fc.integer({ min: -12, max: 3 }).map(day)) },
  { weight: 2, arbitrary: reading(fc.tuple(fc.integer({ min: -12, max: 3 }), fc.integer({ min: 0, max: 23 })).map(([d, h]) => `${day(d)}T${String(h).padStart(2, '0')}:30:00Z`)) },
  { weight: 1, arbitrary: reading(fc.constant('2026-11-20')) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 7, 'x', { at: 'soon', value: 1 }, { at: '2025-11-01', value: 'x' }) },
);

describe('[C1] the readings the rules look at', () => {
  it('are the last of the one-per-date list without those dated ahead, in date order or not, for any count', () => {
    fc.assert(
      fc.property(fc.array(storedItem, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 1, max: 12 }), (items, inOrder, count) => {
        const at = (item: unknown) => String((item as { at?: unknown } | null)?.at);
        const stored = inOrder ? [...items].sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0)) : items;
        const doc = newWorkspace();
        const id = addKpi(doc);
        (doc.getMap<Y.Map<unknown>>('kpis').get(id)!.get('readings') as Y.Array<unknown>).push(stored);
        const kpi = readWorkspaceView(doc).kpis.get(id)!;
        const counted = kpi.readings.filter((reading) => !isDatedAhead(reading.atMs, NOW));
        // Asked several times, as the rules do, in any order of counts.
        for (const asked of [count, 1, count + 5, 2]) expect(recentReadings(kpi, NOW, asked)).toEqual(counted.slice(-asked));
        expect(readingsDatedAhead(kpi, NOW)).toEqual(kpi.readings.filter((reading) => isDatedAhead(reading.atMs, NOW)));
      }),
      { seed: testSeed('recent readings'), numRuns: 500 },
    );
  });

  it('keep the view spreadable: a copy of a KPI view has its readings', () => {
    const doc = newWorkspace();
    const id = addKpi(doc, { readings: [[day(-7), 1], [day(0), 2]] });
    const kpi = readWorkspaceView(doc).kpis.get(id)!;
    expect({ ...kpi }.readings.map((reading) => reading.value)).toEqual([1, 2]);
    expect(Object.keys(kpi)).toContain('readings');
  });

  it('read from stored bytes, are the readings the array holds, however they were pushed and deleted', () => {
    // Readings pushed together (and one client's consecutive pushes, which Yjs merges) are one run
    // of values the view reads without copying; runs a deletion split, or kept beside a deleted one
    // without garbage collection, are copied. Either way the view is what the array holds.
    const edit = fc.oneof(
      fc.array(fc.integer({ min: -40, max: 0 }), { minLength: 1, maxLength: 6 }).map((days) => ({ push: days })),
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })).map(([at, count]) => ({ remove: at, count })),
    );
    fc.assert(
      // Without garbage collection a deleted reading keeps its value in the array's items.
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.boolean(), (edits, gc) => {
        const doc = new Y.Doc({ gc });
        initWorkspace(doc, { title: 'Readings' });
        const id = addKpi(doc);
        const array = doc.getMap<Y.Map<unknown>>('kpis').get(id)!.get('readings') as Y.Array<unknown>;
        for (const change of edits) {
          if ('push' in change) array.push(change.push.map((offset, i) => ({ at: day(offset), value: offset * 10 + i })));
          else if (array.length > 0) {
            const at = change.remove % array.length;
            array.delete(at, Math.min(change.count, array.length - at));
          }
        }
        const loaded = new Y.Doc({ gc });
        Y.applyUpdate(loaded, Y.encodeStateAsUpdate(doc));
        const kpi = readWorkspaceView(loaded).kpis.get(id)!;
        expect(kpi.readings).toEqual(new ReadingSeries(array.toArray()).all());
        expect(recentReadings(kpi, NOW, 3)).toEqual(new ReadingSeries(array.toArray()).recent(NOW.getTime(), 3));
      }),
      { seed: testSeed('stored runs of readings'), numRuns: 300 },
    );
  });
});

