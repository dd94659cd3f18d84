import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import type { Notice } from '../../state/notices';
import { useWorkspace } from '../../state/workspace-context';

/**
 * How far up from the window's foot the notices reach, as a rule: four of them (the most listed
 * at once) of one line each, 40 px and 8 px apart, above the 16 px they stand off the edge.
 */
const NOTICES_BAND_PX = 200;

/** A notice of one line, which must fit above a control for the notices to stand there. */
const ONE_NOTICE_PX = 48;
/** A row of controls at most this tall is the control's line: the notices stand above all of it. */
const CONTROL_LINE_PX = 96;

/**
 * Refusals and confirmations, announced politely to screen readers. They stand at the foot of the
 * window, unless the control the person was using when the first of them came is down there:
 * they would cover it and what is beside it (a refused Decide, and the Defer beside it that the
 * person turns to next). They then stand just above that control, where the person is looking,
 * until they have all gone: at the top of the window they covered the meeting's controls and the
 * triage banner instead.
 */
export function NoticeList() {
  const ws = useWorkspace();
  const [raised, setRaised] = createSignal<number | null>(null);
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
  createEffect(on(shown, (any) => setRaised(any ? raisedIfCovering(inUse(pressed)) : null)));
  return (
    <div class="notices" aria-live="polite" data-place={raised() === null ? 'bottom' : 'raised'} style={raised() === null ? undefined : { bottom: `${raised()}px` }}>
      <For each={ws.notices.list()}>{(notice) => <NoticeItem notice={notice} />}</For>
    </div>
  );
}

/** The control being used: the focused one, else the one last pressed. */
function inUse(pressed: Element | null): Element | null {
  const focused = document.activeElement;
  return focused && focused !== document.body ? focused : pressed;
}

/**
 * How far above the window's foot the notices must stand instead (just above `control`), when
 * `control` is in their band there; else null. A control with no room above it for one notice
 * (a phone held sideways, the control under the header) leaves them at the foot.
 */
function raisedIfCovering(control: Element | null): number | null {
  if (!control?.isConnected) return null;
  const own = control.getBoundingClientRect();
  if (own.bottom < window.innerHeight - NOTICES_BAND_PX) return null;
  // What is beside the control counts as it does (the revisit date beside Defer, taller than it).
  const line = control.parentElement?.getBoundingClientRect();
  const top = line && line.height <= CONTROL_LINE_PX ? Math.min(line.top, own.top) : own.top;
  const header = Math.max(document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0, 0);
  if (top - 8 - ONE_NOTICE_PX < header) return null;
  return window.innerHeight - top + 8;
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
