import { createEffect, createSignal, onCleanup, onMount } from 'solid-js';
import type { OpResult } from '../../../shared/schema/op-result';
import { whenLeft } from './moved-focus';

export interface CommitInputProps {
  value: string;
  label: string;
  type?: 'text' | 'date' | 'number';
  readOnly?: boolean;
  placeholder?: string;
  class?: string;
  step?: string;
  min?: string;
  max?: string;
  testId?: string;
  /** The id of a <datalist> whose entries the field suggests (an owner field's names). */
  list?: string;
  /** Takes focus when it appears, its stored text selected (a field opened by a Rename button). */
  autofocus?: boolean;
  /**
   * Called once the person is done (Enter or leaving the field), never per keystroke. A refused
   * result (whose refusal the caller has said, `ws.attempt`) marks the field invalid until it is
   * typed in or left; left, it shows the stored value again.
   */
  onCommit: (value: string) => OpResult<unknown> | void;
  onBlur?: () => void;
}

/**
 * How long a committed value is shown while the document has yet to show it back: past the view's
 * batch of changes, after which what the document holds is shown (the value, or the one before it
 * when the change was refused or not made).
 */
const ECHO_MS = 250;

/**
 * A plain field for a scalar (owner, date, number): the person's draft stays local until they
 * commit it, and a remote change shows up unless they are in the middle of typing. Once they leave
 * the field it shows what the document holds: a change someone made while they were in it, or the
 * stored value again when what they committed was refused or not made.
 */
export function CommitInput(props: CommitInputProps) {
  let field!: HTMLInputElement;
  const [focused, setFocused] = createSignal(false);
  // The value just committed, until the document shows it back: shown meanwhile, rather than the
  // old one flicking back for the moment the view takes to read the change.
  const [sent, setSent] = createSignal<string | null>(null);
  const [refused, setRefused] = createSignal(false);
  // Whether the person changed the text since they came into the field: a focused field shows no
  // colleague's change, so committing what it holds untouched (leaving a date field, Enter) would
  // put the old value back over theirs without anyone choosing it.
  let edited = false;
  let echo: ReturnType<typeof setTimeout> | undefined;
  onMount(() => {
    // Already the page's active element, it is a field carried to a card made again (card-focus),
    // holding the person's draft and caret: a Rename half typed when a colleague resolved the item,
    // an owner when a colleague flagged the dependency (U69, U89). Asked of the page, not of
    // `focused()`: while another window has the focus, Chromium makes the field active but holds
    // its `focus` event back until the window is active again, and the stored value written here
    // (and by the effect below) took the place of the draft, which that late event then took as
    // untouched ("Gra" shown as "Ana", then "Anace" committed; U80).
    if (document.activeElement === field) {
      setFocused(true);
      return;
    }
    if (!props.autofocus) return;
    // Focused first, the field would never be given the stored text (a focused field keeps its
    // draft, below): Rename opened an empty field to type the whole title again (U91).
    field.value = props.value;
    field.focus();
    field.select();
  });
  onCleanup(() => clearTimeout(echo));
  createEffect(() => {
    const value = props.value;
    const waiting = sent();
    if (focused() || (waiting !== null && value !== waiting)) return;
    field.value = value;
  });
  const commit = () => {
    // Enter commits, and the browser then fires `change` for the same text: one commit, so one
    // refusal said, not two. A text refused stays refused until it is typed in.
    if (!edited || field.value === props.value || field.value === sent() || refused()) return;
    edited = false;
    setSent(field.value);
    clearTimeout(echo);
    echo = setTimeout(() => setSent(null), ECHO_MS);
    const result = props.onCommit(field.value);
    setRefused(result?.ok === false);
  };
  const leave = () => {
    commit();
    setRefused(false);
    setFocused(false);
    props.onBlur?.();
  };
  return (
    <input
      ref={field}
      type={props.type ?? 'text'}
      class={props.class}
      aria-label={props.label}
      readOnly={props.readOnly ?? false}
      disabled={props.readOnly && props.type === 'date'}
      placeholder={props.placeholder ?? ''}
      step={props.step}
      min={props.min}
      max={props.max}
      data-testid={props.testId}
      // Its value is the person's draft until committed: a card re-made elsewhere (a dependency in
      // another cell, an agenda item resolved) carries it to the new field rather than the stored
      // value (views/common/card-focus, U69, U89).
      data-draft
      list={props.list}
      autocomplete={props.list ? 'off' : undefined}
      data-empty={props.value === '' ? '' : undefined}
      aria-invalid={refused() ? 'true' : undefined}
      onInput={() => {
        edited = true;
        setRefused(false);
      }}
      // A date field fires `change` at every keystroke that makes a whole date: typing 02012027
      // stored 2027-02-01, then 0202-02-01 (a red "666,532 days late" that pivoted the room), then
      // 2027-02-01 again. It commits as it is left, or on Enter, as a text field does. The `change`
      // a field fires as it loses the focus is left to the blur that follows (`leave`), which knows
      // whether the person left it or a list moved it under them; one fired with the focus still
      // in it (Enter, a number's arrows) commits. Chromium fires `change` too as the window loses
      // the focus, the field still the page's active element: not a commit (U80).
      onChange={() => {
        if (props.type !== 'date' && document.activeElement === field && document.hasFocus()) commit();
      }}
      onKeyDown={(event) => {
        // While an input method composes (U93), Enter chooses its word and Escape drops it: the
        // field's text is still half made. Safari sends the choosing Enter just after the
        // composition ends, with keyCode 229.
        if (event.isComposing || event.keyCode === 229) return;
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') {
          edited = false;
          field.value = props.value;
          field.blur();
        }
      }}
      onFocus={() => {
        // Given back after a list moved the field (moved-focus): never left, its draft goes on.
        if (focused()) return;
        edited = false;
        setFocused(true);
      }}
      onBlur={(event) => whenLeft(event, field, leave)}
    />
  );
}
