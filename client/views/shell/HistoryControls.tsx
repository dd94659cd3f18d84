import { Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';

/** Undo and redo of this person's own changes; a viewer has none to undo. */
export function HistoryControls() {
  const ws = useWorkspace();
  return (
    <Show when={ws.canEdit}>
      <div class="history" role="group" aria-label="History">
        <button type="button" class="icon" aria-label="Undo my last change" aria-keyshortcuts="Control+Z" disabled={!ws.undo.canUndo()} onClick={() => ws.undo.undo()}>
          ↶
        </button>
        <button type="button" class="icon" aria-label="Redo" aria-keyshortcuts="Control+Shift+Z" disabled={!ws.undo.canRedo()} onClick={() => ws.undo.redo()}>
          ↷
        </button>
      </div>
    </Show>
  );
}
