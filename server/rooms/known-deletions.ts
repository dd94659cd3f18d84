import * as Y from 'yjs';
import type { KnownDeletions } from '../protocol/update-scan';

/**
 * A document's deletions as ranges to look up (H3): per client, the starts and ends of its
 * deleted runs, sorted and merged as Yjs reads them from the struct store, so a range of an update
 * is held when one run contains it.
 */
export function deletionsOf(doc: Y.Doc): KnownDeletions {
  const byClient = new Map<number, { starts: number[]; ends: number[] }>();
  let ranges = 0;
  for (const [client, items] of Y.createDeleteSetFromStructStore(doc.store).clients) {
    byClient.set(client, { starts: items.map((item) => item.clock), ends: items.map((item) => item.clock + item.len) });
    ranges += items.length;
  }
  return {
    ranges,
    covers(client, clock, length) {
      const runs = byClient.get(client);
      if (runs === undefined) return false;
      // The last run starting at or before `clock`.
      let low = 0;
      let high = runs.starts.length - 1;
      let found = -1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        if (runs.starts[middle]! <= clock) {
          found = middle;
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      return found >= 0 && clock + length <= runs.ends[found]!;
    },
  };
}
