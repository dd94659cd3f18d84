import { Show } from 'solid-js';
import { pauseTimer, resumeTimer } from '../../../shared/schema/meeting';
import { useWorkspace } from '../../state/workspace-context';

/** The facilitator's pause and resume for the current item's timer; every facilitator has it. */
export function TimerToggle() {
  const ws = useWorkspace();
  const timer = () => ws.current()?.timer ?? null;
  return (
    <Show when={ws.isFacilitator && timer()}>
      {(t) => (
        <button
          type="button"
          onClick={() => ws.apply(t().runningMs === null ? resumeTimer(ws.doc, ws.clock.now()) : pauseTimer(ws.doc, ws.clock.now()))}
        >
          {t().runningMs === null ? 'Resume timer' : 'Pause timer'}
        </button>
      )}
    </Show>
  );
}
