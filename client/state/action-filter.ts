import type { ActionListing } from '../../shared/history/actions';

export type DoneFilter = 'open' | 'done' | 'all';

/**
 * The Actions view's filters (SPEC M14): by owner (exact name) and by open or done.
 *
 * @example filterActions(actions, { owner: 'Ana Diaz', done: 'open' })
 */
export function filterActions<T extends Pick<ActionListing, 'owner' | 'done'>>(actions: readonly T[], filter: { owner: string | null; done: DoneFilter }): T[] {
  return actions.filter(
    (action) => (filter.owner === null || action.owner === filter.owner) && (filter.done === 'all' || action.done === (filter.done === 'done')),
  );
}

/** The owners the actions name, sorted, each once: what the owner filter offers. */
export function ownersOf(actions: readonly Pick<ActionListing, 'owner'>[]): string[] {
  return [...new Set(actions.map((action) => action.owner).filter((owner): owner is string => owner !== null && owner !== ''))].sort((a, b) =>
    a.localeCompare(b),
  );
}
