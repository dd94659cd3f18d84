import { Show } from 'solid-js';
import { pauseTimer, resumeTimer } from '../../../shared/schema/meeting';
import { useWorkspace } from '../../state/workspace-context';

/** The facilitator's pause and resume for the item being timed; every facilitator has it. */
export function TimerToggle(props: { onDark?: boolean }) {
  const ws = useWorkspace();
  const timer = () => ws.meeting().timer;
  return (
    <Show when={ws.isFacilitator && timer()}>
      {(t) => (
        <button
          type="button"
          class={props.onDark ? 'on-dark' : undefined}
          onClick={() => ws.apply(t().runningMs === null ? resumeTimer(ws.doc, new Date()) : pauseTimer(ws.doc, new Date()))}
        >
          {t().runningMs === null ? 'Resume timer' : 'Pause timer'}
        </button>
      )}
    </Show>
  );
}
