import { createSignal, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { ShareDialog } from './ShareDialog';

/** The facilitator's way into the share dialog, in the workspace header. */
export function ShareButton() {
  const ws = useWorkspace();
  const [open, setOpen] = createSignal(false);
  return (
    <>
      <button type="button" class="share-button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Share
      </button>
      {/* A modal dialog takes input inside an inert workspace: it goes while the workspace is leaving. */}
      <Show when={open() && !ws.leaving()}>
        <ShareDialog onClose={() => setOpen(false)} />
      </Show>
    </>
  );
}
