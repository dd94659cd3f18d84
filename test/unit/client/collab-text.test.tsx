import { cleanup, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabText } from '../../../client/views/common/CollabText';

function setup(initial: string) {
  const doc = new Y.Doc();
  const text = doc.getText('title');
  text.insert(0, initial);
  const view = render(() => <CollabText text={text} label="Title" />);
  const field = view.getByRole('textbox', { name: 'Title' }) as HTMLInputElement;
  return { doc, text, field };
}

function type(field: HTMLInputElement, value: string, caret: number) {
  field.value = value;
  field.setSelectionRange(caret, caret);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('a text field bound to a Y.Text', () => {
  afterEach(cleanup);

  it('[U72] a colleague’s edit made while the field was refused for its length stays once the person brings it within the limit', () => {
    const doc = new Y.Doc();
    const text = doc.getText('title');
    text.insert(0, 'Retention');
    const refusals: string[] = [];
    const limit = { check: (value: string) => (value.length > 20 ? 'too long' : null), refused: (problem: string) => refusals.push(problem) };
    const view = render(() => <CollabText text={text} label="Title" limit={limit} />);
    const field = view.getByRole('textbox', { name: 'Title' }) as HTMLInputElement;
    field.focus();
    type(field, 'Retention and churn in Q4', 25);
    expect([text.toString(), refusals]).toEqual(['Retention', ['too long']]);
    // Ben, meanwhile, puts "Net " before it; the refused field keeps Ana's draft.
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    remote.getText('title').insert(0, 'Net ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    expect(field.value).toBe('Retention and churn in Q4');
    // Ana shortens hers: only her change from what she saw is written.
    type(field, 'Retention Q4', 12);
    expect(text.toString()).toBe('Net Retention Q4');
    expect(field.value).toBe('Net Retention Q4');
    expect(field.getAttribute('aria-invalid')).toBeNull();

    // Over the limit again, Ana retypes "Retention Q4" as "Churn"; Ben meanwhile writes "EU "
    // inside the words she replaces. Her words go; his stay.
    type(field, 'Net Retention Q4 and churn by region', 36);
    remote.getText('title').insert(8, 'EU ');
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    expect(text.toString()).toBe('Net ReteEU ntion Q4');
    type(field, 'Net Churn', 9);
    expect(text.toString()).toBe('Net EU Churn');
  });

  it('[U108] with a fixed text the field shows it, read-only and unbound, in the same element, its focus kept; unfixed it shows and writes the shared text again', () => {
    const doc = new Y.Doc();
    const text = doc.getText('decision');
    text.insert(0, 'Hold prices');
    const [fixed, setFixed] = createSignal<string | null>(null);
    const view = render(() => <CollabText text={text} label="Decision" fixedText={fixed()} />);
    const field = view.getByRole('textbox', { name: 'Decision' }) as HTMLInputElement;
    field.focus();
    setFixed('Hold prices');
    // A stock client retypes the box: the field goes on showing the decision as taken.
    text.insert(text.length, ' until March');
    expect([field.value, field.readOnly, document.activeElement === field]).toEqual(['Hold prices', true, true]);
    type(field, 'Raise prices', 12);
    expect(text.toString()).toBe('Hold prices until March');
    setFixed(null);
    expect([field.value, field.readOnly, view.getByRole('textbox', { name: 'Decision' }) === field]).toEqual(['Hold prices until March', false, true]);
    type(field, 'Hold prices until April', 23);
    expect(text.toString()).toBe('Hold prices until April');
  });

  it('shows the shared text and writes each keystroke as a minimal change', () => {
    const { doc, text, field } = setup('Cut cost');
    expect(field.value).toBe('Cut cost');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    type(field, 'Cut cloud cost', 8);
    expect(text.toString()).toBe('Cut cloud cost');
    expect(updates).toHaveLength(1);
  });

  it('keeps the caret in place when someone else types before it', () => {
    const { doc, field } = setup('Retention');
    field.focus();
    field.setSelectionRange(9, 9);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    remote.getText('title').insert(0, 'Q4 ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    expect(field.value).toBe('Q4 Retention');
    expect(field.selectionStart).toBe(12);
  });

  it('[U61] leaves a colleague’s letters typed at the caret beyond it, and outside a selection they land at the start of', () => {
    const { doc, field } = setup('Retention');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const fromRemote = (edit: (text: Y.Text) => void) => {
      edit(remote.getText('title'));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    };
    field.focus();
    field.setSelectionRange(9, 9);
    fromRemote((text) => text.insert(9, ' Q4'));
    expect(field.value).toBe('Retention Q4');
    expect([field.selectionStart, field.selectionEnd]).toEqual([9, 9]);
    // "Retention" selected: text inserted at its start stays out of it, so typing over the
    // selection does not take the colleague's text with it.
    field.setSelectionRange(0, 9);
    fromRemote((text) => text.insert(0, 'NRR '));
    expect(field.value).toBe('NRR Retention Q4');
    expect([field.selectionStart, field.selectionEnd]).toEqual([4, 13]);
  });

  it('keeps both people’s characters when they type at either end at once', () => {
    const { doc, text, field } = setup('NRR');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    type(field, 'NRR 110 %', 9);
    remote.getText('title').insert(0, 'Q4 ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    expect(text.toString()).toBe('Q4 NRR 110 %');
    expect(field.value).toBe('Q4 NRR 110 %');
  });

  it('[U5] Ctrl+Z undoes this field’s own typing only: not an edit elsewhere, not a colleague’s typing here; Ctrl+Shift+Z redoes it', () => {
    const { doc, text, field } = setup('NRR');
    const elsewhere = doc.getText('other');
    field.focus();
    type(field, 'NRR 110 %', 9);
    elsewhere.insert(0, 'edit B');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    remote.getText('title').insert(0, 'Q4 ');
    // As the provider applies it: with itself as the origin, which marks it as not this person's.
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)), 'provider');
    const key = (init: KeyboardEventInit) => {
      const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
      field.dispatchEvent(event);
      return event;
    };
    expect(key({ key: 'z', ctrlKey: true }).defaultPrevented).toBe(true);
    expect(text.toString()).toBe('Q4 NRR');
    expect(field.value).toBe('Q4 NRR');
    expect(elsewhere.toString()).toBe('edit B');
    key({ key: 'Z', metaKey: true, shiftKey: true });
    expect(text.toString()).toBe('Q4 NRR 110 %');
  });

  it('[U93] a composed word is written once the composition ends, beside the caret, with a colleague’s edit meanwhile kept', () => {
    const { doc, text, field } = setup('ここ');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    field.focus();
    field.setSelectionRange(1, 1);
    field.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    // "こ" composed between the two: beside an equal character, so only the caret says where.
    type(field, 'こkこ', 2);
    type(field, 'こここ', 2);
    expect(text.toString()).toBe('ここ');
    remote.getText('title').insert(2, '!');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    expect(field.value).toBe('こここ');
    field.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'こ' }));
    // Written after the first こ, not after the last: before the colleague's "!", not beyond it.
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)));
    expect([text.toString(), remote.getText('title').toString()]).toEqual(['こここ!', 'こここ!']);
    expect([field.value, field.selectionStart, field.selectionEnd]).toEqual(['こここ!', 2, 2]);
  });
});
