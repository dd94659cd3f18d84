import type * as Y from 'yjs';
import type { ChangeContext } from '../../shared/schema/agenda-accessors';
import { agendaStates, logOutcomeMoves } from '../../shared/schema/agenda-outcomes';
import type { UndoControls } from './workspace-state';

/**
 * Undo and redo that keep the record honest (SPEC U71): an outcome taken back by Ctrl+Z (or
 * taken again by redo) is logged, so the decision log and the minutes never show a decision the
 * room no longer holds, and the person is told what their undo did to the room's agenda.
 */
export function recordingOutcomes(
  controls: UndoControls,
  doc: Y.Doc,
  context: () => ChangeContext,
  say: (sentence: string) => void,
): UndoControls {
  const step = (move: () => void) => {
    const before = agendaStates(doc);
    move();
    for (const sentence of logOutcomeMoves(doc, before, context())) say(sentence);
  };
  return { ...controls, undo: () => step(controls.undo), redo: () => step(controls.redo) };
}
