import type { IsoDay } from '../../shared/schema/types';
import { isDay } from '../../shared/schema/utc-dates';

interface Dated {
  due: string | null;
}

/**
 * The Actions view's order (SPEC U68): by due date, the soonest (the most overdue) first, those
 * with no date (or one no reader can read) last; ties keep the order given, the server's. Done
 * does not move a row, so one ticked in the list stays under the pointer (M14).
 *
 * @example byDueDate([{ due: null }, { due: '2026-12-10' }, { due: '2020-01-01' }]) // 2020-01-01, 2026-12-10, none
 */
export function byDueDate<T extends Dated>(actions: readonly T[]): T[] {
  const key = (action: Dated) => (isDay(action.due) ? action.due : null);
  return actions
    .map((action, index) => ({ action, index, due: key(action) }))
    .sort((a, b) => (a.due === b.due ? a.index - b.index : a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1))
    .map(({ action }) => action);
}

/**
 * Whether an action is overdue: still open and due before `today` (YYYY-MM-DD, counted in UTC as
 * the rules count days, C7). Due today is not yet overdue.
 *
 * @example isOverdue({ due: '2020-01-01', done: false }, '2026-12-06') // true
 */
export function isOverdue(action: Dated & { done: boolean }, today: IsoDay): boolean {
  return !action.done && isDay(action.due) && action.due < today;
}
