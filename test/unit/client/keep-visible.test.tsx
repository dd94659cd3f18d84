import { cleanup, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { keepVisible } from '../../../client/views/common/keep-visible';

/** A field limited to `max` characters as the History view's label and the Share dialog's name are. */
function setup(max: number, initial: string) {
  const [value, setValue] = createSignal(initial);
  const view = render(() => (
    <input
      aria-label="Label"
      value={value()}
      onInput={(e) => setValue(keepVisible(e, max, value()))}
      onCompositionEnd={(e) => setValue(keepVisible(e, max, value()))}
    />
  ));
  const field = view.getByLabelText('Label') as HTMLInputElement;
  return { field, value };
}

/** What a browser does as `data` is typed or pasted over the selection: the text changes, the caret follows it, `input` fires. */
function insert(field: HTMLInputElement, data: string, isComposing = false) {
  const start = field.selectionStart!;
  const end = field.selectionEnd!;
  field.value = field.value.slice(0, start) + data + field.value.slice(end);
  field.setSelectionRange(start + data.length, start + data.length);
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data, isComposing }));
}

/**
 * What a browser does as Backspace or Delete removes `units` UTF-16 units beside the caret (one
 * code point of an emoji sequence, as some platforms delete them): the text goes, the caret stays
 * at the deletion, `input` fires.
 */
function remove(field: HTMLInputElement, units: number, inputType: 'deleteContentBackward' | 'deleteContentForward') {
  const caret = field.selectionStart!;
  const start = inputType === 'deleteContentBackward' ? caret - units : caret;
  field.value = field.value.slice(0, start) + field.value.slice(start + units);
  field.setSelectionRange(start, start);
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType }));
}

const FAMILY = '👨‍👩‍👧';

describe('a field whose limit is said in characters (SPEC U87)', () => {
  afterEach(cleanup);

  it('[U87] text pasted in the middle of a full field is cut, not the end of the field; the caret is after what was kept', () => {
    const { field, value } = setup(10, 'abcde👍🏽ghij');
    field.setSelectionRange(2, 2);
    insert(field, 'XY');
    expect(field.value).toBe('abcde👍🏽ghij');
    expect(value()).toBe('abcde👍🏽ghij');
    expect([field.selectionStart, field.selectionEnd]).toEqual([2, 2]);

    // One character short of the limit, a paste keeps its first character and the rest of the field.
    const short = setup(10, 'abcdefghi');
    short.field.setSelectionRange(3, 3);
    insert(short.field, '🇳🇴🇳🇴');
    expect(short.field.value).toBe('abc🇳🇴defghi');
    expect(short.value()).toBe('abc🇳🇴defghi');
    expect([short.field.selectionStart, short.field.selectionEnd]).toEqual([7, 7]);
    // The next keystroke lands at the caret, and is refused there too.
    insert(short.field, 'z');
    expect(short.field.value).toBe('abc🇳🇴defghi');
    expect(short.field.selectionStart).toBe(7);
  });

  it('[U87] a paste over a selection replaces it, as far as the limit allows', () => {
    const { field, value } = setup(6, 'abcdef');
    field.setSelectionRange(1, 3);
    insert(field, '1234');
    expect(field.value).toBe('a12def');
    expect(value()).toBe('a12def');
    expect(field.selectionStart).toBe(3);
  });

  it('[U87] an empty field keeps the first characters of a longer paste', () => {
    const { field } = setup(3, '');
    insert(field, '👍🏽👍🏽👍🏽👍🏽');
    expect(field.value).toBe('👍🏽👍🏽👍🏽');
    expect(field.selectionStart).toBe(12);
  });

  it('[U87] text being composed (an IME) is left alone until the composition ends, then cut like a paste', () => {
    const { field, value } = setup(5, 'abcde');
    field.setSelectionRange(2, 2);
    field.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    insert(field, 'に', true);
    insert(field, 'ほ', true);
    // Writing the field mid-composition would commit or cancel it: nothing is written.
    expect(field.value).toBe('abにほcde');
    expect(value()).toBe('abにほcde');
    expect(field.selectionStart).toBe(4);
    field.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'にほ' }));
    expect(field.value).toBe('abcde');
    expect(value()).toBe('abcde');
    expect(field.selectionStart).toBe(2);
  });

  it('[U87] a deletion that would split one character into several in a full field is undone: the field keeps what it had, the caret where it was', () => {
    // Backspace after the first joiner of the family: 👨 and 👩‍👧 would be two characters, eleven in all.
    const { field, value } = setup(10, `abcdefgh${FAMILY}i`);
    const joiner = 8 + '👨'.length;
    field.setSelectionRange(joiner + 1, joiner + 1);
    remove(field, 1, 'deleteContentBackward');
    expect(field.value).toBe(`abcdefgh${FAMILY}i`);
    expect(value()).toBe(`abcdefgh${FAMILY}i`);
    expect([field.selectionStart, field.selectionEnd]).toEqual([joiner + 1, joiner + 1]);

    // Delete before the joiner, at the start of the field: nothing of its end goes either.
    const start = setup(10, `${FAMILY}bcdefghij`);
    start.field.setSelectionRange(2, 2);
    remove(start.field, 1, 'deleteContentForward');
    expect(start.field.value).toBe(`${FAMILY}bcdefghij`);
    expect(start.value()).toBe(`${FAMILY}bcdefghij`);
    expect(start.field.selectionStart).toBe(2);
  });

  it('[U87] the same deletion in a field with room splits the character, as the person asked', () => {
    const { field, value } = setup(10, `abc${FAMILY}`);
    field.setSelectionRange(6, 6);
    remove(field, 1, 'deleteContentBackward');
    expect(field.value).toBe('abc👨👩‍👧');
    expect(value()).toBe('abc👨👩‍👧');
    expect(field.selectionStart).toBe(5);
  });
});
