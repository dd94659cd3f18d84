import { For, Show } from 'solid-js';
import { writeEditedValue } from '../../../shared/schema/field-edits';
import { describeEdit, describeValue } from '../../state/edit-labels';
import { useWorkspace } from '../../state/workspace-context';
import type { Overwrite } from '../../sync/offline-edits';
import './offline.css';

/**
 * After reconnecting, the fields this person changed offline that someone else changed too, and
 * whose merged value is not theirs (SPEC U23): what it is now, what theirs was, and a button that
 * writes theirs back (an ordinary edit: undoable, and seen by everyone).
 */
export function OverwriteNotice() {
  const ws = useWorkspace();
  const reapply = (overwrite: Overwrite) => {
    if (!writeEditedValue(ws.doc, overwrite.edit, overwrite.mine)) {
      ws.notices.notify('That field no longer exists, so your value could not be put back.', { tone: 'error' });
    }
    ws.connection.dismissOverwrite(overwrite);
  };
  return (
    <Show when={ws.link().overwrites.length > 0}>
      <section class="overwrite-notice" role="status" aria-labelledby="overwrite-title" data-testid="overwrite-notice">
        <h2 id="overwrite-title">Changed by someone else while you were offline</h2>
        <ul>
          <For each={ws.link().overwrites}>
            {(overwrite) => (
              <li data-testid="overwrite">
                <span>
                  <strong>{describeEdit(overwrite.edit, ws.view(), ws.agenda())}</strong>:{' '}
                  {overwrite.merged ? 'combined with theirs' : 'theirs kept'} ({describeValue(overwrite.edit, overwrite.now)}); yours was{' '}
                  {describeValue(overwrite.edit, overwrite.mine)}.
                </span>
                <button type="button" onClick={() => reapply(overwrite)}>
                  Use mine
                </button>
                <button type="button" onClick={() => ws.connection.dismissOverwrite(overwrite)}>
                  Keep theirs
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
