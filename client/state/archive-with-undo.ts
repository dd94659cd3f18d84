import type { OpResult } from '../../shared/schema/op-result';
import type { Notices } from './notices';
import type { UndoControls } from './workspace-state';

interface Writer {
  notices: Notices;
  undo: Pick<UndoControls, 'separate'>;
  apply<T>(result: OpResult<T>): T | undefined;
}

/**
 * Archives through a shared accessor and says so with an Undo right there (SPEC U7). The write is
 * this person's own, so Ctrl+Z and the header's Undo take it back too, and the Archived list of
 * its view restores it later. A refused archive says why and offers nothing.
 */
export function archiveWithUndo(ws: Writer, name: string, archive: () => OpResult, restore: () => OpResult): boolean {
  // One undo step of its own: Ctrl+Z right after must not also take back the typing before it.
  ws.undo.separate();
  const result = archive();
  ws.undo.separate();
  if (!result.ok) {
    ws.apply(result);
    return false;
  }
  const undo = () => {
    ws.undo.separate();
    ws.apply(restore());
    ws.undo.separate();
  };
  ws.notices.notify(`Archived "${name}".`, { action: { label: 'Undo', run: undo } });
  return true;
}
