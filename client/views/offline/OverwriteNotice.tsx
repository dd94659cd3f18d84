import { For, Show } from 'solid-js';
import { writeEditedValue } from '../../../shared/schema/field-edits';
import { describeEdit, describeValue } from '../../state/edit-labels';
import { useWorkspace } from '../../state/workspace-context';
import type { Overwrite } from '../../sync/offline-edits';
import type { PlainJson } from '../../../shared/schema/plain-json';
import './offline.css';

/**
 * After reconnecting, the fields this person changed offline that someone else changed too (SPEC
 * U23): whose merged value is not theirs (what it is now, what theirs was, and a button that
 * writes theirs back), or whose value replaced the other person's (a button that writes the other
 * person's back); each an ordinary edit, undoable and seen by everyone.
 */
export function OverwriteNotice() {
  const ws = useWorkspace();
  const reapply = (overwrite: Overwrite, value: PlainJson) => {
    if (!writeEditedValue(ws.doc, overwrite.edit, value)) {
      ws.notices.notify('That field no longer exists, so the value could not be put back.', { tone: 'error' });
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
                <Show
                  when={overwrite.theirs !== undefined}
                  fallback={
                    <>
                      <span>
                        <strong>{describeEdit(overwrite.edit, ws.view(), ws.agenda())}</strong>:{' '}
                        {overwrite.merged ? 'combined with theirs' : 'theirs kept'} ({describeValue(overwrite.edit, overwrite.now)}); yours was{' '}
                        {describeValue(overwrite.edit, overwrite.mine)}.
                      </span>
                      <button type="button" onClick={() => reapply(overwrite, overwrite.mine)}>
                        Use mine
                      </button>
                      <button type="button" onClick={() => ws.connection.dismissOverwrite(overwrite)}>
                        Keep theirs
                      </button>
                    </>
                  }
                >
                  {/* Yjs kept this person's value by its tie-break, not because it is newer: the one who was away chooses. */}
                  <span>
                    <strong>{describeEdit(overwrite.edit, ws.view(), ws.agenda())}</strong>: yours ({describeValue(overwrite.edit, overwrite.mine)}) replaced
                    theirs ({describeValue(overwrite.edit, overwrite.theirs!)}), set while you were offline.
                  </span>
                  <button type="button" onClick={() => reapply(overwrite, overwrite.theirs!)}>
                    Use theirs
                  </button>
                  <button type="button" onClick={() => ws.connection.dismissOverwrite(overwrite)}>
                    Keep mine
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
