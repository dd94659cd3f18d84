import { Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { AgendaTimer } from '../agenda/AgendaTimer';
import { TimerToggle } from '../agenda/TimerToggle';
import { showAgendaItem } from '../agenda/show-item';

/**
 * The item the room is on and its timer, on every view but the agenda (where its card is
 * highlighted): someone looking at a KPI still sees what is being discussed and for how long.
 */
export function MeetingBar() {
  const ws = useWorkspace();
  return (
    <Show when={ws.nav.view() !== 'agenda' && ws.current()}>
      {(current) => (
        <div class="meeting-bar" role="status" aria-label="Now discussing" data-testid="meeting-bar">
          <span class="muted">Now discussing</span>
          <strong>{current().item.title}</strong>
          <Show when={current().timer}>{(timer) => <AgendaTimer timer={timer()} timeboxMin={current().item.timeboxMin} />}</Show>
          <TimerToggle />
          <button type="button" onClick={() => showAgendaItem(ws, current().item.id)}>
            Go to the item
          </button>
        </div>
      )}
    </Show>
  );
}
