import type { OpResult } from '../../shared/schema/op-result';
import type { Notices } from './notices';
import type { UndoControls } from './workspace-state';

export interface UndoWriter {
  notices: Notices;
  undo: Pick<UndoControls, 'separate'>;
  apply<T>(result: OpResult<T>): T | undefined;
}

/**
 * Makes a change a person may regret (an archive, a deletion) through a shared accessor and says
 * so with an Undo right there (SPEC U7, U36). The write is this person's own, so Ctrl+Z and the
 * header's Undo take it back too. `done` says whether the change still stands, read from the
 * view: once it does not (undone here, restored by a colleague), the notice goes, so its Undo
 * never writes the thing back a second time. A refused change says why and offers nothing.
 *
 * @example
 * changeWithUndo(ws, `Archived ${named(name)}.`, () => archiveKpi(doc, id, ws.identity.name), () => restoreKpi(doc, id), () => view().kpis.get(id)?.archived === true)
 */
export function changeWithUndo<T>(ws: UndoWriter, message: string, change: () => OpResult<T>, revert: (value: T) => OpResult, done: () => boolean): boolean {
  // One undo step of its own: Ctrl+Z right after must not also take back the typing before it.
  ws.undo.separate();
  const result = change();
  ws.undo.separate();
  if (!result.ok) {
    ws.apply(result);
    return false;
  }
  const undo = () => {
    ws.undo.separate();
    ws.apply(revert(result.value));
    ws.undo.separate();
  };
  // The view re-reads the document a moment after a write (reads are batched), so the change only
  // counts as undone once the view has shown it and then no longer does.
  let shown = false;
  const stale = () => {
    const stands = done();
    shown ||= stands;
    return shown && !stands;
  };
  ws.notices.notify(message, { action: { label: 'Undo', run: undo }, stale });
  return true;
}
