import { createSignal, Show } from 'solid-js';
import { ShareDialog } from './ShareDialog';

/** The facilitator's way into the share dialog, in the workspace header. */
export function ShareButton() {
  const [open, setOpen] = createSignal(false);
  return (
    <>
      <button type="button" class="share-button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Share
      </button>
      <Show when={open()}>
        <ShareDialog onClose={() => setOpen(false)} />
      </Show>
    </>
  );
}
