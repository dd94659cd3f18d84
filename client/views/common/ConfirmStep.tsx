/**
 * The step before something that cannot be taken back (rotating a link, removing a person):
 * what will happen, and to whom, with the way out focused first.
 */
export function ConfirmStep(props: { message: string; confirmLabel: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div class="confirm-step" role="group" aria-label="Confirm" data-testid="confirm-step">
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
