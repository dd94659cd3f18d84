import { Show } from 'solid-js';
import { updateReady } from '../../state/app-update';
import './offline.css';

/** "A new version is ready" (SPEC U27): nothing reloads by itself; nothing is lost by reloading. */
export function UpdateReady() {
  return (
    <div role="status" class="update-ready-region">
      <Show when={updateReady()}>
        <div class="update-ready" data-testid="update-ready">
          <span>A new version of Throughline is ready. Reloading keeps all your edits.</span>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </Show>
    </div>
  );
}
