import { createEffect, onMount } from 'solid-js';

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
  /** Takes focus when it appears (a field opened by a Rename button). */
  autofocus?: boolean;
  /** Called once the person is done (Enter or leaving the field), never per keystroke. */
  onCommit: (value: string) => void;
  onFocus?: () => void;
  onBlur?: () => void;
}

/**
 * A plain field for a scalar (owner, date, number): the person's draft stays local until they
 * commit it, and a remote change shows up unless they are in the middle of typing.
 */
export function CommitInput(props: CommitInputProps) {
  let field!: HTMLInputElement;
  onMount(() => {
    if (props.autofocus) field.focus();
  });
  createEffect(() => {
    const value = props.value;
    if (document.activeElement !== field) field.value = value;
  });
  const commit = () => {
    if (field.value !== props.value) props.onCommit(field.value);
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
      list={props.list}
      autocomplete={props.list ? 'off' : undefined}
      data-empty={props.value === '' ? '' : undefined}
      onChange={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') {
          field.value = props.value;
          field.blur();
        }
      }}
      onFocus={() => props.onFocus?.()}
      onBlur={() => props.onBlur?.()}
    />
  );
}
