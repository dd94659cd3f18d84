import { createSignal, Show } from 'solid-js';
import { WORKSPACE_TITLE_MAX } from '../../../shared/schema/constants';
import { renameWorkspace } from '../../../shared/schema/workspace';
import { useWorkspace } from '../../state/workspace-context';

/**
 * The review's title in the header. A facilitator renames it in place (SPEC A18): a click (or
 * Enter) on it makes it a field, Enter or leaving the field saves, Escape keeps the title it had.
 * The title is the document's, so every screen, the shared one included, shows the new one at once.
 */
export function WorkspaceTitle(props: { title: string }) {
  const ws = useWorkspace();
  const [editing, setEditing] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  // Enter saves and the field then goes, which blurs it: one ending, not two.
  let ended = true;
  /** The title as the field opened with it: a rename from elsewhere meanwhile does not reset the typing. */
  let opened = '';
  const end = (title: string | null, refocus: boolean) => {
    if (ended) return;
    ended = true;
    setEditing(false);
    if (title !== null && title.trim() !== opened) ws.apply(renameWorkspace(ws.doc, title));
    // After Enter or Escape, back on the title for a keyboard user; leaving the field by Tab or a
    // click goes where that went.
    if (refocus) queueMicrotask(() => button?.focus());
  };
  return (
    <h1 class="workspace-title" data-testid="workspace-title">
      <Show when={ws.isFacilitator} fallback={props.title}>
        <Show
          when={editing()}
          fallback={
            <button
              type="button"
              class="title-button"
              title="Rename this review"
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
            maxLength={WORKSPACE_TITLE_MAX}
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
            onBlur={(event) => end(event.currentTarget.value, false)}
          />
        </Show>
      </Show>
    </h1>
  );
}
