import * as Y from 'yjs';
import { listReadings, type StoredReading } from '../../shared/schema/readings';
import { kpisMap } from '../../shared/schema/root-types';

/** A stored reading with the identity of the Y.Array element that holds it. */
export interface KeyedReading extends StoredReading {
  /**
   * The Yjs id ("client:clock") of the element: the same on every re-read while that element is
   * stored, wherever it moves in the array, and new once it is replaced. A correction replaces
   * the element (`editReading`), so a reading changed by anyone gets a new key. Neither its
   * position (readings before it can be deleted) nor its values (two readings can be equal) are
   * an identity.
   */
  key: string;
}

/**
 * `listReadings`, each reading keyed by the element that holds it, so a screen can keep a row
 * (and a correction typed into it) for as long as that very reading is stored.
 *
 * @example
 * keyedReadings(doc, kpiId, new Date()).map((reading) => reading.key) // ['12:0', '12:1', '40:7']
 */
export function keyedReadings(doc: Y.Doc, kpiId: string, now: Date): KeyedReading[] {
  const keys = elementKeys(doc, kpiId);
  return listReadings(doc, kpiId, now).map((reading) => ({ ...reading, key: keys[reading.index] ?? `index:${reading.index}` }));
}

/**
 * The id of each element of the KPI's readings array, by index: one walk over its items, as
 * Yjs itself walks them to make a relative position (`createRelativePositionFromTypeIndex`);
 * an item holding several elements (one push of many readings) numbers them from its clock.
 */
function elementKeys(doc: Y.Doc, kpiId: string): string[] {
  const series = kpisMap(doc).get(kpiId)?.get('readings');
  const keys: string[] = [];
  // Anything else under `readings` lists no reading (listReadings), so needs no key.
  if (!(series instanceof Y.Array)) return keys;
  for (let item = series._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    for (let offset = 0; offset < item.length; offset++) keys.push(`${item.id.client}:${item.id.clock + offset}`);
  }
  return keys;
}
