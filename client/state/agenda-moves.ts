import type * as Y from 'yjs';
import type { ChangeContext } from '../../shared/schema/agenda-accessors';
import { decideItem, deferItem, reopenItem, resolveItem } from '../../shared/schema/agenda-outcomes';
import type { AgendaState } from '../../shared/schema/constants';
import { discussItem } from '../../shared/schema/meeting';
import type { OpResult } from '../../shared/schema/op-result';
import { addDays, formatDay } from '../../shared/schema/utc-dates';

/** Moves an item to `state` through the shared outcome and meeting writers. */
export function moveItem(doc: Y.Doc, id: string, state: AgendaState, context: ChangeContext): OpResult {
  switch (state) {
    case 'open':
      return reopenItem(doc, id, context);
    case 'discussing':
      return discussItem(doc, id, context);
    case 'decided':
      return decideItem(doc, id, null, context);
    case 'deferred':
      return deferItem(doc, id, addDays(formatDay(context.now.getTime()), 7), context);
    case 'resolved':
      return resolveItem(doc, id, context);
  }
}
