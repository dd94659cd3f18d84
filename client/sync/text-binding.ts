import * as Y from 'yjs';
import { replaceText } from '../../shared/schema/text-edit';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * What a field may refuse to store (SPEC U72): `check` says why the field's text cannot be stored
 * over the shared text's, or null; `refused` is told once each time the field goes from storable
 * to refused, so a person typing on past a limit hears it once, not once a keystroke.
 */
export interface TextLimit {
  check(value: string, stored: string): string | null;
  refused(problem: string): void;
}

/** Keystrokes closer together than this undo as one step, as in a word processor. */
const TYPING_GROUP_MS = 500;

/**
 * Binds a text field to a Y.Text character by character. Typing writes only the span that
 * changed (so a colleague typing elsewhere in the same title keeps their characters); a remote
 * change rewrites the field and carries the caret through the change, so it never jumps while
 * someone else types.
 *
 * A word an input method composes (SPEC U93) is written once it is chosen, as one change, into
 * the text as it then stands: colleagues never see half-made syllables, and their edits arriving
 * meanwhile wait to be shown until the composition ends, since rewriting the field would end it.
 *
 * Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac, and Ctrl+Y) in the field undo and redo this field's own
 * history (SPEC U5): an UndoManager scoped to this Y.Text that tracks only local transactions
 * (origin null; remote updates carry the provider, IndexedDB its persistence), so neither a
 * colleague's typing here nor this person's edits elsewhere are touched. The key never reaches
 * the workspace's document undo, and the browser's own history (which would rewrite the value
 * and echo it back as typing) is kept out.
 */
export function bindText(field: TextField, text: Y.Text, limit?: TextLimit): () => void {
  field.value = text.toString();
  // What the field last showed of the shared text, while it holds a draft not written there: a
  // draft refused for its length, or a word an input method is still composing. Colleagues'
  // edits meanwhile are not shown in the field, so only the person's own change from this may be
  // written once the draft can be (mergeDraft); null while the field shows the shared text.
  let shown: StoredBase | null = null;
  // While refused, the field keeps what the person typed (nothing they wrote is lost) and is marked
  // invalid; the shared text keeps what was stored until they bring it within the limit.
  let refused = false;
  // While an input method composes (a Japanese word from its romaji, an accent from a dead key),
  // the field's text is not the person's yet: written, it would send colleagues half-made
  // syllables, and rewriting the field for a colleague's edit ends the composition in the browser
  // (Chromium keeps the half-made syllables as typed, and the chosen word then lands after them).
  // So the word is written when the composition ends, as one change (one undo step).
  let composing = false;
  const setRefused = (problem: string | null) => {
    if (problem !== null && !refused) limit!.refused(problem);
    refused = problem !== null;
    if (refused) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  };
  // Made on first focus, then kept while the field lives: a tree of 2,000 titles should not keep
  // 2,000 managers listening to every transaction, but leaving the field must not forget its history.
  let history: Y.UndoManager | null = null;
  const onFocus = () => {
    history ??= new Y.UndoManager(text, { captureTimeout: TYPING_GROUP_MS });
  };
  const step = (which: 'undo' | 'redo') => {
    if (field.readOnly || history === null) return;
    if (which === 'undo') history.undo();
    else history.redo();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const which = historyStep(event);
    if (which === null) return;
    event.preventDefault();
    event.stopPropagation();
    step(which);
  };
  // The Edit menu and the context menu undo through beforeinput, not a key.
  const onBeforeInput = (event: InputEvent) => {
    if (event.inputType !== 'historyUndo' && event.inputType !== 'historyRedo') return;
    event.preventDefault();
    step(event.inputType === 'historyUndo' ? 'undo' : 'redo');
  };
  const write = () => {
    const stored = text.toString();
    if (limit) setRefused(limit.check(field.value, stored));
    if (refused) {
      shown ??= storedBase(text);
      return;
    }
    const base = shown;
    shown = null;
    if (field.value === stored) return;
    if (base !== null && base.text !== stored) {
      // Colleagues changed the text while this field held a draft: their edits stay, and the
      // person's change from what they last saw goes where it was made.
      const caret = mergeDraft(text, base, field.value, field.selectionEnd ?? field.value.length);
      field.value = text.toString();
      if (document.activeElement === field) field.setSelectionRange(caret, caret);
      return;
    }
    text.doc!.transact(() => replaceText(text, field.value, field.selectionEnd ?? field.value.length));
  };
  const onInput = () => {
    if (!composing) write();
  };
  const onCompositionStart = () => {
    composing = true;
    shown ??= storedBase(text);
  };
  // The word is written here rather than on its last input event, which Chromium sends before
  // compositionend, still composing. An input event after it (as some browsers send) finds the
  // word written already.
  const onCompositionEnd = () => {
    composing = false;
    write();
  };
  const onRemote = (event: Y.YTextEvent) => {
    const next = text.toString();
    if (field.value === next || shown !== null) return;
    const focused = document.activeElement === field;
    const start = field.selectionStart ?? 0;
    const end = field.selectionEnd ?? 0;
    field.value = next;
    // A selection's start goes past an insert made at it, so a colleague's text never lands
    // inside the selection, where the next keystroke would replace it; a caret stays before it.
    if (focused) field.setSelectionRange(shift(start, event.delta, start !== end), shift(end, event.delta, false));
  };
  // One element type, so the DOM's typed listener overloads apply (a union of two resolves none).
  const element: HTMLElement = field;
  element.addEventListener('input', onInput);
  element.addEventListener('focus', onFocus);
  element.addEventListener('keydown', onKeyDown);
  element.addEventListener('beforeinput', onBeforeInput);
  element.addEventListener('compositionstart', onCompositionStart);
  element.addEventListener('compositionend', onCompositionEnd);
  text.observe(onRemote);
  return () => {
    element.removeEventListener('input', onInput);
    element.removeEventListener('focus', onFocus);
    element.removeEventListener('keydown', onKeyDown);
    element.removeEventListener('beforeinput', onBeforeInput);
    element.removeEventListener('compositionstart', onCompositionStart);
    element.removeEventListener('compositionend', onCompositionEnd);
    text.unobserve(onRemote);
    history?.destroy();
  };
}

