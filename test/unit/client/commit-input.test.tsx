import { cleanup, fireEvent, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommitInput } from '../../../client/views/common/CommitInput';

/** A field showing a stored value that a colleague can change while this person is in it. */
function setup(type: 'date' | 'text', initial: string) {
  const [value, setValue] = createSignal(initial);
  const commits: string[] = [];
  const view = render(() => <CommitInput value={value()} label="Due" type={type} onCommit={(next) => void commits.push(next)} />);
  const field = view.getByLabelText('Due') as HTMLInputElement;
  return { field, commits, colleagueSets: setValue };
}

/**
 * The person leaves the field for nowhere in particular: it counts as left a microtask later, once
 * a list that moved it would have given it the focus back (views/common/moved-focus.ts).
 */
async function leave(field: HTMLInputElement) {
  fireEvent.blur(field);
  await Promise.resolve();
}

/**
 * An empty owner field with "Gra" typed in it, focused: what it committed, and whether it closed
 * (its onBlur), as a list moving it or another window taking the focus would leave it.
 */
function ownerHalfTyped(): { commits: string[]; closed: () => boolean; field: HTMLInputElement } {
  const commits: string[] = [];
  let closed = false;
  const view = render(() => <CommitInput value="" label="Owner" onCommit={(owner) => void commits.push(owner)} onBlur={() => (closed = true)} />);
  const field = view.getByLabelText('Owner') as HTMLInputElement;
  field.focus();
  fireEvent.input(field, { target: { value: 'Gra' } });
  return { commits, closed: () => closed, field };
}

describe('a field committed as a whole (CommitInput)', () => {
  afterEach(cleanup);

  it('[U80] a date a colleague changed while this person sat in the field, untouched, is not put back as they leave it', async () => {
    const { field, commits, colleagueSets } = setup('date', '2026-12-01');
    fireEvent.focus(field);
    colleagueSets('2026-12-15');
    await leave(field);
    expect(commits).toEqual([]);
    expect(field.value).toBe('2026-12-15');
  });

  it('[U93] Enter or Escape that an input method takes while composing (choosing a name in kana) neither commits nor drops what is typed', async () => {
    const { field, commits } = setup('text', '');
    fireEvent.focus(field);
    field.value = 'なかむら';
    fireEvent.input(field);
    fireEvent.keyDown(field, { key: 'Enter', isComposing: true, keyCode: 229 });
    fireEvent.keyDown(field, { key: 'Escape', keyCode: 229 });
    expect(commits).toEqual([]);
    expect(field.value).toBe('なかむら');
    field.value = '中村';
    fireEvent.input(field);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(commits).toEqual(['中村']);
  });

  it('[U80] nor a text by Enter, with nothing typed', async () => {
    const { field, commits, colleagueSets } = setup('text', 'Lee');
    fireEvent.focus(field);
    colleagueSets('Priya');
    fireEvent.keyDown(field, { key: 'Enter' });
    await leave(field);
    expect(commits).toEqual([]);
    expect(field.value).toBe('Priya');
  });

  it('[U80] what the person typed is still committed, once, over the colleague’s', async () => {
    const { field, commits, colleagueSets } = setup('date', '2026-12-01');
    fireEvent.focus(field);
    colleagueSets('2026-12-15');
    fireEvent.input(field, { target: { value: '2026-12-20' } });
    await leave(field);
    expect(commits).toEqual(['2026-12-20']);
  });

  it('[U89] a field whose focus is given straight back (a list moving it) is not left: it neither commits nor closes, and Enter commits all that was typed', async () => {
    const { commits, closed, field } = ownerHalfTyped();
    // What a list that keeps focus through moves does, in the update that moves the field.
    field.blur();
    field.focus();
    await Promise.resolve();
    expect(commits).toEqual([]);
    expect(closed()).toBe(false);
    fireEvent.input(field, { target: { value: 'Grace' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(commits).toEqual(['Grace']);
  });

  it('[U91] a field that takes the focus as it appears (autofocus, as Rename opens it) starts with the stored text, all of it selected', () => {
    const view = render(() => <CommitInput value="Hiring plan" label="New title" autofocus onCommit={() => undefined} />);
    const field = view.getByLabelText('New title') as HTMLInputElement;
    expect(field.value).toBe('Hiring plan');
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 'Hiring plan'.length]);
  });

  it('[U80] a blur with the field still the page’s active element (another window took the browser’s focus) is not leaving: nothing committed, nothing closed; leaving then commits', async () => {
    const { commits, closed, field } = ownerHalfTyped();
    // What Chromium sends as the window loses the focus: `change`, then `blur` with no relatedTarget.
    const away = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    fireEvent.change(field);
    fireEvent.blur(field);
    await Promise.resolve();
    away.mockRestore();
    expect(document.activeElement).toBe(field);
    expect(commits).toEqual([]);
    expect(closed()).toBe(false);
    fireEvent.input(field, { target: { value: 'Grace' } });
    field.blur();
    await Promise.resolve();
    expect(commits).toEqual(['Grace']);
    expect(closed()).toBe(true);
  });
});
