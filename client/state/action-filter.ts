import type { ActionListing } from '../../shared/history/actions';
import { nameKey } from '../../shared/text/name-key';
import { isOwner } from './ownership';

export type DoneFilter = 'open' | 'done' | 'all';

/**
 * The Actions view's filters (SPEC M14): by owner (a name as people write it, as "My actions"
 * compares: "tomás rivera" is Tomás Rivera) and by open or done. An action in
 * `kept` (ticked or unticked in the list as it is shown) stays listed whether open or done, so it
 * does not vanish from under the person ticking it, and can be unticked where it is.
 *
 * @example filterActions(actions, { owner: 'Ana Diaz', done: 'open' })
 */
export function filterActions<T extends Pick<ActionListing, 'id' | 'owner' | 'done'>>(
  actions: readonly T[],
  filter: { owner: string | null; done: DoneFilter },
  kept: ReadonlySet<string> = new Set(),
): T[] {
  return actions.filter(
    (action) =>
      (filter.owner === null || isOwner(action.owner, filter.owner)) && (filter.done === 'all' || action.done === (filter.done === 'done') || kept.has(action.id)),
  );
}

/** The owners the actions name, sorted, each person once (as first written): what the owner filter offers. */
export function ownersOf(actions: readonly Pick<ActionListing, 'owner'>[]): string[] {
  const byKey = new Map<string, string>();
  for (const { owner } of actions) {
    const key = nameKey(owner);
    if (key !== '' && !byKey.has(key)) byKey.set(key, owner!);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}
