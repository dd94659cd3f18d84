import { createEffect, For, Show } from 'solid-js';
import type { Notice } from '../../state/notices';
import { useWorkspace } from '../../state/workspace-context';

/** Refusals and confirmations, announced politely to screen readers. */
export function NoticeList() {
  const ws = useWorkspace();
  return (
    <div class="notices" aria-live="polite">
      <For each={ws.notices.list()}>{(notice) => <NoticeItem notice={notice} />}</For>
    </div>
  );
}

function NoticeItem(props: { notice: Notice }) {
  const ws = useWorkspace();
  const notice = props.notice;
  // Watched while the notice is listed: one that no longer holds goes at once (SPEC U7).
  createEffect(() => {
    if (notice.stale?.()) ws.notices.dismiss(notice.id);
  });
  return (
    <div class="notice" data-tone={notice.tone}>
      <span>{notice.message}</span>
      <Show when={notice.action}>
        {(action) => (
          <button
            type="button"
            onClick={() => {
              action().run();
              ws.notices.dismiss(notice.id);
            }}
          >
            {action().label}
          </button>
        )}
      </Show>
      <button type="button" class="icon" aria-label="Dismiss" onClick={() => ws.notices.dismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}
