import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import type { Notice } from '../../state/notices';
import { useWorkspace } from '../../state/workspace-context';

/**
 * How far up from the window's foot the notices reach, as a rule: four of them (the most listed
 * at once) of one line each, 40 px and 8 px apart, above the 16 px they stand off the edge.
 */
const NOTICES_BAND_PX = 200;

/**
 * Refusals and confirmations, announced politely to screen readers. They stand at the foot of the
 * window, unless the control the person was using when the first of them came is down there:
 * they would cover it and what is beside it (a refused Decide, and the Defer beside it that the
 * person turns to next). They then stand at the top, under the header, until they have all gone.
 */
export function NoticeList() {
  const ws = useWorkspace();
  const [top, setTop] = createSignal<number | null>(null);
  // A click does not focus a button in every browser: what was last pressed counts too.
  let pressed: Element | null = null;
  const remember = (event: PointerEvent) => {
    pressed = event.target instanceof Element ? event.target : null;
  };
  onMount(() => document.addEventListener('pointerdown', remember, true));
  onCleanup(() => document.removeEventListener('pointerdown', remember, true));
  // Decided as the first notice comes and kept until the last has gone: a notice dismissed or
  // added meanwhile moves none of the others.
  const shown = createMemo(() => ws.notices.list().length > 0);
  createEffect(on(shown, (any) => setTop(any ? topIfCovering(inUse(pressed)) : null)));
  return (
    <div class="notices" aria-live="polite" data-place={top() === null ? 'bottom' : 'top'} style={top() === null ? undefined : { top: `${top()}px` }}>
      <For each={ws.notices.list()}>{(notice) => <NoticeItem notice={notice} />}</For>
    </div>
  );
}

/** The control being used: the focused one, else the one last pressed. */
function inUse(pressed: Element | null): Element | null {
  const focused = document.activeElement;
  return focused && focused !== document.body ? focused : pressed;
}

/** Where the notices must stand instead of the foot (below the header), when `control` is in their band there; else null. */
function topIfCovering(control: Element | null): number | null {
  if (!control?.isConnected) return null;
  const { bottom } = control.getBoundingClientRect();
  if (bottom < window.innerHeight - NOTICES_BAND_PX) return null;
  const header = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
  const below = Math.max(header, 0) + 8;
  // A window so short that under the header is the foot already (a phone held sideways): the top edge.
  return below + NOTICES_BAND_PX > window.innerHeight ? 8 : below;
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
