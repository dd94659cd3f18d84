import { createSignal, onCleanup } from 'solid-js';
import { clock } from '../../state/agenda-state';

/** A running timer against the item's timebox; it turns red once the timebox is used up. */
export function AgendaTimer(props: { startedAt: number; timeboxMin: number | null; large?: boolean }) {
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(tick));
  const elapsed = () => now() - props.startedAt;
  const over = () => props.timeboxMin !== null && elapsed() > props.timeboxMin * 60_000;
  return (
    <span class={props.large ? 'timer large' : 'timer'} data-over={over() ? '' : undefined} role="timer" aria-label="Time on this item" data-testid="timer">
      {clock(elapsed())}
      {props.timeboxMin !== null ? <span class="timebox"> / {props.timeboxMin}:00</span> : null}
    </span>
  );
}
