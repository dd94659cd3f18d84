import * as Y from 'yjs';
import { replaceText } from '../../shared/schema/text-edit';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Binds a text field to a Y.Text character by character. Typing writes only the span that
 * changed (so a colleague typing elsewhere in the same title keeps their characters); a remote
 * change rewrites the field and carries the caret through the change, so it never jumps while
 * someone else types.
 */
export function bindText(field: TextField, text: Y.Text): () => void {
  field.value = text.toString();
  const onInput = () => {
    if (field.value === text.toString()) return;
    text.doc!.transact(() => replaceText(text, field.value));
  };
  const onRemote = (event: Y.YTextEvent) => {
    const next = text.toString();
    if (field.value === next) return;
    const focused = document.activeElement === field;
    const start = field.selectionStart ?? 0;
    const end = field.selectionEnd ?? 0;
    field.value = next;
    if (focused) field.setSelectionRange(shift(start, event.delta), shift(end, event.delta));
  };
  field.addEventListener('input', onInput);
  text.observe(onRemote);
  return () => {
    field.removeEventListener('input', onInput);
    text.unobserve(onRemote);
  };
}

/** Where an index lands after a delta: inserts before it push it right, deletes pull it left. */
function shift(index: number, delta: Y.YTextEvent['delta']): number {
  let position = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain !== undefined) position += op.retain;
    else if (typeof op.insert === 'string') {
      if (position <= index) result += op.insert.length;
      position += op.insert.length;
    } else if (op.delete !== undefined) {
      if (position < index) result -= Math.min(op.delete, index - position);
    }
    if (position > index) break;
  }
  return Math.max(0, result);
}
