import { Show } from 'solid-js';

/** Why something a person asked for failed, said where they asked for it; nothing when it did not. */
export function AlertLine(props: { message: string | null | undefined }) {
  return (
    <Show when={props.message}>
      <p class="alert-line" role="alert">
        {props.message}
      </p>
    </Show>
  );
}
