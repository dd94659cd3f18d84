import { createSignal, Show } from 'solid-js';
import { renameWorkspace, workspaceTitleTooLong } from '../../../shared/schema/workspace';
import { named } from '../../../shared/text/quoted';
import { useWorkspace } from '../../state/workspace-context';
import { whenLeft } from '../common/moved-focus';

/**
 * The review's title in the header. A facilitator renames it in place (SPEC A18): a click (or
 * Enter) on it makes it a field, Enter or leaving the field saves, Escape keeps the title it had.
 * The title is the document's, so every screen, the shared one included, shows the new one at once.
 *
 * The field takes more than a title may have, rather than cutting a paste without a word: it is
 * marked while it is too long, and Enter or leaving it then says by how much and leaves the field
 * open with the text in it to shorten (Escape still keeps the title it had).
 */
export function WorkspaceTitle(props: { title: string }) {
  const ws = useWorkspace();
  const [editing, setEditing] = createSignal(false);
  const [tooLong, setTooLong] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  // Enter saves and the field then goes, which blurs it: one ending, not two.
  let ended = true;
  /** The title as the field opened with it: a rename from elsewhere meanwhile does not reset the typing. */
  let opened = '';
  const end = (title: string | null, refocus: boolean) => {
    if (ended) return;
    // Too long, by Enter or by leaving the field: said, and the field stays with the text in it.
    if (title !== null && workspaceTitleTooLong(title)) {
      ws.apply(renameWorkspace(ws.doc, title));
      return;
    }
    ended = true;
    setEditing(false);
    setTooLong(false);
    if (title !== null && title.trim() !== opened) ws.apply(renameWorkspace(ws.doc, title));
    // After Enter or Escape, back on the title for a keyboard user; leaving the field by Tab or a
    // click goes where that went.
    if (refocus) queueMicrotask(() => button?.focus());
  };
  return (
    // Whole in the tooltip: past 28ch the header ends it in an ellipsis (U99).
    <h1 class="workspace-title" data-testid="workspace-title" title={props.title}>
      <Show when={ws.isFacilitator} fallback={props.title}>
        <Show
          when={editing()}
          fallback={
            <button
              type="button"
              class="title-button"
              title={`Rename ${named(props.title)}`}
              ref={button}
              onClick={() => {
                ended = false;
                opened = props.title;
                setEditing(true);
              }}
            >
              {props.title}
            </button>
          }
        >
          <input
            class="title-field"
            aria-label="Title of this review"
            value={opened}
            aria-invalid={tooLong()}
            onInput={(event) => setTooLong(workspaceTitleTooLong(event.currentTarget.value))}
            ref={(field) =>
              queueMicrotask(() => {
                field.focus();
                field.select();
              })
            }
            onKeyDown={(event) => {
              // Enter that confirms an input method's composition is not the end of the title.
              if ((event.key !== 'Enter' && event.key !== 'Escape') || event.isComposing) return;
              event.preventDefault();
              end(event.key === 'Enter' ? event.currentTarget.value : null, true);
            }}
            // Another window taking the focus is not leaving: the field stays open with its text (U80).
            onBlur={(event) => {
              const field = event.currentTarget;
              whenLeft(event, field, () => end(field.value, false));
            }}
          />
        </Show>
      </Show>
    </h1>
  );
}
