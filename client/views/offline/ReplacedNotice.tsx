import { For, Show } from 'solid-js';
import { writeEditedValue } from '../../../shared/schema/field-edits';
import { describeValue, entryName, fieldWord } from '../../state/edit-labels';
import { useWorkspace } from '../../state/workspace-context';
import type { ReplacedValue } from '../../sync/unseen-overwrite-watch';
import { atMoment } from '../common/format-when';
import './offline.css';

/**
 * This person's values that a colleague's edit, made without seeing them, replaced as it arrived
 * (SPEC U74): whose edit and when it was made (U75), what it replaced, and a button that writes
 * theirs back as a new edit (undoable, and seen by everyone). Nothing of either value is lost:
 * theirs is in the field, this person's is offered back here.
 */
export function ReplacedNotice() {
  const ws = useWorkspace();
  const putBack = (value: ReplacedValue) => {
    if (!writeEditedValue(ws.doc, value.edit, value.mine)) {
      ws.notices.notify('That field no longer exists, so your value could not be put back.', { tone: 'error' });
    }
    ws.connection.dismissReplaced(value);
  };
  const sentence = (value: ReplacedValue) => {
    const name = entryName(value.edit, ws.view(), ws.agenda());
    const what = `your ${value.edit.field === null ? 'entry' : fieldWord(value.edit.field)} ${describeValue(value.edit, value.mine)} → ${describeValue(value.edit, value.theirs)}`;
    return `${whose(value.author, ws.now())} replaced ${what} ${name ? `on ‘${name}’` : 'of the workspace'}.`;
  };
  return (
    <Show when={ws.link().replaced.length > 0}>
      <section class="overwrite-notice" role="status" aria-labelledby="replaced-title" data-testid="replaced-notice">
        <h2 id="replaced-title">Replaced by an edit made without seeing yours</h2>
        <ul>
          <For each={ws.link().replaced}>
            {(value) => (
              <li data-testid="replaced">
                <span>{sentence(value)}</span>
                <button type="button" onClick={() => putBack(value)}>
                  Put mine back
                </button>
                <button type="button" onClick={() => ws.connection.dismissReplaced(value)}>
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

/** Whose edit it was, and when it was made if their presence said so: "Ana Diaz’s offline edit, made at 10:00,". */
function whose(author: ReplacedValue['author'], now: Date): string {
  if (author === null) return 'A colleague’s edit, made without seeing yours,';
  if (author.at === null) return `${author.name}’s edit, made without seeing yours,`;
  return `${author.name}’s offline edit, made ${atMoment(new Date(author.at).toISOString(), now)},`;
}
