import { onCleanup } from 'solid-js';

/**
 * The step before something that cannot be taken back (rotating a link, removing a person):
 * what will happen, and to whom, with the way out focused first. When the step goes with focus in
 * it, focus goes back to what had focus as it opened (the control that asked for it), or to
 * `returnFocus()` when that answers (where to go once that control has gone with what the step
 * did); never away from somewhere the person moved on to.
 */
export function ConfirmStep(props: {
  message: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  returnFocus?: () => HTMLElement | null | undefined;
}) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  let step!: HTMLDivElement;
  onCleanup(() => {
    const hadFocus = step.contains(document.activeElement);
    // Once the step has left the page and the task it ran has settled: controls disabled while it
    // was busy (the confirm button itself, which then lost focus) cannot take focus before.
    setTimeout(() => {
      if (!hadFocus && document.activeElement !== document.body) return;
      const target = props.returnFocus?.() ?? opener;
      if (target?.isConnected) target.focus();
    }, 0);
  });
  return (
    <div class="confirm-step" role="group" aria-label="Confirm" data-testid="confirm-step" ref={step}>
      <p>{props.message}</p>
      <div class="actions-row">
        <button type="button" class="danger" disabled={props.busy} onClick={() => props.onConfirm()}>
          {props.confirmLabel}
        </button>
        <button type="button" onClick={() => props.onCancel()} ref={(el) => queueMicrotask(() => el.focus())}>
          Cancel
        </button>
      </div>
    </div>
  );
}
