import { createEffect, on, onCleanup } from 'solid-js';
import type * as Y from 'yjs';
import { bindText, type TextLimit } from '../../sync/text-binding';

export interface CollabTextProps {
  text: Y.Text;
  label: string;
  multiline?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  /** The id of an element that says how the field's keys work (aria-describedby). */
  describedBy?: string;
  class?: string;
  testId?: string;
  /** The whole text on hover, for a field too narrow to show it (a long title). */
  title?: string;
  /**
   * While a string, the field shows it, read-only, and is not bound to `text`: a decided item's
   * decision as taken, whatever its box holds since (SPEC U108). Once null the field is bound
   * again and shows `text`. The element stays the same, so whoever is in it keeps the focus.
   */
  fixedText?: string | null;
  /** What the field refuses to store, and how the refusal is said (SPEC U72). */
  limit?: TextLimit;
  ref?: (field: HTMLInputElement | HTMLTextAreaElement) => void;
  onKeyDown?: (event: KeyboardEvent) => void;
  onFocus?: () => void;
  onBlur?: () => void;
}

/** A text field whose content is a shared Y.Text, edited by everyone at once. */
export function CollabText(props: CollabTextProps) {
  let field!: HTMLInputElement | HTMLTextAreaElement;
  // An effect runs once the field is on the page; `on` keeps `text` and `limit` untracked, as each
  // field binds one shared text for its life, and rebinds only as the fixed text comes and goes.
  createEffect(
    on(
      () => props.fixedText ?? null,
      (fixed) => {
        if (fixed === null) onCleanup(bindText(field, props.text, props.limit));
        else field.value = fixed;
      },
    ),
  );
  const common = () => ({
    'aria-label': props.label,
    'aria-describedby': props.describedBy,
    readOnly: (props.readOnly ?? false) || (props.fixedText ?? null) !== null,
    placeholder: props.placeholder ?? '',
    class: props.class,
    title: props.title,
    'data-testid': props.testId,
    onKeyDown: (event: KeyboardEvent) => props.onKeyDown?.(event),
    onFocus: () => props.onFocus?.(),
    onBlur: () => props.onBlur?.(),
  });
  return props.multiline ? (
    <textarea
      {...common()}
      rows={3}
      ref={(el) => {
        field = el;
        props.ref?.(el);
      }}
    />
  ) : (
    <input
      {...common()}
      type="text"
      ref={(el) => {
        field = el;
        props.ref?.(el);
      }}
    />
  );
}
