import { createSignal, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import './offline.css';

/**
 * When the server refuses a change this browser holds, socket after socket (SPEC U41), or this
 * browser holds edits its viewer cannot send (A19): says so, instead of "connection lost", which
 * would promise a sync that cannot happen, and offers the ways on. The person can keep what this
 * browser holds as a file (the JSON export's format), then discard it and go on with the review
 * as the server has it; or try again, should the server's limits have been raised meanwhile. The
 * workspace stays readable underneath.
 */
export function ChangesRefused() {
  const ws = useWorkspace();
  const [discarding, setDiscarding] = createSignal(false);
  const download = () => {
    const url = URL.createObjectURL(new Blob([ws.connection.localCopy()], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `throughline-${ws.connection.workspaceId}-this-browser.json`;
    link.click();
    // After the click has handed the file to the browser's download, which holds its own reference.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const discard = () => {
    setDiscarding(true);
    void ws.connection.discardLocalCopy();
  };
  return (
    <div role="alert" class="changes-refused-region">
      <Show when={ws.link().refused}>
        {(refused) => (
          <section class="changes-refused" data-testid="changes-refused" aria-label="Changes not saved">
            <p>
              <strong>Your changes in this browser aren’t being saved.</strong> {refused().sentence}
              <Show when={refused().canRetry}> Until it is discarded, nothing you change here reaches anyone else.</Show>
            </p>
            <div class="changes-refused-actions">
              <button type="button" onClick={download}>
                Download this browser’s copy
              </button>
              <button type="button" class="danger" disabled={discarding()} onClick={discard}>
                Discard this browser’s changes
              </button>
              <Show when={refused().canRetry}>
                <button type="button" onClick={() => ws.connection.retry()}>
                  Try again
                </button>
              </Show>
            </div>
          </section>
        )}
      </Show>
    </div>
  );
}