/** The shared text as a refused field last saw it, with where each of its characters is (and its end). */
interface StoredBase {
  text: string;
  positions: Y.RelativePosition[];
}

function storedBase(text: Y.Text): StoredBase {
  const value = text.toString();
  const positions: Y.RelativePosition[] = [];
  for (let index = 0; index <= value.length; index++) positions.push(Y.createRelativePositionFromTypeIndex(text, index));
  return { text: value, positions };
}

/**
 * Writes the person's change from `base` to `draft` into `text`, which colleagues changed since:
 * the span of `base` the person replaced loses only those of its characters still there (what a
 * colleague typed inside it stays), and the person's new text goes where the span ended. Answers
 * where the caret goes: after the new text.
 *
 * `caret`, where the field's caret stands in the draft, places a change made beside equal
 * characters, as in replaceText: what follows the caret is unchanged. A draft that changed
 * nothing (a composition dropped) so keeps the caret where it stood, not at the end of the text.
 */
function mergeDraft(text: Y.Text, base: StoredBase, draft: string, caret: number): number {
  const shorter = Math.min(base.text.length, draft.length);
  let tail = 0;
  const tailBound = Math.min(shorter, Math.max(0, draft.length - caret));
  while (tail < tailBound && base.text[base.text.length - 1 - tail] === draft[draft.length - 1 - tail]) tail++;
  let start = 0;
  while (start < shorter - tail && base.text[start] === draft[start]) start++;
  const end = base.text.length - tail;
  const doc = text.doc!;
  const at = (position: Y.RelativePosition) => Y.createAbsolutePositionFromRelativePosition(position, doc)?.index ?? text.length;
  let after = 0;
  doc.transact(() => {
    // From the end backwards, so each index is read after the deletions beyond it.
    for (let index = end - 1; index >= start; index--) {
      const id = base.positions[index]!.item;
      const item = id === null ? null : Y.getItem(doc.store, id);
      if (item instanceof Y.Item && !item.deleted) text.delete(at(base.positions[index]!), 1);
    }
    const inserted = draft.slice(start, draft.length - tail);
    const insertAt = at(base.positions[end]!);
    if (inserted !== '') text.insert(insertAt, inserted);
    after = insertAt + inserted.length;
  });
  return after;
}

/** Which history key this is: Ctrl or Cmd with Z (Shift: redo), or with Y (redo). */
function historyStep(event: KeyboardEvent): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  return key === 'y' ? 'redo' : null;
}

/**
 * Where an index lands after a delta: inserts before it push it right, deletes pull it left. An
 * insert exactly at the index pushes it only when `pushedByInsertAt`: a caret stays before it, so
 * two people typing at one spot each keep typing at the end of their own words (the other's
 * letters land beyond the caret) instead of taking turns inside each other's.
 */
function shift(index: number, delta: Y.YTextEvent['delta'], pushedByInsertAt: boolean): number {
  let position = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain !== undefined) position += op.retain;
    else if (typeof op.insert === 'string') {
      if (position < index || (pushedByInsertAt && position === index)) result += op.insert.length;
      position += op.insert.length;
    } else if (op.delete !== undefined) {
      if (position < index) result -= Math.min(op.delete, index - position);
    }
    if (position > index) break;
  }
  return Math.max(0, result);
}
