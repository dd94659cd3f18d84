import { cleanup, fireEvent, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitInput } from '../../../client/views/common/CommitInput';

/** A field showing a stored value that a colleague can change while this person is in it. */
function setup(type: 'date' | 'text', initial: string) {
  const [value, setValue] = createSignal(initial);
  const commits: string[] = [];
  const view = render(() => <CommitInput value={value()} label="Due" type={type} onCommit={(next) => void commits.push(next)} />);
  const field = view.getByLabelText('Due') as HTMLInputElement;
  return { field, commits, colleagueSets: setValue };
}

describe('a field committed as a whole (CommitInput)', () => {
  afterEach(cleanup);

  it('[U80] a date a colleague changed while this person sat in the field, untouched, is not put back as they leave it', () => {
    const { field, commits, colleagueSets } = setup('date', '2026-12-01');
    fireEvent.focus(field);
    colleagueSets('2026-12-15');
    fireEvent.blur(field);
    expect(commits).toEqual([]);
    expect(field.value).toBe('2026-12-15');
  });

  it('[U80] nor a text by Enter, with nothing typed', () => {
    const { field, commits, colleagueSets } = setup('text', 'Lee');
    fireEvent.focus(field);
    colleagueSets('Priya');
    fireEvent.keyDown(field, { key: 'Enter' });
    fireEvent.blur(field);
    expect(commits).toEqual([]);
    expect(field.value).toBe('Priya');
  });

  it('[U80] what the person typed is still committed, once, over the colleague’s', () => {
    const { field, commits, colleagueSets } = setup('date', '2026-12-01');
    fireEvent.focus(field);
    colleagueSets('2026-12-15');
    fireEvent.input(field, { target: { value: '2026-12-20' } });
    fireEvent.blur(field);
    expect(commits).toEqual(['2026-12-20']);
  });

  it('[U91] a field opened by a Rename button starts with the stored text, all of it selected, and the focus', () => {
    const view = render(() => <CommitInput value="Hiring plan" label="New title" autofocus onCommit={() => undefined} />);
    const field = view.getByLabelText('New title') as HTMLInputElement;
    expect(field.value).toBe('Hiring plan');
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 'Hiring plan'.length]);
  });
});
