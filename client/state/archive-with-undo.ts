import type { OpResult } from '../../shared/schema/op-result';
import { changeWithUndo, type UndoWriter } from './change-with-undo';
import { named } from '../../shared/text/quoted';

/**
 * Archives through a shared accessor and says so with an Undo right there (SPEC U7); the Archived
 * list of its view restores it later. `archived` reads from the view whether it still is: once
 * anyone restores it, the notice goes.
 */
export function archiveWithUndo(ws: UndoWriter, name: string, archive: () => OpResult, restore: () => OpResult, archived: () => boolean): boolean {
  return changeWithUndo(ws, `Archived ${named(name)}.`, archive, restore, archived);
}
