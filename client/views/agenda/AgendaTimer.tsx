import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import { clock, timerElapsedMs, type TimerView } from '../../../shared/schema/meeting';
import { useWorkspace } from '../../state/workspace-context';

/**
 * The current item's timer as the document has it (DESIGN §3 `meeting.timer`): the time spent
 * plus the running stretch, against the item's timebox. Past the timebox it says by how much
 * ("12:40 · 2:40 over") and turns red; a paused timer says so and stops.
 */
export function AgendaTimer(props: { timer: TimerView; timeboxMin: number | null; large?: boolean }) {
  // Server time: the timer was started on another screen, in server time (server-clock).
  const ws = useWorkspace();
  const serverNow = () => ws.clock.now().getTime();
  const [now, setNow] = createSignal(serverNow());
  createEffect(() => {
    if (props.timer.runningMs === null) return;
    setNow(serverNow());
    const tick = setInterval(() => setNow(serverNow()), 1000);
    onCleanup(() => clearInterval(tick));
  });
  // A paused timer ignores `now`, so it stands still without ticking.
  const elapsed = () => timerElapsedMs(props.timer, now());
  const overMs = () => (props.timeboxMin === null ? 0 : elapsed() - props.timeboxMin * 60_000);
  const running = () => props.timer.runningMs !== null;
  return (
    <span
      class={props.large ? 'timer large' : 'timer'}
      data-over={overMs() > 0 ? '' : undefined}
      data-running={running() ? '' : undefined}
      role="timer"
      aria-label="Time on this item"
      data-testid="timer"
    >
      <span data-testid="timer-elapsed">{clock(elapsed())}</span>
      <Show when={overMs() > 0} fallback={props.timeboxMin !== null ? <span class="timebox"> / {props.timeboxMin}:00</span> : null}>
        <span class="overtime" data-testid="overtime"> · {clock(overMs())} over</span>
      </Show>
      <Show when={!running()}>
        <span class="paused" data-testid="timer-paused"> · paused</span>
      </Show>
    </span>
  );
}
