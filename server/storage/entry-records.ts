import type { CommitEntry, NewDelivery, NewSnapshot } from './store';

/**
 * An entry's snapshots, the first of each id only. The room attaches whatever is recorded
 * between two commits, and one meeting's end may be recorded twice there (M33): its second
 * copy would conflict with the first and read as an end another node recorded before, which
 * would drop its minutes. Both stores run this for every entry of every group commit: nothing
 * is allocated for the usual entry, with no snapshot or one.
 */
export function distinctSnapshots(entry: CommitEntry): readonly NewSnapshot[] {
  const snapshots = entry.snapshots ?? [];
  return snapshots.length < 2 ? snapshots : firstOfEach(snapshots, (snapshot) => snapshot.id);
}

/**
 * The entry's deliveries to store, given the snapshots it carried that were stored before
 * (another node recorded that end first, and sent its minutes with it): none naming those, and
 * one per snapshot and URL of those naming a snapshot, for the same end recorded twice in the
 * entry. Others (a pivot, a decision) are each their own event and are all kept.
 */
export function deliveriesToStore(entry: CommitEntry, recordedBefore: ReadonlySet<string> | undefined): readonly NewDelivery[] {
  const deliveries = entry.deliveries ?? [];
  if (deliveries.length === 0) return deliveries;
  const kept = recordedBefore === undefined ? deliveries : deliveries.filter((delivery) => delivery.snapshot === undefined || !recordedBefore.has(delivery.snapshot));
  return kept.length < 2 ? kept : firstOfEach(kept, (delivery) => (delivery.snapshot === undefined ? undefined : `${delivery.snapshot}\u0000${delivery.url}`));
}

/** `items` without any whose key (undefined: none) an earlier one had. */
function firstOfEach<T>(items: readonly T[], key: (item: T) => string | undefined): readonly T[] {
  let seen: Set<string> | undefined;
  return items.filter((item) => {
    const k = key(item);
    if (k === undefined) return true;
    if (seen?.has(k)) return false;
    (seen ??= new Set()).add(k);
    return true;
  });
}
